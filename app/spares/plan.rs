//! Who is told about a spare request, and when (COMPETITIONS.md 5.4): members of teams on a
//! bye that day first, with the request kept off the board for an exclusive window; then
//! everyone else in random order, one every `stagger`; under `cutover` before the game,
//! everyone at once. A private request goes to its invitees at once.

use rand::Rng;
use rand::seq::SliceRandom;

/// The club's notification timing, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How long bye-day members have the request to themselves.
    pub exclusive: i64,
    /// The gap between two notifications to the others.
    pub stagger: i64,
    /// Closer to the game than this, everyone is told at once.
    pub cutover: i64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            exclusive: 3600,
            stagger: 180,
            cutover: 24 * 3600,
        }
    }
}

/// A member who may be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub account: i64,
    /// Their team has no game that day.
    pub bye: bool,
}

/// One notification to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub account: i64,
    /// 0, 1, 2 … in sending order.
    pub order: i64,
    pub bye: bool,
    /// Unix seconds.
    pub due_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// When the request shows on the spares board.
    pub listed_at: i64,
    pub notices: Vec<Notice>,
}

/// Plans the notifications of a request made at `now` for a game at `starts_at`.
pub fn plan(
    candidates: &[Candidate],
    private: bool,
    now: i64,
    starts_at: i64,
    timing: Timing,
    rng: &mut impl Rng,
) -> Plan {
    let (mut bye, mut rest): (Vec<Candidate>, Vec<Candidate>) =
        candidates.iter().partition(|c| c.bye);
    bye.shuffle(rng);
    rest.shuffle(rng);
    let all_at_once = private || starts_at - now < timing.cutover;
    let first_rest = if all_at_once || bye.is_empty() {
        now
    } else {
        now + timing.exclusive
    };
    let mut notices = Vec::with_capacity(candidates.len());
    for c in &bye {
        notices.push(Notice {
            account: c.account,
            order: notices.len() as i64,
            bye: true,
            due_at: now,
        });
    }
    // Once the game is within the cut-over, whoever is still waiting is told at once; and
    // nobody is told after the game starts.
    let latest = (starts_at - timing.cutover)
        .max(now)
        .min(starts_at - 1)
        .max(now);
    for (i, c) in rest.iter().enumerate() {
        let due_at = if all_at_once {
            now
        } else {
            (first_rest + i as i64 * timing.stagger).min(latest)
        };
        notices.push(Notice {
            account: c.account,
            order: notices.len() as i64,
            bye: false,
            due_at,
        });
    }
    Plan {
        listed_at: first_rest,
        notices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn people(bye: &[i64], rest: &[i64]) -> Vec<Candidate> {
        bye.iter()
            .map(|a| Candidate {
                account: *a,
                bye: true,
            })
            .chain(rest.iter().map(|a| Candidate {
                account: *a,
                bye: false,
            }))
            .collect()
    }

    #[test]
    fn sp4_a_day_ahead_bye_members_go_first_and_the_rest_one_per_interval() {
        let now = 1_000_000;
        let timing = Timing::default();
        let plan = plan(
            &people(&[1, 2], &[3, 4, 5]),
            false,
            now,
            now + 3 * 24 * 3600,
            timing,
            &mut StdRng::seed_from_u64(7),
        );
        // The board shows the request only after the bye members' hour.
        assert_eq!(plan.listed_at, now + 3600);
        let (bye, rest) = plan.notices.split_at(2);
        assert!(bye.iter().all(|n| n.bye && n.due_at == now));
        let mut first: Vec<i64> = bye.iter().map(|n| n.account).collect();
        first.sort();
        assert_eq!(first, vec![1, 2]);
        let dues: Vec<i64> = rest.iter().map(|n| n.due_at).collect();
        assert_eq!(dues, vec![now + 3600, now + 3600 + 180, now + 3600 + 360]);
        assert!(rest.iter().all(|n| !n.bye));
        let orders: Vec<i64> = plan.notices.iter().map(|n| n.order).collect();
        assert_eq!(orders, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn sp4_under_a_day_everyone_is_told_at_once() {
        let now = 5_000;
        let plan = plan(
            &people(&[1], &[2, 3]),
            false,
            now,
            now + 23 * 3600,
            Timing::default(),
            &mut StdRng::seed_from_u64(1),
        );
        assert_eq!(plan.listed_at, now);
        assert!(plan.notices.iter().all(|n| n.due_at == now));
        assert_eq!(plan.notices.len(), 3);
        assert!(plan.notices[0].bye, "bye members still come first in order");
    }

    #[test]
    fn the_stagger_stops_at_the_cut_over_and_everyone_left_is_told_then() {
        let now = 10_000;
        let timing = Timing::default();
        // 24 h and 10 min ahead: ten people, one every 3 minutes, would run past the cut-over.
        let starts = now + 24 * 3600 + 600;
        let rest: Vec<i64> = (1..=10).collect();
        let plan = plan(
            &people(&[], &rest),
            false,
            now,
            starts,
            timing,
            &mut StdRng::seed_from_u64(3),
        );
        let dues: Vec<i64> = plan.notices.iter().map(|n| n.due_at).collect();
        assert_eq!(&dues[..4], &[now, now + 180, now + 360, now + 540]);
        assert!(dues[4..].iter().all(|d| *d == now + 600), "{dues:?}");
    }

    #[test]
    fn without_bye_members_nobody_waits_and_private_requests_go_at_once() {
        let now = 5_000;
        let far = now + 7 * 24 * 3600;
        let open = plan(
            &people(&[], &[2, 3]),
            false,
            now,
            far,
            Timing::default(),
            &mut StdRng::seed_from_u64(1),
        );
        assert_eq!(open.listed_at, now);
        let dues: Vec<i64> = open.notices.iter().map(|n| n.due_at).collect();
        assert_eq!(dues, vec![now, now + 180]);
        let private = plan(
            &people(&[1], &[2, 3]),
            true,
            now,
            far,
            Timing::default(),
            &mut StdRng::seed_from_u64(1),
        );
        assert_eq!(private.listed_at, now);
        assert!(private.notices.iter().all(|n| n.due_at == now));
    }
}
