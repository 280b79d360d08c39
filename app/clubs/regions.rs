//! Provinces, territories and states a club can be in, by ISO 3166-2 code. The province
//! decides the taxes on a club's fees.

/// (code, name). Names are proper nouns; French names differ only for some provinces.
pub struct Region {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_fr: &'static str,
}

const fn r(code: &'static str, name_en: &'static str, name_fr: &'static str) -> Region {
    Region {
        code,
        name_en,
        name_fr,
    }
}

pub const CANADA: &[Region] = &[
    r("CA-AB", "Alberta", "Alberta"),
    r("CA-BC", "British Columbia", "Colombie-Britannique"),
    r("CA-MB", "Manitoba", "Manitoba"),
    r("CA-NB", "New Brunswick", "Nouveau-Brunswick"),
    r(
        "CA-NL",
        "Newfoundland and Labrador",
        "Terre-Neuve-et-Labrador",
    ),
    r("CA-NS", "Nova Scotia", "Nouvelle-Écosse"),
    r(
        "CA-NT",
        "Northwest Territories",
        "Territoires du Nord-Ouest",
    ),
    r("CA-NU", "Nunavut", "Nunavut"),
    r("CA-ON", "Ontario", "Ontario"),
    r("CA-PE", "Prince Edward Island", "Île-du-Prince-Édouard"),
    r("CA-QC", "Quebec", "Québec"),
    r("CA-SK", "Saskatchewan", "Saskatchewan"),
    r("CA-YT", "Yukon", "Yukon"),
];

pub const UNITED_STATES: &[Region] = &[
    r("US-AL", "Alabama", "Alabama"),
    r("US-AK", "Alaska", "Alaska"),
    r("US-AZ", "Arizona", "Arizona"),
    r("US-AR", "Arkansas", "Arkansas"),
    r("US-CA", "California", "Californie"),
    r("US-CO", "Colorado", "Colorado"),
    r("US-CT", "Connecticut", "Connecticut"),
    r("US-DE", "Delaware", "Delaware"),
    r("US-DC", "District of Columbia", "District de Columbia"),
    r("US-FL", "Florida", "Floride"),
    r("US-GA", "Georgia", "Géorgie"),
    r("US-HI", "Hawaii", "Hawaï"),
    r("US-ID", "Idaho", "Idaho"),
    r("US-IL", "Illinois", "Illinois"),
    r("US-IN", "Indiana", "Indiana"),
    r("US-IA", "Iowa", "Iowa"),
    r("US-KS", "Kansas", "Kansas"),
    r("US-KY", "Kentucky", "Kentucky"),
    r("US-LA", "Louisiana", "Louisiane"),
    r("US-ME", "Maine", "Maine"),
    r("US-MD", "Maryland", "Maryland"),
    r("US-MA", "Massachusetts", "Massachusetts"),
    r("US-MI", "Michigan", "Michigan"),
    r("US-MN", "Minnesota", "Minnesota"),
    r("US-MS", "Mississippi", "Mississippi"),
    r("US-MO", "Missouri", "Missouri"),
    r("US-MT", "Montana", "Montana"),
    r("US-NE", "Nebraska", "Nebraska"),
    r("US-NV", "Nevada", "Nevada"),
    r("US-NH", "New Hampshire", "New Hampshire"),
    r("US-NJ", "New Jersey", "New Jersey"),
    r("US-NM", "New Mexico", "Nouveau-Mexique"),
    r("US-NY", "New York", "New York"),
    r("US-NC", "North Carolina", "Caroline du Nord"),
    r("US-ND", "North Dakota", "Dakota du Nord"),
    r("US-OH", "Ohio", "Ohio"),
    r("US-OK", "Oklahoma", "Oklahoma"),
    r("US-OR", "Oregon", "Oregon"),
    r("US-PA", "Pennsylvania", "Pennsylvanie"),
    r("US-RI", "Rhode Island", "Rhode Island"),
    r("US-SC", "South Carolina", "Caroline du Sud"),
    r("US-SD", "South Dakota", "Dakota du Sud"),
    r("US-TN", "Tennessee", "Tennessee"),
    r("US-TX", "Texas", "Texas"),
    r("US-UT", "Utah", "Utah"),
    r("US-VT", "Vermont", "Vermont"),
    r("US-VA", "Virginia", "Virginie"),
    r("US-WA", "Washington", "Washington"),
    r("US-WV", "West Virginia", "Virginie-Occidentale"),
    r("US-WI", "Wisconsin", "Wisconsin"),
    r("US-WY", "Wyoming", "Wyoming"),
];

pub fn find(code: &str) -> Option<&'static Region> {
    CANADA.iter().chain(UNITED_STATES).find(|r| r.code == code)
}

/// The time zone a club's times are in: that of the region's largest city. A region that
/// spans zones (Nunavut, several states) gets its most populous one.
pub fn time_zone(code: &str) -> chrono_tz::Tz {
    use chrono_tz::America as am;
    match code {
        "CA-BC" => am::Vancouver,
        "CA-AB" => am::Edmonton,
        "CA-SK" => am::Regina,
        "CA-MB" => am::Winnipeg,
        "CA-ON" => am::Toronto,
        "CA-QC" => am::Toronto,
        "CA-NB" | "CA-NS" | "CA-PE" => am::Halifax,
        "CA-NL" => am::St_Johns,
        "CA-YT" => am::Whitehorse,
        "CA-NT" => am::Yellowknife,
        "CA-NU" => am::Iqaluit,
        "US-HI" => chrono_tz::Pacific::Honolulu,
        "US-AK" => am::Anchorage,
        "US-CA" | "US-NV" | "US-OR" | "US-WA" => am::Los_Angeles,
        "US-AZ" => am::Phoenix,
        "US-CO" | "US-ID" | "US-MT" | "US-NM" | "US-UT" | "US-WY" => am::Denver,
        "US-AL" | "US-AR" | "US-IL" | "US-IA" | "US-KS" | "US-LA" | "US-MN" | "US-MS" | "US-MO"
        | "US-NE" | "US-ND" | "US-OK" | "US-SD" | "US-TN" | "US-TX" | "US-WI" => am::Chicago,
        "US-IN" => am::Indiana::Indianapolis,
        "US-MI" => am::Detroit,
        _ => am::New_York,
    }
}

impl Region {
    pub fn name(&self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::En => self.name_en,
            crate::i18n::Lang::Fr => self.name_fr,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_provinces_and_territories_and_every_state() {
        assert_eq!(CANADA.len(), 13);
        assert_eq!(UNITED_STATES.len(), 51, "50 states and DC");
        assert!(find("CA-QC").is_some());
        assert!(find("CA-XX").is_none());
    }

    #[test]
    fn every_region_has_its_time_zone() {
        assert_eq!(time_zone("CA-NL"), chrono_tz::America::St_Johns);
        assert_eq!(time_zone("CA-SK"), chrono_tz::America::Regina);
        assert_eq!(time_zone("US-AZ"), chrono_tz::America::Phoenix);
        assert_eq!(time_zone("US-NY"), chrono_tz::America::New_York);
    }
}
