//! Amounts of money: integer cents everywhere, dollars only at the edges (forms and pages).

use crate::i18n::Lang;

/// The largest amount a form accepts: $100,000. Anything above is a typo, not a club fee.
pub const MAX_CENTS: i64 = 10_000_000;

/// Why an amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number of dollars with at most two decimals.
    Invalid,
    Negative,
    /// More than [`MAX_CENTS`].
    TooLarge,
}

/// Dollars as people type them — `150`, `150.5`, `$1,250.00`, and in French `150,50` or
/// `1 250,50 $` — into cents. A comma followed by one or two final digits is a decimal comma;
/// any other comma separates thousands.
pub fn parse_dollars(text: &str) -> Result<i64, AmountError> {
    let mut cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '$' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let decimal_comma = !cleaned.contains('.')
        && cleaned
            .rsplit_once(',')
            .is_some_and(|(_, tail)| (1..=2).contains(&tail.len()));
    if decimal_comma && let Some(at) = cleaned.rfind(',') {
        cleaned.replace_range(at..=at, ".");
    }
    let cleaned: String = cleaned.chars().filter(|c| *c != ',').collect();
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || fraction.len() > 2
        || whole.len() > 12
    {
        return Err(AmountError::Invalid);
    }
    if negative {
        return Err(AmountError::Negative);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AmountError::Invalid)?
    };
    let cents: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| AmountError::Invalid)?;
    let total = whole * 100 + cents;
    if total > MAX_CENTS {
        return Err(AmountError::TooLarge);
    }
    Ok(total)
}

/// Cents as dollars for a form field: 15000 → "150.00".
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Cents for people, as each language writes dollars: 125000 → "$1,250.00" in English,
/// "1 250,00 $" in French (with no-break spaces).
pub fn display(lang: Lang, cents: i64) -> String {
    let plain = dollars(cents.abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, "00"));
    let separator = match lang {
        Lang::En => ',',
        Lang::Fr => '\u{a0}',
    };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    let sign = if cents < 0 { "-" } else { "" };
    match lang {
        Lang::En => format!("{sign}${grouped}.{fraction}"),
        Lang::Fr => format!("{sign}{grouped},{fraction}\u{a0}$"),
    }
}

/// The currency a club's fees are in: its country's (clubs are in Canada or the US).
pub fn currency(region: &str) -> &'static str {
    if region.starts_with("US-") {
        "USD"
    } else {
        "CAD"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_parse_as_people_type_them() {
        assert_eq!(parse_dollars("150"), Ok(15_000));
        assert_eq!(parse_dollars(" $1,250.5 "), Ok(125_050));
        assert_eq!(parse_dollars("0.07"), Ok(7));
        assert_eq!(parse_dollars(".5"), Ok(50));
        assert_eq!(parse_dollars("0"), Ok(0));
        assert_eq!(
            parse_dollars("150,50"),
            Ok(15_050),
            "a French decimal comma"
        );
        assert_eq!(parse_dollars("1\u{a0}250,5 $"), Ok(125_050));
        assert_eq!(
            parse_dollars("1,250"),
            Ok(125_000),
            "an English thousands comma"
        );
        assert_eq!(parse_dollars("-5"), Err(AmountError::Negative));
        assert_eq!(parse_dollars("100000.01"), Err(AmountError::TooLarge));
        assert_eq!(parse_dollars("99999999999999"), Err(AmountError::Invalid));
        for bad in ["", "abc", "1.234", "1e3", "1.2.3", "--5", "."] {
            assert_eq!(parse_dollars(bad), Err(AmountError::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn cents_display_as_dollars() {
        assert_eq!(dollars(15_000), "150.00");
        assert_eq!(dollars(7), "0.07");
        assert_eq!(display(Lang::En, 125_050), "$1,250.50");
        assert_eq!(display(Lang::En, 100_000_000), "$1,000,000.00");
        assert_eq!(display(Lang::En, 99), "$0.99");
        assert_eq!(display(Lang::En, -1_500), "-$15.00");
        assert_eq!(display(Lang::Fr, 125_050), "1\u{a0}250,50\u{a0}$");
        assert_eq!(display(Lang::Fr, 99), "0,99\u{a0}$");
    }
}
