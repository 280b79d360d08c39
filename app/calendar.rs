//! iCalendar feeds (RFC 5545), written by hand: a calendar of single events in UTC (no
//! time-zone blocks needed), TEXT escaped, lines folded at 75 octets. The same input always
//! gives the same bytes: nothing here reads the clock or makes up an id.

/// One game in a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable across fetches: `game-<id>@<host>`.
    pub uid: String,
    /// When its schedule last changed (DTSTAMP and LAST-MODIFIED), Unix seconds.
    pub changed_at: i64,
    pub start: i64,
    pub end: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub category: String,
    pub cancelled: bool,
    /// Goes up each time its time, sheet, teams or state change.
    pub sequence: i64,
}

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// `-//Clubhouse//<club>//EN`'s club part.
    pub club: String,
    pub name: String,
    /// The club's IANA zone, for clients that show it.
    pub zone: String,
    pub entries: Vec<Entry>,
}

/// `20261026T230000Z`.
pub fn utc(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_else(|| "19700101T000000Z".into())
}

/// RFC 5545 3.3.11: backslash, semicolon, comma and newlines escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 3.1: a content line longer than 75 octets goes on over CRLF and a space,
/// never splitting a character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; the next ones 74 after their leading space.
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}

fn line(out: &mut String, name: &str, value: &str) {
    out.push_str(&fold(&format!("{name}:{value}")));
    out.push_str("\r\n");
}

pub fn render(feed: &Feed) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN", "VCALENDAR");
    line(&mut out, "VERSION", "2.0");
    line(
        &mut out,
        "PRODID",
        &format!("-//Clubhouse//{}//EN", escape(&feed.club)),
    );
    line(&mut out, "CALSCALE", "GREGORIAN");
    line(&mut out, "METHOD", "PUBLISH");
    line(&mut out, "NAME", &escape(&feed.name));
    line(&mut out, "X-WR-CALNAME", &escape(&feed.name));
    line(&mut out, "X-WR-TIMEZONE", &feed.zone);
    line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    line(&mut out, "X-PUBLISHED-TTL", "PT1H");
    for e in &feed.entries {
        line(&mut out, "BEGIN", "VEVENT");
        line(&mut out, "UID", &e.uid);
        line(&mut out, "DTSTAMP", &utc(e.changed_at));
        line(&mut out, "DTSTART", &utc(e.start));
        line(&mut out, "DTEND", &utc(e.end));
        line(&mut out, "SUMMARY", &escape(&e.summary));
        line(&mut out, "LOCATION", &escape(&e.location));
        line(&mut out, "DESCRIPTION", &escape(&e.description));
        line(&mut out, "URL", &e.url);
        line(&mut out, "CATEGORIES", &escape(&e.category));
        line(
            &mut out,
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        line(&mut out, "SEQUENCE", &e.sequence.to_string());
        line(&mut out, "LAST-MODIFIED", &utc(e.changed_at));
        line(&mut out, "TRANSP", "OPAQUE");
        line(&mut out, "END", "VEVENT");
    }
    line(&mut out, "END", "VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(summary: &str) -> Entry {
        Entry {
            uid: "game-7@club.example".into(),
            changed_at: 1_790_000_000,
            start: 1_790_100_000,
            end: 1_790_107_200,
            summary: summary.into(),
            location: "Granite CC — Sheet C".into(),
            description: "Tuesday League\nhttps://club.example/g/7".into(),
            url: "https://club.example/g/7".into(),
            category: "Tuesday League".into(),
            cancelled: false,
            sequence: 0,
        }
    }

    fn feed(entries: Vec<Entry>) -> Feed {
        Feed {
            club: "granite".into(),
            name: "Tuesday League".into(),
            zone: "America/Toronto".into(),
            entries,
        }
    }

    #[test]
    fn i1_the_same_data_gives_the_same_bytes() {
        let a = render(&feed(vec![entry("Red v Blue")]));
        let b = render(&feed(vec![entry("Red v Blue")]));
        assert_eq!(a, b);
        assert!(a.contains("UID:game-7@club.example\r\n"));
        assert!(a.contains("DTSTAMP:20260921T141320Z\r\n"));
        assert!(a.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn i5_text_is_escaped() {
        assert_eq!(escape("Smith, Jones; \\ Co"), "Smith\\, Jones\\; \\\\ Co");
        let body = render(&feed(vec![entry("x")]));
        assert!(body.contains("DESCRIPTION:Tuesday League\\nhttps://club.example/g/7\r\n"));
    }

    #[test]
    fn i6_long_lines_fold_and_unfold_back() {
        let summary =
            "Les Pierres Qui Roulent de Sainte-Anne-des-Monts v Équipe Très Longue · Piste C";
        let body = render(&feed(vec![entry(summary)]));
        let at = body.find("SUMMARY:").expect("summary");
        let end = at + body[at..].find("\r\nLOCATION").expect("next line");
        let folded = &body[at..end];
        assert!(folded.contains("\r\n "), "folded: {folded:?}");
        for physical in folded.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical:?}",
                physical.len()
            );
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("SUMMARY:{}", escape(summary))
        );
    }

    #[test]
    fn i9_games_at_seven_on_the_clubs_clock_are_written_in_utc_across_dst() {
        use crate::clubs::clock;
        let zone = chrono_tz::America::Toronto;
        let seven = chrono::NaiveTime::from_hms_opt(19, 0, 0).expect("19:00");
        for (date, expected) in [
            ((2026, 10, 26), "20261026T230000Z"),
            ((2026, 11, 2), "20261103T000000Z"),
            ((2026, 3, 2), "20260303T000000Z"),
            ((2026, 3, 9), "20260309T230000Z"),
        ] {
            let day = chrono::NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("a date");
            let at = clock::on(zone, day, seven).first().expect("a moment");
            assert_eq!(utc(at), expected, "{day}");
        }
    }

    #[test]
    fn a_cancelled_game_says_so() {
        let mut e = entry("x");
        e.cancelled = true;
        e.sequence = 2;
        let body = render(&feed(vec![e]));
        assert!(body.contains("STATUS:CANCELLED\r\nSEQUENCE:2\r\n"));
    }
}
