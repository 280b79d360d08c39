//! The two languages and the catalogue of every user-facing string.
//!
//! Each entry of the catalogue must give both English and French: an entry missing one does
//! not match the macro, so a missing translation is a build error, not a blank on a page.
//! A key used in a view but absent from the catalogue is an unknown enum variant — also a
//! build error.

mod catalogue;

pub use catalogue::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag for `<html lang>`.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The language's own name, for the switcher.
    pub const fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    pub const fn t(self, text: Text) -> &'static str {
        text.get(self)
    }

    /// A catalogue string with `{name}` placeholders filled in.
    pub fn format(self, text: Text, args: &[(&str, &str)]) -> String {
        let mut out = text.get(self).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// The language a URL path is in: French under `/fr`, English everywhere else.
    pub fn of_path(path: &str) -> Lang {
        if path == "/fr" || path.starts_with("/fr/") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    /// The path without its language prefix: `/fr/clubs` → `/clubs`, `/fr` → `/`.
    pub fn strip(path: &str) -> &str {
        match Lang::of_path(path) {
            Lang::Fr => match &path[3..] {
                "" => "/",
                rest => rest,
            },
            Lang::En => path,
        }
    }

    /// The same page in this language: `/clubs` → `/fr/clubs` for French.
    pub fn path(self, unprefixed: &str) -> String {
        match self {
            Lang::En => unprefixed.to_string(),
            Lang::Fr if unprefixed == "/" => "/fr/".to_string(),
            Lang::Fr => format!("/fr{unprefixed}"),
        }
    }
}

/// Declares the catalogue: `Key { en: "…", fr: "…" }` for every string.
///
/// ```compile_fail
/// clubhouse::catalogue! {
///     Greeting { en: "Hello" }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $key:ident { en: $en:literal, fr: $fr:literal $(,)? } )*) => {
        /// A key of the string catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text {
            $( $(#[$doc])* $key, )*
        }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$key,)*];

            pub const fn get(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Text::$key, $crate::i18n::Lang::En) => $en,
                        (Text::$key, $crate::i18n::Lang::Fr) => $fr,
                    )*
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_between_languages() {
        assert_eq!(Lang::of_path("/fr/clubs"), Lang::Fr);
        assert_eq!(Lang::of_path("/fr"), Lang::Fr);
        assert_eq!(Lang::of_path("/francais"), Lang::En);
        assert_eq!(Lang::strip("/fr/clubs/x"), "/clubs/x");
        assert_eq!(Lang::strip("/fr"), "/");
        assert_eq!(Lang::strip("/up"), "/up");
        assert_eq!(Lang::Fr.path("/"), "/fr/");
        assert_eq!(Lang::Fr.path("/clubs"), "/fr/clubs");
        assert_eq!(Lang::En.path("/clubs"), "/clubs");
    }

    #[test]
    fn every_entry_has_non_empty_texts() {
        for text in Text::ALL {
            let (en, fr) = (text.get(Lang::En), text.get(Lang::Fr));
            assert!(
                !en.trim().is_empty() && !fr.trim().is_empty(),
                "{text:?} is blank"
            );
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let s = Lang::Fr.format(Text::ErrorReference, &[("id", "abc123")]);
        assert!(s.contains("abc123") && !s.contains("{id}"), "{s}");
    }
}
