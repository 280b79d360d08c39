//! What a club's receipts say about it besides its name: postal address and sales-tax
//! registration number (`shared.db`, table `receipt_details`).

use crate::db::Conn;
use diesel::prelude::*;

use crate::db::OrgId;
use crate::db::schema::shared::receipt_details;
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};

pub const ADDRESS_MAX_CHARS: usize = 300;
pub const TAX_NUMBER_MAX_CHARS: usize = 30;

/// Empty until an owner or admin fills them in.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ReceiptDetails {
    pub address: String,
    pub tax_number: String,
}

pub fn get(conn: &mut Conn, org: OrgId) -> QueryResult<ReceiptDetails> {
    Ok(receipt_details::table
        .filter(receipt_details::org_id.eq(org))
        .select((receipt_details::address, receipt_details::tax_number))
        .first::<(String, String)>(conn)
        .optional()?
        .map(|(address, tax_number)| ReceiptDetails {
            address,
            tax_number,
        })
        .unwrap_or_default())
}

impl ReceiptDetails {
    /// The form, trimmed and checked: an address of a few lines, a registration number of
    /// letters, digits, spaces and dashes (e.g. `123456789 RT0001`). Both may be blank.
    pub fn check(&self) -> Result<ReceiptDetails, ActionError> {
        let mut errors = FieldErrors::new();
        let address = self.address.trim().replace("\r\n", "\n");
        if address.chars().count() > ADDRESS_MAX_CHARS {
            errors.add("address", Text::FieldTooLong);
        } else if address.chars().any(|c| c.is_control() && c != '\n') {
            errors.add("address", Text::FieldInvalidCharacters);
        }
        let tax_number = self.tax_number.trim().to_string();
        if tax_number.chars().count() > TAX_NUMBER_MAX_CHARS {
            errors.add("tax_number", Text::FieldTooLong);
        } else if !tax_number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            errors.add("tax_number", Text::TaxNumberInvalid);
        }
        errors.or(ReceiptDetails {
            address,
            tax_number,
        })
    }
}

pub fn save(
    conn: &mut Conn,
    org: OrgId,
    details: &ReceiptDetails,
    now: i64,
) -> Result<(), ActionError> {
    let checked = details.check()?;
    crate::per_backend!(conn => diesel::insert_into(receipt_details::table)
        .values((
            receipt_details::org_id.eq(org),
            receipt_details::address.eq(&checked.address),
            receipt_details::tax_number.eq(&checked.tax_number),
            receipt_details::updated_at.eq(now),
        ))
        .on_conflict(receipt_details::org_id)
        .do_update()
        .set((
            receipt_details::address.eq(&checked.address),
            receipt_details::tax_number.eq(&checked.tax_number),
            receipt_details::updated_at.eq(now),
        ))
        .execute(conn))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_details_are_checked() {
        let ok = ReceiptDetails {
            address: " 1 Curling Way\r\nOttawa ON  K1A 0A1 ".into(),
            tax_number: " 123456789 RT0001 ".into(),
        }
        .check()
        .expect("valid");
        assert_eq!(ok.address, "1 Curling Way\nOttawa ON  K1A 0A1");
        assert_eq!(ok.tax_number, "123456789 RT0001");
        let bad = |address: &str, tax_number: &str| {
            ReceiptDetails {
                address: address.into(),
                tax_number: tax_number.into(),
            }
            .check()
            .is_err()
        };
        assert!(bad("", "12345<script>"));
        assert!(bad(&"x".repeat(301), ""));
        assert!(bad("a\u{7}b", ""));
        assert!(!bad("", ""), "both may stay blank");
    }
}
