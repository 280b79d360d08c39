//! The Draw Shot Challenge: a team's last-stone draws over the round robin, the worst one
//! or two dropped, averaged (or summed). Distances are integers in tenths of a centimetre
//! and DSCs are compared as exact fractions, so 35.27 never loses to 35.27 by rounding.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// Tenths of a centimetre from the pin to the stone's centre.
pub type Tenths = u16;

/// The WCF's value for a stone that misses the house: 199.6 cm.
pub const WCF_MISS: Tenths = 1996;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    Mean,
    Sum,
}

/// Which stones are left out before aggregating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "n")]
pub enum Drop {
    /// The WCF's: the worst one, or the worst two from eleven stones on.
    Wcf,
    /// The worst `n`.
    Worst(u8),
    /// Only the best `n` count.
    KeepBest(u8),
    None,
}

/// What to do with a recorded distance beyond the miss value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfRange {
    /// Record it as the miss value.
    Clamp,
    /// Refuse it with a message.
    Refuse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DscSettings {
    /// The value of a stone that missed the house.
    pub miss: Tenths,
    pub aggregate: Aggregate,
    pub drop: Drop,
    pub out_of_range: OutOfRange,
}

impl Default for DscSettings {
    fn default() -> Self {
        DscSettings {
            miss: WCF_MISS,
            aggregate: Aggregate::Mean,
            drop: Drop::Wcf,
            out_of_range: OutOfRange::Clamp,
        }
    }
}

/// One stone as recorded: a distance, or `None` for a miss.
pub type Stone = Option<Tenths>;

/// A DSC: `sum / count` tenths of a centimetre (a sum has `count` 1). Lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dsc {
    pub sum: u64,
    pub count: u64,
}

impl Dsc {
    /// In centimetres, for display ("35.27").
    pub fn cm(&self) -> f64 {
        self.sum as f64 / self.count.max(1) as f64 / 10.0
    }

    /// Exact comparison of the fractions (lower first).
    pub fn cmp_exact(&self, other: &Dsc) -> Ordering {
        (u128::from(self.sum) * u128::from(other.count))
            .cmp(&(u128::from(other.sum) * u128::from(self.count)))
    }
}

impl DscSettings {
    /// The value a stone counts for: a miss, or a distance past the miss value, is the miss
    /// value.
    pub fn value(&self, stone: Stone) -> Tenths {
        stone.map_or(self.miss, |d| d.min(self.miss))
    }

    /// The team's DSC from its stones; `None` without any.
    pub fn dsc(&self, stones: &[Stone]) -> Option<Dsc> {
        if stones.is_empty() {
            return None;
        }
        let mut values: Vec<u64> = stones.iter().map(|s| u64::from(self.value(*s))).collect();
        values.sort_unstable();
        let n = values.len();
        // Never drop so many that nothing is left.
        let keep = match self.drop {
            Drop::Wcf if n >= 11 => n - 2,
            Drop::Wcf if n >= 2 => n - 1,
            Drop::Wcf | Drop::None => n,
            Drop::Worst(k) => n.saturating_sub(usize::from(k)).max(1),
            Drop::KeepBest(k) => usize::from(k).clamp(1, n),
        };
        let sum: u64 = values[..keep].iter().sum();
        Some(match self.aggregate {
            Aggregate::Mean => Dsc {
                sum,
                count: keep as u64,
            },
            Aggregate::Sum => Dsc { sum, count: 1 },
        })
    }

    /// The stones sorted best first, as they count (for "best single last-stone draw").
    pub fn sorted(&self, stones: &[Stone]) -> Vec<Tenths> {
        let mut values: Vec<Tenths> = stones.iter().map(|s| self.value(*s)).collect();
        values.sort_unstable();
        values
    }
}

/// `None` sorts after every DSC.
pub fn cmp_dsc(a: Option<Dsc>, b: Option<Dsc>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp_exact(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Centimetres as stones; `f64::NAN` is a miss.
    fn stones(cm: &[f64]) -> Vec<Stone> {
        cm.iter()
            .map(|c| (!c.is_nan()).then(|| (c * 10.0).round() as Tenths))
            .collect()
    }

    const MISS: f64 = f64::NAN;

    fn cm2(d: Dsc) -> String {
        format!("{:.2}", d.cm())
    }

    #[test]
    fn d1_seven_single_draws_drop_the_worst() {
        let s = stones(&[9.0, 5.5, 0.0, 8.7, 8.2, 64.8, 0.0]);
        let dsc = DscSettings::default().dsc(&s).expect("a DSC");
        assert_eq!(cm2(dsc), "5.23");
        assert_eq!((dsc.sum, dsc.count), (314, 6));
    }

    #[test]
    fn d2_eighteen_stones_drop_the_worst_two() {
        let s = stones(&[
            12.3, 45.0, MISS, 30.1, 8.8, 22.2, 14.2, 60.5, MISS, 33.3, 18.0, 25.4, 41.7, 9.9, 16.6,
            28.0, 50.2, 19.1,
        ]);
        let dsc = DscSettings::default().dsc(&s).expect("a DSC");
        assert_eq!((dsc.sum, dsc.count), (4353, 16));
        assert_eq!(format!("{:.3}", dsc.cm()), "27.206");
    }

    #[test]
    fn d3_ten_stones_drop_one() {
        let s = stones(&[14.2, 20.0, 35.5, MISS, 50.0, 14.2, 80.1, 22.2, 30.0, 40.0]);
        let dsc = DscSettings::default().dsc(&s).expect("a DSC");
        assert_eq!((dsc.sum, dsc.count), (3062, 9));
        assert_eq!(format!("{:.3}", dsc.cm()), "34.022");
    }

    #[test]
    fn d4_one_stone_drops_nothing_and_d5_none_sorts_last() {
        let dsc = DscSettings::default().dsc(&stones(&[77.0])).expect("a DSC");
        assert_eq!(cm2(dsc), "77.00");
        assert_eq!(DscSettings::default().dsc(&[]), None);
        assert_eq!(cmp_dsc(Some(dsc), None), Ordering::Less);
        assert_eq!(cmp_dsc(None, None), Ordering::Equal);
    }

    #[test]
    fn d6_gothenburg_sum_of_the_best_five_with_a_shorter_miss() {
        let settings = DscSettings {
            miss: 1854,
            aggregate: Aggregate::Sum,
            drop: Drop::KeepBest(5),
            out_of_range: OutOfRange::Clamp,
        };
        let teams = [
            ("DEN", [29.4, 91.7, 108.8, 185.4, 26.2, 67.4]),
            ("RUS", [73.5, 35.1, 76.3, 13.3, 19.3, 58.2]),
            ("POL", [11.5, 185.4, 109.0, 0.0, 0.0, 4.4]),
            ("SWE", [5.2, 26.6, 17.2, 4.6, 48.2, 109.1]),
        ];
        let mut ranked: Vec<(&str, Dsc)> = teams
            .iter()
            .map(|(name, s)| (*name, settings.dsc(&stones(s)).expect("a DSC")))
            .collect();
        let sums: Vec<String> = ranked
            .iter()
            .map(|(_, d)| format!("{:.1}", d.cm()))
            .collect();
        assert_eq!(sums, ["323.5", "199.4", "124.9", "101.8"]);
        ranked.sort_by(|a, b| a.1.cmp_exact(&b.1));
        let order: Vec<&str> = ranked.iter().map(|(n, _)| *n).collect();
        assert_eq!(order, ["SWE", "POL", "RUS", "DEN"]);
    }

    #[test]
    fn d7_a_distance_past_the_miss_value_counts_as_a_miss() {
        let settings = DscSettings::default();
        assert_eq!(settings.value(Some(2500)), 1996);
        assert_eq!(settings.value(None), 1996);
        assert_eq!(settings.value(Some(353)), 353);
    }

    #[test]
    fn fractions_compare_exactly() {
        // 35.27 vs 35.27 written differently: equal, not "less by rounding".
        let a = Dsc {
            sum: 3527,
            count: 10,
        };
        let b = Dsc {
            sum: 7054,
            count: 20,
        };
        assert_eq!(a.cmp_exact(&b), Ordering::Equal);
        let c = Dsc {
            sum: 3600,
            count: 10,
        };
        assert_eq!(a.cmp_exact(&c), Ordering::Less);
    }
}
