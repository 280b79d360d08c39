//! An event's ranking settings as a form: what teams are ranked by, the points table, the
//! chain of tiebreakers and the Draw Shot Challenge's rules — read back into a [`Ranking`],
//! with a message per field for anything that does not make sense.

use super::dsc::{Aggregate, Drop, DscSettings, OutOfRange, Tenths};
use super::{Criterion, Incomplete, PointsTable, Primary, Ranking, Split};
use crate::i18n::Text;
use crate::sports::Sport;
use crate::validation::FieldErrors;

/// How many tiebreak steps the form offers.
pub const CHAIN_STEPS: usize = 6;
/// The most points a result may give.
const MAX_POINTS: u32 = 99;

/// The ranking part of the event settings form, as posted.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RankingForm {
    /// `wins`, `points`, `win_percentage`.
    pub primary: String,
    pub points_win: String,
    pub points_extra_end_win: String,
    pub points_tie: String,
    pub points_extra_end_loss: String,
    pub points_loss: String,
    /// One field per step, in order: a criterion's name, or blank.
    pub tiebreaker: Vec<String>,
    /// `restart` or `continue`.
    pub split: String,
    /// `use_available` or `skip`.
    pub head_to_head_incomplete: String,
    /// Centimetres, one decimal: `199.6`.
    pub dsc_miss: String,
    /// `mean` or `sum`.
    pub dsc_aggregate: String,
    /// `wcf`, `worst`, `keep_best`, `none`.
    pub dsc_drop: String,
    /// How many stones `worst` drops or `keep_best` keeps.
    pub dsc_drop_n: String,
    /// `clamp` or `refuse`.
    pub dsc_out_of_range: String,
}

fn cm(tenths: Tenths) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl RankingForm {
    /// The form showing `ranking`.
    pub fn of(ranking: &Ranking) -> RankingForm {
        let p = &ranking.points;
        let (drop, n) = match ranking.dsc.drop {
            Drop::Wcf => ("wcf", String::new()),
            Drop::Worst(n) => ("worst", n.to_string()),
            Drop::KeepBest(n) => ("keep_best", n.to_string()),
            Drop::None => ("none", String::new()),
        };
        let mut tiebreaker: Vec<String> = ranking
            .chain
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        tiebreaker.resize(CHAIN_STEPS, String::new());
        RankingForm {
            primary: match ranking.primary {
                Primary::Wins => "wins",
                Primary::Points => "points",
                Primary::WinPercentage => "win_percentage",
            }
            .into(),
            points_win: p.win.to_string(),
            points_extra_end_win: p.extra_end_win.to_string(),
            points_tie: p.tie.to_string(),
            points_extra_end_loss: p.extra_end_loss.to_string(),
            points_loss: p.loss.to_string(),
            tiebreaker,
            split: match ranking.split {
                Split::Restart => "restart",
                Split::Continue => "continue",
            }
            .into(),
            head_to_head_incomplete: match ranking.head_to_head_incomplete {
                Incomplete::UseAvailable => "use_available",
                Incomplete::Skip => "skip",
            }
            .into(),
            dsc_miss: cm(ranking.dsc.miss),
            dsc_aggregate: match ranking.dsc.aggregate {
                Aggregate::Mean => "mean",
                Aggregate::Sum => "sum",
            }
            .into(),
            dsc_drop: drop.into(),
            dsc_drop_n: n,
            dsc_out_of_range: match ranking.dsc.out_of_range {
                OutOfRange::Clamp => "clamp",
                OutOfRange::Refuse => "refuse",
            }
            .into(),
        }
    }

    /// The ranking the form describes for an event of `sport`; messages are added to
    /// `errors` per field. Pickleball has no extra ends and no last-stone draws: those fields
    /// are not on its form, and its ranking keeps the defaults for them.
    pub fn check(&self, sport: Sport, errors: &mut FieldErrors) -> Ranking {
        let curling = sport == Sport::Curling;
        let primary = match self.primary.trim() {
            "wins" => Primary::Wins,
            "points" => Primary::Points,
            "win_percentage" => Primary::WinPercentage,
            _ => {
                errors.add("primary", Text::FieldInvalidChoice);
                Primary::Wins
            }
        };
        let mut points = |field: &'static str, value: &str| -> u32 {
            match value.trim().parse::<u32>() {
                Ok(n) if n <= MAX_POINTS => n,
                _ => {
                    errors.add(field, Text::RankingPointsInvalid);
                    0
                }
            }
        };
        let (win, loss) = (
            points("points_win", &self.points_win),
            points("points_loss", &self.points_loss),
        );
        let table = PointsTable {
            win,
            extra_end_win: if curling {
                points("points_extra_end_win", &self.points_extra_end_win)
            } else {
                win
            },
            tie: points("points_tie", &self.points_tie),
            extra_end_loss: if curling {
                points("points_extra_end_loss", &self.points_extra_end_loss)
            } else {
                loss
            },
            loss,
        };
        if primary == Primary::Points
            && !(table.win >= table.tie && table.tie >= table.loss && table.win > table.loss)
        {
            errors.add("points_win", Text::RankingPointsOrder);
        }
        let mut chain = Vec::new();
        for step in self
            .tiebreaker
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match Criterion::parse(step) {
                Some(Criterion::Dsc | Criterion::BestLsd) if !curling => {
                    errors.add("tiebreaker", Text::FieldInvalidChoice)
                }
                Some(c) if !chain.contains(&c) => chain.push(c),
                Some(_) => errors.add("tiebreaker", Text::RankingChainTwice),
                None => errors.add("tiebreaker", Text::FieldInvalidChoice),
            }
        }
        let split = match self.split.trim() {
            "restart" => Split::Restart,
            "continue" => Split::Continue,
            _ => {
                errors.add("split", Text::FieldInvalidChoice);
                Split::Restart
            }
        };
        let head_to_head_incomplete = match self.head_to_head_incomplete.trim() {
            "use_available" => Incomplete::UseAvailable,
            "skip" => Incomplete::Skip,
            _ => {
                errors.add("head_to_head_incomplete", Text::FieldInvalidChoice);
                Incomplete::UseAvailable
            }
        };
        Ranking {
            primary,
            points: table,
            chain,
            split,
            head_to_head_incomplete,
            dsc: if curling {
                self.check_dsc(errors)
            } else {
                DscSettings::default()
            },
        }
    }

    fn check_dsc(&self, errors: &mut FieldErrors) -> DscSettings {
        let defaults = DscSettings::default();
        let miss = match self.dsc_miss.trim().replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && (1.0..=500.0).contains(&v) => (v * 10.0).round() as Tenths,
            _ => {
                errors.add("dsc_miss", Text::RankingMissInvalid);
                defaults.miss
            }
        };
        let aggregate = match self.dsc_aggregate.trim() {
            "mean" => Aggregate::Mean,
            "sum" => Aggregate::Sum,
            _ => {
                errors.add("dsc_aggregate", Text::FieldInvalidChoice);
                Aggregate::Mean
            }
        };
        let n = || {
            self.dsc_drop_n
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=20).contains(n))
        };
        let drop = match self.dsc_drop.trim() {
            "wcf" => Drop::Wcf,
            "none" => Drop::None,
            "worst" | "keep_best" => match n() {
                Some(n) if self.dsc_drop.trim() == "worst" => Drop::Worst(n),
                Some(n) => Drop::KeepBest(n),
                None => {
                    errors.add("dsc_drop_n", Text::RankingDropCount);
                    Drop::Wcf
                }
            },
            _ => {
                errors.add("dsc_drop", Text::FieldInvalidChoice);
                Drop::Wcf
            }
        };
        let out_of_range = match self.dsc_out_of_range.trim() {
            "clamp" => OutOfRange::Clamp,
            "refuse" => OutOfRange::Refuse,
            _ => {
                errors.add("dsc_out_of_range", Text::FieldInvalidChoice);
                OutOfRange::Clamp
            }
        };
        DscSettings {
            miss,
            aggregate,
            drop,
            out_of_range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ranking_survives_its_form() {
        for sport in [Sport::Curling, Sport::Pickleball] {
            let ranking = Ranking::default_for(sport);
            let mut errors = FieldErrors::new();
            assert_eq!(RankingForm::of(&ranking).check(sport, &mut errors), ranking);
            assert!(errors.is_empty(), "{errors:?}");
        }
        let gothenburg = Ranking {
            primary: Primary::Points,
            points: PointsTable {
                win: 3,
                extra_end_win: 2,
                tie: 1,
                extra_end_loss: 1,
                loss: 0,
            },
            dsc: DscSettings {
                miss: 1854,
                aggregate: Aggregate::Sum,
                drop: Drop::KeepBest(5),
                out_of_range: OutOfRange::Refuse,
            },
            ..Ranking::default_for(Sport::Curling)
        };
        let mut errors = FieldErrors::new();
        assert_eq!(
            RankingForm::of(&gothenburg).check(Sport::Curling, &mut errors),
            gothenburg
        );
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn nonsense_is_refused_field_by_field() {
        let mut form = RankingForm::of(&Ranking::default_for(Sport::Curling));
        form.primary = "points".into();
        form.points_win = "0".into();
        form.points_loss = "2".into();
        form.tiebreaker = vec!["dsc".into(), "dsc".into(), "luck".into()];
        form.dsc_miss = "-3".into();
        form.dsc_drop = "worst".into();
        form.dsc_drop_n = "x".into();
        let mut errors = FieldErrors::new();
        form.check(Sport::Curling, &mut errors);
        assert_eq!(errors.get("points_win"), Some(Text::RankingPointsOrder));
        assert_eq!(errors.get("tiebreaker"), Some(Text::RankingChainTwice));
        assert_eq!(errors.get("dsc_miss"), Some(Text::RankingMissInvalid));
        assert_eq!(errors.get("dsc_drop_n"), Some(Text::RankingDropCount));
    }

    #[test]
    fn pickleball_has_no_extra_ends_or_last_stone_draws() {
        // Only the fields its page shows.
        let form = RankingForm {
            primary: "points".into(),
            points_win: "2".into(),
            points_tie: "1".into(),
            points_loss: "0".into(),
            tiebreaker: vec!["head_to_head".into(), "point_diff".into()],
            split: "restart".into(),
            head_to_head_incomplete: "skip".into(),
            ..RankingForm::default()
        };
        let mut errors = FieldErrors::new();
        let ranking = form.check(Sport::Pickleball, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            (ranking.points.extra_end_win, ranking.points.extra_end_loss),
            (2, 0)
        );
        assert_eq!(ranking.dsc, DscSettings::default());
        let mut dsc = form.clone();
        dsc.tiebreaker = vec!["dsc".into()];
        dsc.check(Sport::Pickleball, &mut errors);
        assert_eq!(errors.get("tiebreaker"), Some(Text::FieldInvalidChoice));
    }
}
