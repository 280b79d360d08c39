//! Sales tax on club fees: the Canadian rates by province and territory (in `shared.db`,
//! loaded by migration, with effective dates), the taxes a club outside Canada sets for
//! itself, and the breakdown of a fee.
//!
//! Money is integer cents. Rounding rule: each tax is computed on the fee separately and
//! rounded to the nearest cent, halves up (e.g. 9.975 % of $0.20 = 1.995 ¢ → 2 ¢); the total
//! is the fee plus the rounded taxes, so the lines of a receipt always add up.

use crate::db::Conn;
use diesel::prelude::*;

use crate::db::OrgId;
use crate::db::schema::shared::{club_taxes, tax_rates};
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors, text_field};

pub const NAME_MAX_CHARS: usize = 40;
/// Taxes a club may set for itself.
pub const CLUB_TAXES_MAX: usize = 4;

/// One tax in force: its name and its rate in thousandths of a percent (5 % = 5000).
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Rate {
    pub kind: String,
    pub rate: i64,
}

/// A fee with its taxes, in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub fee: i64,
    /// (tax name, rate in thousandths of a percent, amount in cents)
    pub taxes: Vec<(String, i64, i64)>,
    pub total: i64,
}

/// The taxes in force in `region` (ISO 3166-2, e.g. `CA-ON`) on `date` (`YYYY-MM-DD`).
/// A region without rows (every US state) has none.
pub fn rates_on(conn: &mut Conn, region: &str, date: &str) -> QueryResult<Vec<Rate>> {
    tax_rates::table
        .filter(tax_rates::region.eq(region))
        .filter(tax_rates::effective_from.le(date))
        .filter(
            tax_rates::effective_to
                .is_null()
                .or(tax_rates::effective_to.gt(date)),
        )
        .order(tax_rates::id)
        .select((tax_rates::kind, tax_rates::rate))
        .load(conn)
}

/// Whether the club's taxes come from its province's rates (Canada) or from its own
/// settings (everywhere else: no tax unless the club sets one).
pub fn set_by_province(region: &str) -> bool {
    region.starts_with("CA-")
}

/// The taxes a club outside Canada has set, by name.
pub fn club_taxes(conn: &mut Conn, org: OrgId) -> QueryResult<Vec<Rate>> {
    club_taxes::table
        .filter(club_taxes::org_id.eq(org))
        .order(club_taxes::name)
        .select((club_taxes::name, club_taxes::rate))
        .load(conn)
}

/// The taxes on a club's fees on `date`: its province's in Canada, its own elsewhere.
pub fn for_club(conn: &mut Conn, org: OrgId, region: &str, date: &str) -> QueryResult<Vec<Rate>> {
    if set_by_province(region) {
        rates_on(conn, region, date)
    } else {
        club_taxes(conn, org)
    }
}

/// A percentage as people type it — `6.25`, `6.25 %`, `8,875` — in thousandths of a
/// percent. Above 0 and below 100 %, at most three decimals.
pub fn parse_rate(text: &str) -> Option<i64> {
    let cleaned = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    let rate = whole.parse::<i64>().ok()? * 1000 + format!("{fraction:0<3}").parse::<i64>().ok()?;
    (rate > 0 && rate < 100_000).then_some(rate)
}

/// Adds a tax a club outside Canada charges. Canadian clubs are refused: their province
/// decides.
pub fn add_club_tax(
    conn: &mut Conn,
    org: OrgId,
    region: &str,
    name: &str,
    rate: &str,
    now: i64,
) -> Result<(), ActionError> {
    if set_by_province(region) {
        return Err(ActionError::Refused(Text::TaxSetByProvince));
    }
    let mut errors = FieldErrors::new();
    let name = text_field(&mut errors, "tax_name", name, NAME_MAX_CHARS);
    let rate = parse_rate(rate).unwrap_or_else(|| {
        errors.add("tax_rate", Text::TaxRateInvalid);
        0
    });
    let existing = club_taxes(conn, org)?;
    if existing.iter().any(|r| r.kind.eq_ignore_ascii_case(&name)) {
        errors.add("tax_name", Text::TaxNameTaken);
    } else if existing.len() >= CLUB_TAXES_MAX {
        errors.add("tax_name", Text::TaxTooMany);
    }
    errors.or(())?;
    diesel::insert_into(club_taxes::table)
        .values((
            club_taxes::org_id.eq(org),
            club_taxes::name.eq(&name),
            club_taxes::rate.eq(rate),
            club_taxes::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove_club_tax(conn: &mut Conn, org: OrgId, name: &str) -> Result<(), ActionError> {
    let removed = diesel::delete(
        club_taxes::table
            .filter(club_taxes::org_id.eq(org))
            .filter(club_taxes::name.eq(name)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// `fee` cents at `rate` thousandths of a percent, rounded to the nearest cent, halves up.
pub fn tax_on(fee: i64, rate: i64) -> i64 {
    // fee × rate / 100_000, rounded half up, in integers (fee ≥ 0).
    (fee * rate * 2 + 100_000) / 200_000
}

pub fn breakdown(fee: i64, rates: &[Rate]) -> Breakdown {
    let taxes: Vec<(String, i64, i64)> = rates
        .iter()
        .map(|r| (r.kind.clone(), r.rate, tax_on(fee, r.rate)))
        .collect();
    let total = fee + taxes.iter().map(|(_, _, amount)| amount).sum::<i64>();
    Breakdown { fee, taxes, total }
}

/// A tax's name for people: the Canadian taxes have French names (TPS, TVH, TVP, TVQ, TVD);
/// a name a club set is shown as written.
pub fn tax_name(lang: crate::i18n::Lang, kind: &str) -> &str {
    match (lang, kind) {
        (crate::i18n::Lang::Fr, "GST") => "TPS",
        (crate::i18n::Lang::Fr, "HST") => "TVH",
        (crate::i18n::Lang::Fr, "PST") => "TVP",
        (crate::i18n::Lang::Fr, "QST") => "TVQ",
        (crate::i18n::Lang::Fr, "RST") => "TVD",
        _ => kind,
    }
}

/// A rate for people: 9975 → "9.975 %" (English), "9,975 %" (French); 5000 → "5 %".
pub fn rate_text(lang: crate::i18n::Lang, rate: i64) -> String {
    let whole = rate / 1000;
    let fraction = rate % 1000;
    let point = match lang {
        crate::i18n::Lang::En => '.',
        crate::i18n::Lang::Fr => ',',
    };
    if fraction == 0 {
        format!("{whole}\u{a0}%")
    } else {
        let digits = format!("{fraction:03}");
        format!("{whole}{point}{}\u{a0}%", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxes_round_to_the_nearest_cent_halves_up() {
        assert_eq!(tax_on(20, 9975), 2, "1.995 ¢ → 2 ¢");
        assert_eq!(tax_on(10, 5000), 1, "0.5 ¢ → 1 ¢");
        assert_eq!(tax_on(9, 5000), 0, "0.45 ¢ → 0 ¢");
        assert_eq!(tax_on(12_345, 13_000), 1605, "1604.85 ¢ → 1605 ¢");
        assert_eq!(tax_on(0, 15_000), 0);
        assert_eq!(tax_on(15_000, 9975), 1496, "1496.25 ¢ → 1496 ¢");
    }

    #[test]
    fn the_lines_of_a_breakdown_add_up() {
        let rates = [
            Rate {
                kind: "GST".into(),
                rate: 5000,
            },
            Rate {
                kind: "QST".into(),
                rate: 9975,
            },
        ];
        let b = breakdown(15_000, &rates);
        assert_eq!(
            b.taxes,
            vec![("GST".into(), 5000, 750), ("QST".into(), 9975, 1496)]
        );
        assert_eq!(b.total, 15_000 + 750 + 1496);
    }

    #[test]
    fn typed_percentages_become_thousandths() {
        assert_eq!(parse_rate("6.25"), Some(6250));
        assert_eq!(parse_rate(" 8,875 % "), Some(8875));
        assert_eq!(parse_rate("7"), Some(7000));
        assert_eq!(parse_rate("0.001"), Some(1));
        for bad in ["", "0", "100", "-5", "6.2575", "abc", ".5", "1e2"] {
            assert_eq!(parse_rate(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn rates_read_as_people_write_them() {
        use crate::i18n::Lang;
        assert_eq!(rate_text(Lang::En, 5000), "5\u{a0}%");
        assert_eq!(rate_text(Lang::En, 9975), "9.975\u{a0}%");
        assert_eq!(rate_text(Lang::Fr, 14_500), "14,5\u{a0}%");
    }
}
