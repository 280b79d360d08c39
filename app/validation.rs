//! What domain actions answer when input cannot be accepted: a message per form field, as
//! catalogue keys so the page shows them in the visitor's language. Nothing is written when
//! an action answers `Invalid`.

use crate::db::DbError;
use crate::i18n::Text;

/// Messages keyed by the form field they belong to (`""` for the form as a whole).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Text)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn one(field: &'static str, text: Text) -> Self {
        Self(vec![(field, text)])
    }

    pub fn add(&mut self, field: &'static str, text: Text) {
        if self.get(field).is_none() {
            self.0.push((field, text));
        }
    }

    /// The first message for `field`.
    pub fn get(&self, field: &str) -> Option<Text> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, t)| *t)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (field, message), in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Text)> + '_ {
        self.0.iter().copied()
    }

    /// The first message of all, for answers that show only one.
    pub fn first(&self) -> Option<Text> {
        self.0.first().map(|(_, t)| *t)
    }

    /// `Ok(value)` when no message was added.
    pub fn or<T>(self, value: T) -> Result<T, ActionError> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(ActionError::Invalid(self))
        }
    }
}

/// Why a domain action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error("not found")]
    NotFound,
    /// Allowed in general but not for this person or in this state (e.g. the last owner).
    #[error("refused: {0:?}")]
    Refused(Text),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ActionError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ActionError::NotFound,
            other => ActionError::Db(DbError::Diesel(other)),
        }
    }
}

/// Trims `value` and checks its length in characters (not bytes: names may be accented).
pub fn text_field(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, Text::FieldRequired);
    } else if value.chars().count() > max_chars {
        errors.add(field, Text::FieldTooLong);
    } else if value.chars().any(char::is_control) {
        errors.add(field, Text::FieldInvalidCharacters);
    }
    value.to_string()
}

/// Normalises and checks an email address: one `@`, a dotted domain, no spaces, ≤ 254 chars.
/// Text of a few lines (a message, a reason): line breaks and tabs are allowed, other
/// control characters are not. `required`: it may not be left blank.
pub fn lines_field(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max_chars: usize,
    required: bool,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errors.add(field, Text::FieldRequired);
        }
    } else if value.chars().count() > max_chars {
        errors.add(field, Text::FieldTooLong);
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, Text::FieldInvalidCharacters);
    }
    value.to_string()
}

/// Like [`text_field`], but may be left blank.
pub fn optional_text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max_chars: usize,
) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    text_field(errors, field, value, max_chars)
}

pub fn email_field(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let email = value.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if email.is_empty() {
        errors.add(field, Text::FieldRequired);
    } else if !valid {
        errors.add(field, Text::EmailInvalid);
    }
    email
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            email_field(&mut errors, "email", "  Ann@Example.COM "),
            "ann@example.com"
        );
        assert!(errors.is_empty());
        for bad in [
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "a b@example.com",
            "a@b@c.com",
            "ann@.com",
            "ann@example..com",
        ] {
            let mut errors = FieldErrors::new();
            email_field(&mut errors, "email", bad);
            assert_eq!(errors.get("email"), Some(Text::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn text_fields_count_characters() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            text_field(&mut errors, "name", " Élodie Côté ", 12),
            "Élodie Côté"
        );
        assert!(
            errors.is_empty(),
            "11 characters fit in 12 even though they are 13 bytes"
        );
        text_field(&mut errors, "name", "   ", 12);
        assert_eq!(errors.get("name"), Some(Text::FieldRequired));
        let mut errors = FieldErrors::new();
        text_field(&mut errors, "name", &"x".repeat(13), 12);
        assert_eq!(errors.get("name"), Some(Text::FieldTooLong));
    }
}
