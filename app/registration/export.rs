//! The registrations list as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel
//! reads accents right), every field quoted as needed by the `csv` crate, and any cell a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first)
//! prefixed with `'`, so a player named `=HYPERLINK(…)` stays text.

use chrono::TimeZone;
use chrono_tz::Tz;

use super::Listed;
use crate::i18n::{Lang, Text};
use crate::money;

/// Makes a cell inert in spreadsheets.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn local(at_ms: Option<i64>, zone: Tz) -> String {
    at_ms
        .and_then(|ms| zone.timestamp_millis_opt(ms).single())
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// The CSV file for `rows`, headers in `lang`, times in the club's zone.
pub fn csv(rows: &[Listed], lang: Lang, zone: Tz) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    let headers = [
        Text::CsvRegistration,
        Text::CsvProgram,
        Text::CsvPlayer,
        Text::CsvEmail,
        Text::CsvStatus,
        Text::CsvWaitlistPosition,
        Text::CsvFee,
        Text::CsvTaxes,
        Text::CsvTotal,
        Text::CsvPayment,
        Text::CsvPaidAmount,
        Text::CsvPaymentNote,
        Text::CsvRegisteredAt,
        Text::CsvConfirmedAt,
        Text::CsvCancelledAt,
    ];
    out.write_record(headers.iter().map(|h| lang.t(*h)))?;
    for listed in rows {
        let r = &listed.registration;
        let taxes: i64 = r.taxes.iter().map(|(_, _, cents)| cents).sum();
        let record = [
            r.id.to_string(),
            listed.program.clone(),
            r.player_name.clone(),
            r.contact_email.clone(),
            lang.t(r.status.text()).to_string(),
            listed
                .waitlist_position
                .map(|p| p.to_string())
                .unwrap_or_default(),
            money::dollars(r.fee),
            money::dollars(taxes),
            money::dollars(r.total),
            lang.t(r.payment.text()).to_string(),
            money::dollars(r.paid_amount),
            r.payment_note.clone(),
            local(Some(r.created_at), zone),
            local(r.confirmed_at, zone),
            local(r.cancelled_at, zone),
        ];
        out.write_record(record.iter().map(|cell| neutralise(cell)))?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text() {
        assert_eq!(neutralise("=1+2"), "'=1+2");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("Émile"), "Émile");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn commas_quotes_and_newlines_stay_inside_their_cell() {
        let listed = Listed {
            registration: crate::registration::Registration {
                id: 7,
                program_id: 1,
                profile_id: crate::auth::profiles::ProfileId(1),
                account_id: crate::auth::AccountId(1),
                player_name: "Lee, \"Hammer\"".into(),
                contact_email: "lee@example.com".into(),
                contact_lang: "en".into(),
                status: crate::registration::Status::Confirmed,
                waitlist_rank: None,
                fee: 10_000,
                taxes: vec![("HST".into(), 13_000, 1_300)],
                total: 11_300,
                payment: crate::registration::Payment::Paid,
                paid_amount: 11_300,
                payment_note: "cheque\nno. 12".into(),
                created_at: 1_796_169_600_000,
                confirmed_at: Some(1_796_169_600_000),
                cancelled_at: None,
            },
            program: "Mixed, Tuesday".into(),
            waitlist_position: None,
        };
        let bytes = csv(&[listed], Lang::En, chrono_tz::America::Toronto).expect("csv");
        let text = String::from_utf8(bytes).expect("utf-8");
        let mut reader = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let row = reader.records().next().expect("a row").expect("parses");
        assert_eq!(&row[1], "Mixed, Tuesday");
        assert_eq!(&row[2], "Lee, \"Hammer\"");
        assert_eq!(&row[7], "13.00");
        assert_eq!(&row[8], "113.00");
        assert_eq!(&row[11], "cheque\nno. 12");
        assert_eq!(&row[12], "2026-12-01 19:00:00");
        assert!(text.contains("\"Lee, \"\"Hammer\"\"\""), "{text}");
    }
}
