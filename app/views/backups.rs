//! The operator's backups page: Litestream's state, and per replicated file its sizes, its
//! last replication and its last verification.

use maud::{Markup, html};

use super::operator::{relative, tabs};
use super::{forms, layout};
use crate::backup::status::{FileStatus, Overview, utc};
use crate::backup::{Mode, Replication};
use crate::clubs::deletion::ClubDeletion;
use crate::i18n::{Lang, Text};
use crate::web::{PageContext, paths};

/// `12.3 MB`, in powers of 1000 as disks are sold.
pub fn bytes(lang: Lang, n: u64) -> String {
    let units: [&str; 5] = match lang {
        Lang::En => ["B", "kB", "MB", "GB", "TB"],
        Lang::Fr => ["o", "ko", "Mo", "Go", "To"],
    };
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} {}", units[0])
    } else {
        format!("{} {}", decimal(lang, value, 1), units[unit])
    }
}

/// `value` with `places` decimals, with the language's decimal mark (a comma in French).
pub fn decimal(lang: Lang, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

fn replication(lang: Lang, overview: &Overview, now: i64) -> Markup {
    let line = match (&overview.mode, &overview.replication) {
        (Mode::Off, _) | (_, Replication::Off) => lang.t(Text::BackupsOff).to_string(),
        (_, Replication::External) => lang.t(Text::BackupsExternal).to_string(),
        (_, Replication::Starting) => lang.t(Text::BackupsStarting).to_string(),
        (
            _,
            Replication::Running {
                pid,
                since_ms,
                restarts,
                ..
            },
        ) => lang.format(
            Text::BackupsRunning,
            &[
                ("pid", &pid.to_string()),
                ("since", &relative(lang, *since_ms, now)),
                ("restarts", &restarts.to_string()),
            ],
        ),
        (_, Replication::Down { reason, .. }) => {
            lang.format(Text::BackupsDown, &[("reason", reason)])
        }
    };
    html! {
        p #replication { (line) }
        @if overview.mode != Mode::Off {
            p.muted { (lang.format(Text::BackupsReplica, &[("replica", &overview.replica)])) }
        }
    }
}

fn file_row(lang: Lang, file: &FileStatus, now: i64) -> Markup {
    html! {
        tr {
            td { code { (file.file) } }
            td { (bytes(lang, file.db_bytes)) }
            td { (bytes(lang, file.wal_bytes)) }
            td {
                @match (&file.last_replicated, &file.replica_error) {
                    (Some(at), _) => { (relative(lang, at.timestamp_millis(), now)) }
                    (None, Some(error)) => { span.error { (error) } }
                    (None, None) => { "—" }
                }
            }
            td { (file.replica_bytes.map(|b| bytes(lang, b)).unwrap_or_else(|| "—".into())) }
            @match &file.verification {
                Some(v) => {
                    td.verification {
                        @if v.passed() {
                            span.badge { (lang.t(Text::BackupsPassed)) }
                        } @else {
                            span.badge.danger { (lang.t(Text::BackupsFailed)) }
                        }
                        " " span.muted title=(utc(v.finished_at)) { (relative(lang, v.finished_at, now)) }
                        @if !v.passed() { br; span.error { (v.detail) } }
                    }
                    td { (v.lag_ms.map(|ms| format!("{} s", decimal(lang, ms as f64 / 1000.0, 1))).unwrap_or_else(|| "—".into())) }
                }
                None => { td { (lang.t(Text::BackupsNever)) } td { "—" } }
            }
        }
    }
}

/// The tombstones of deleted clubs, kept for audit.
fn deleted_clubs(lang: Lang, deleted: &[ClubDeletion], now: i64) -> Markup {
    html! {
        section.card #deleted-clubs {
            h2 { (lang.t(Text::DeletedClubsTitle)) }
            @if deleted.is_empty() {
                p.muted { (lang.t(Text::DeletedClubsNone)) }
            } @else {
                ul.rows {
                    @for d in deleted {
                        li.row {
                            a.grow href=(paths::club_deletion(lang, d.id)) { (d.name) " (" code { (d.slug) } ")" }
                            span.muted {
                                (d.deleted_by_email) " · " (relative(lang, d.requested_at * 1000, now))
                                " · " (lang.format(Text::ClubExportRows, &[("rows", &d.rows_deleted.to_string())]))
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn page(ctx: &PageContext, overview: &Overview, deleted: &[ClubDeletion], now: i64) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        (tabs(lang))
        h1 { (lang.t(Text::OperatorBackups)) }
        @if overview.on_postgres {
            p #backend { (lang.t(Text::BackupsPostgres)) }
        } @else {
            (replication(lang, overview, now))
        }
        @if !overview.problems.is_empty() {
            section.card.alert #backup-problems {
                h2 { (lang.t(Text::BackupsDegraded)) }
                ul { @for problem in &overview.problems { li { (problem) } } }
            }
        }
        @if !overview.on_postgres { div.table-wrap { table.data #backup-files {
            thead { tr {
                th { (lang.t(Text::BackupsFile)) }
                th { (lang.t(Text::BackupsDbSize)) }
                th { (lang.t(Text::BackupsWalSize)) }
                th { (lang.t(Text::BackupsLastReplicated)) }
                th { (lang.t(Text::BackupsReplicaSize)) }
                th { (lang.t(Text::BackupsVerification)) }
                th { (lang.t(Text::BackupsLag)) }
            } }
            tbody { @for file in &overview.files { (file_row(lang, file, now)) } }
        } } }
        @if let Some(free) = overview.free_disk_bytes {
            p #free-disk { (lang.format(Text::BackupsFreeDisk, &[("free", &bytes(lang, free))])) }
        }
        @if !overview.on_postgres { p.muted { (lang.t(Text::BackupsHowVerified)) } }
        @if overview.mode != Mode::Off {
            (forms::button_form(ctx, &paths::operator_backups_verify(lang), lang.t(Text::BackupsVerifyNow), "button"))
        }
        (deleted_clubs(lang, deleted, now))
    };
    layout::page(ctx, lang.t(Text::OperatorBackups), content)
}

#[cfg(test)]
mod tests {
    use super::bytes;
    use crate::i18n::Lang;

    #[test]
    fn sizes_read_like_a_disk() {
        assert_eq!(bytes(Lang::En, 0), "0 B");
        assert_eq!(bytes(Lang::En, 999), "999 B");
        assert_eq!(bytes(Lang::En, 1_000), "1.0 kB");
        assert_eq!(bytes(Lang::En, 12_345_678), "12.3 MB");
        assert_eq!(bytes(Lang::En, 5_000_000_000_000_000), "5000.0 TB");
        assert_eq!(bytes(Lang::Fr, 12_345_678), "12,3 Mo");
        assert_eq!(bytes(Lang::Fr, 999), "999 o");
    }
}
