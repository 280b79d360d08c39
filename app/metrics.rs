//! Prometheus metrics: the process-wide recorder and what `/metrics` shows.
//!
//! Counters and histograms are recorded where things happen (requests, group commits, job
//! claims, SQLITE_BUSY) through the `metrics` macros, which cost nothing until the recorder
//! is installed. Gauges that describe state (connections, queue depths, cache size, memory)
//! are read when `/metrics` is scraped.

use std::sync::OnceLock;

use metrics::{counter, gauge};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::cache::Cache;
use crate::db::Databases;
use crate::live::Hub;

pub const HTTP_REQUESTS: &str = "http_requests_total";
pub const HTTP_DURATION: &str = "http_request_duration_seconds";
pub const WRITE_GROUP_SIZE: &str = "db_write_group_size";
pub const JOB_WAIT: &str = "job_wait_seconds";
pub const SQLITE_BUSY: &str = "sqlite_busy_total";

static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();

/// Installs the recorder (once per process; later calls share it).
pub fn install() -> Result<&'static PrometheusHandle, String> {
    HANDLE
        .get_or_init(|| {
            let seconds = &[
                0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                10.0, 30.0, 60.0,
            ];
            let sizes = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), seconds)
                .and_then(|b| b.set_buckets_for_metric(Matcher::Full(JOB_WAIT.into()), seconds))
                .and_then(|b| {
                    b.set_buckets_for_metric(Matcher::Full(WRITE_GROUP_SIZE.into()), sizes)
                })
                .map_err(|e| e.to_string())?
                .install_recorder()
                .map_err(|e| format!("cannot install the metrics recorder: {e}"))?;
            describe();
            Ok(handle)
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by route, method and status."
    );
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "Time to answer a request (for live streams: to start the stream), by route."
    );
    describe_histogram!(
        WRITE_GROUP_SIZE,
        Unit::Count,
        "Write closures committed together in one transaction (group commit), by file."
    );
    describe_histogram!(
        JOB_WAIT,
        Unit::Seconds,
        "Time from when a job was due to when a worker claimed it."
    );
    describe_counter!(
        SQLITE_BUSY,
        "SQLITE_BUSY / 'database is locked' errors seen by the storage layer; should stay 0."
    );
    describe_gauge!(
        "db_writer_queue_depth",
        "Write closures waiting for the file's writer."
    );
    describe_gauge!("live_connections", "Open live (SSE) connections.");
    describe_counter!(
        "live_messages_published_total",
        "Live messages appended to the log by this process."
    );
    describe_counter!(
        "live_messages_delivered_total",
        "Live messages written to viewers' streams."
    );
    describe_gauge!("jobs_ready", "Jobs due and waiting for a worker, by queue.");
    describe_gauge!(
        "jobs_running",
        "Jobs claimed by a worker and not finished, by queue."
    );
    describe_counter!("cache_hits_total", "Cache lookups that found a live entry.");
    describe_counter!(
        "cache_misses_total",
        "Cache lookups that found nothing (or an expired entry)."
    );
    describe_gauge!(
        "cache_hit_ratio",
        "Hits over lookups since the process started."
    );
    describe_gauge!(
        "cache_bytes",
        "Bytes of keys and values in cache.db (bounded by CLUBHOUSE_CACHE_MAX_MB)."
    );
    describe_gauge!("cache_entries", "Entries in cache.db.");
    describe_gauge!(
        "process_resident_memory_bytes",
        "Resident memory of this process."
    );
}

/// Counts an SQLITE_BUSY seen by the storage layer (the writer design should make it 0).
pub fn note_sqlite_error(error: &diesel::result::Error) {
    let message = error.to_string();
    if message.contains("database is locked") || message.contains("database is busy") {
        counter!(SQLITE_BUSY).increment(1);
    }
}

/// What the scrape reads besides the recorded metrics.
pub struct Sources<'a> {
    pub dbs: &'a Databases,
    pub hub: &'a Hub,
    pub cache: &'a Cache,
}

/// The text exposition: state gauges refreshed, then everything recorded.
pub async fn render(sources: Sources<'_>) -> Result<String, String> {
    let handle = install()?;
    for db in sources.dbs.all() {
        let file = db.store().name();
        gauge!("db_writer_queue_depth", "file" => file).set(db.queued_writes() as f64);
        let stats = db.write_stats();
        counter!("db_write_groups_total", "file" => file).absolute(stats.groups);
        counter!("db_writes_total", "file" => file).absolute(stats.writes);
    }
    let live = sources.hub.stats();
    gauge!("live_connections").set(live.connections as f64);
    counter!("live_messages_published_total").absolute(live.published);
    counter!("live_messages_delivered_total").absolute(live.delivered);
    counter!(SQLITE_BUSY).increment(0);

    let now = crate::jobs::queue::now_ms();
    let queues = sources
        .dbs
        .queue
        .read(move |conn| {
            crate::jobs::dashboard::queues(conn, now).map_err(crate::db::DbError::from)
        })
        .await
        .map_err(|e| e.to_string())?;
    for queue in queues {
        gauge!("jobs_ready", "queue" => queue.name.clone()).set(queue.ready as f64);
        gauge!("jobs_running", "queue" => queue.name).set(queue.running as f64);
    }

    let cache = sources.cache.stats();
    counter!("cache_hits_total").absolute(cache.hits);
    counter!("cache_misses_total").absolute(cache.misses);
    let lookups = cache.hits + cache.misses;
    if lookups > 0 {
        gauge!("cache_hit_ratio").set(cache.hits as f64 / lookups as f64);
    }
    let totals = sources.cache.totals().await.map_err(|e| e.to_string())?;
    gauge!("cache_bytes").set(totals.bytes as f64);
    gauge!("cache_entries").set(totals.entries as f64);

    if let Some(rss) = resident_bytes().await {
        gauge!("process_resident_memory_bytes").set(rss as f64);
    }
    Ok(handle.render())
}

async fn resident_bytes() -> Option<u64> {
    let status = tokio::fs::read_to_string("/proc/self/status").await.ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// A route's label: the path with club slugs, ids and tokens replaced, so the number of
/// series stays bounded whatever URLs are requested. Unmatched paths share one label.
pub fn route_label(path: &str, status: u16) -> String {
    if status == 404 {
        return "unmatched".to_string();
    }
    let path = path.strip_prefix("/fr").unwrap_or(path);
    let mut label = String::with_capacity(path.len());
    let mut previous = "";
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        label.push('/');
        let generic = if previous == "clubs" {
            ":club"
        } else if previous == "assets" {
            ":file"
        } else if segment.bytes().all(|b| b.is_ascii_digit()) {
            ":id"
        } else if segment.len() > 24 || segment.bytes().any(|b| b.is_ascii_digit()) {
            ":token"
        } else {
            segment
        };
        label.push_str(generic);
        previous = segment;
    }
    if label.is_empty() {
        label.push('/');
    }
    label
}

#[cfg(test)]
mod tests {
    use super::route_label;

    #[test]
    fn route_labels_hide_slugs_ids_and_tokens() {
        for (path, status, label) in [
            ("/", 200, "/"),
            ("/fr", 200, "/"),
            ("/clubs/rink/events/12", 200, "/clubs/:club/events/:id"),
            (
                "/fr/clubs/rink/games/3/score",
                303,
                "/clubs/:club/games/:id/score",
            ),
            ("/invitations/Zx81kQ2pLmN0vB7c", 200, "/invitations/:token"),
            ("/assets/app.css", 200, "/assets/:file"),
            ("/wp-admin/setup.php", 404, "unmatched"),
        ] {
            assert_eq!(route_label(path, status), label, "{path}");
        }
    }
}
