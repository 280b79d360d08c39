//! Last-stone draws: before a curling game each team throws its LSD stones (two for a team
//! of four, by different players; one for mixed doubles). They decide the first hammer —
//! the lower total, or on a tie the lower single stone — and over the season they make the
//! Draw Shot Challenge that ranks ties (`standings::dsc`).
//!
//! Distances are kept exactly, in tenths of a centimetre from the pin to the stone's
//! centre; a stone that missed the house is recorded as a miss.

use crate::db::Conn;
use diesel::prelude::*;

use super::GameState;
use super::standings::dsc::{DscSettings, OutOfRange, Tenths};
use crate::db::tenant::{OrgScope, games, lsd_stones};
use crate::i18n::Text;
use crate::sports::Side;
use crate::validation::{ActionError, FieldErrors};

/// One stone as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stone {
    pub side: Side,
    pub ordinal: u8,
    /// `None`: missed the house.
    pub distance: Option<Tenths>,
}

/// How many LSD stones a team throws per game.
pub fn stones_per_team(mixed_doubles: bool) -> usize {
    if mixed_doubles { 1 } else { 2 }
}

/// One stone as typed: a distance in centimetres ("35.3", "35,3"), or the miss box.
#[derive(Debug, Clone, Default)]
pub struct StoneInput {
    pub distance: String,
    pub missed: bool,
}

/// Reads a distance typed in centimetres (one decimal; a comma works too) as tenths, within
/// the settings' range: a distance past the miss value is clamped to it or refused.
pub fn parse_distance(input: &StoneInput, settings: &DscSettings) -> Result<Option<Tenths>, Text> {
    if input.missed {
        return Ok(None);
    }
    let text = input.distance.trim().replace(',', ".");
    if text.is_empty() {
        return Err(Text::LsdRequired);
    }
    let cm: f64 = text.parse().map_err(|_| Text::LsdInvalid)?;
    if !cm.is_finite() || cm < 0.0 {
        return Err(Text::LsdInvalid);
    }
    let tenths = (cm * 10.0).round();
    if tenths > f64::from(settings.miss) {
        return match settings.out_of_range {
            OutOfRange::Clamp => Ok(Some(settings.miss)),
            OutOfRange::Refuse => Err(Text::LsdTooFar),
        };
    }
    Ok(Some(tenths as Tenths))
}

/// The side with the first hammer: the lower total of its stones, or on equal totals the
/// lower single stone; `None` when even that is level (a coin toss).
pub fn first_hammer(
    settings: &DscSettings,
    one: &[Option<Tenths>],
    two: &[Option<Tenths>],
) -> Option<Side> {
    let total = |s: &[Option<Tenths>]| s.iter().map(|d| u32::from(settings.value(*d))).sum::<u32>();
    let best = |s: &[Option<Tenths>]| s.iter().map(|d| settings.value(*d)).min();
    match total(one).cmp(&total(two)) {
        std::cmp::Ordering::Less => Some(Side::One),
        std::cmp::Ordering::Greater => Some(Side::Two),
        std::cmp::Ordering::Equal => match best(one).cmp(&best(two)) {
            std::cmp::Ordering::Less => Some(Side::One),
            std::cmp::Ordering::Greater => Some(Side::Two),
            std::cmp::Ordering::Equal => None,
        },
    }
}

/// A game's last-stone draws as entered: `stones[side][i]`, each a distance or a miss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draws {
    /// The game's version the scorekeeper saw.
    pub version: i64,
    pub stones: [Vec<Option<Tenths>>; 2],
    pub by: Option<i64>,
    pub now: i64,
}

/// Records a game's LSD stones (`stones[side][i]`, each a distance or a miss) before it
/// starts, replacing any recorded before, and gives the first hammer by them (a level
/// result leaves the hammer as it was). Refused once the game has started.
pub fn record(
    conn: &mut Conn,
    club: &OrgScope,
    game: i64,
    draws: &Draws,
    settings: &DscSettings,
) -> Result<Option<Side>, ActionError> {
    let Draws {
        version,
        stones,
        by,
        now,
    } = draws;
    let (version, by, now) = (*version, *by, *now);
    let (state, current, event): (String, i64, i64) = games::of(club)
        .filter(games::id.eq(game))
        .select((games::state, games::version, games::event_id))
        .first(conn)?;
    if state != GameState::Scheduled.as_str() {
        return Err(ActionError::Refused(Text::LsdAfterStart));
    }
    if current != version {
        return Err(ActionError::Refused(Text::ScoreConflict));
    }
    if stones.iter().any(|s| s.is_empty()) {
        return Err(ActionError::Invalid(FieldErrors::one(
            "",
            Text::LsdRequired,
        )));
    }
    diesel::delete(lsd_stones::of(club).filter(lsd_stones::game_id.eq(game))).execute(conn)?;
    for side in Side::BOTH {
        for (ordinal, distance) in stones[side.index()].iter().enumerate() {
            lsd_stones::insert(
                club,
                (
                    lsd_stones::game_id.eq(game),
                    lsd_stones::side.eq(side.number()),
                    lsd_stones::ordinal.eq(ordinal as i64),
                    lsd_stones::distance.eq(distance.map(i64::from)),
                    lsd_stones::recorded_by.eq(by),
                    lsd_stones::recorded_at.eq(now),
                ),
            )
            .execute(conn)?;
        }
    }
    let hammer = first_hammer(settings, &stones[0], &stones[1]);
    let update = diesel::update(games::of(club).filter(games::id.eq(game)));
    match hammer {
        Some(side) => update
            .set((
                games::first_side.eq(side.number()),
                games::version.eq(games::version + 1),
                games::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => update
            .set((
                games::version.eq(games::version + 1),
                games::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    // The draw shot challenge breaks ties with these stones.
    super::edit::standings_changed(conn, club, event, now)?;
    Ok(hammer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(distance: &str) -> StoneInput {
        StoneInput {
            distance: distance.into(),
            missed: false,
        }
    }

    #[test]
    fn distances_are_read_in_centimetres_and_kept_in_tenths() {
        let s = DscSettings::default();
        assert_eq!(parse_distance(&typed("35.3"), &s), Ok(Some(353)));
        assert_eq!(parse_distance(&typed("35,3"), &s), Ok(Some(353)));
        assert_eq!(parse_distance(&typed("0"), &s), Ok(Some(0)));
        assert_eq!(parse_distance(&typed("199.6"), &s), Ok(Some(1996)));
        assert_eq!(
            parse_distance(
                &StoneInput {
                    distance: String::new(),
                    missed: true
                },
                &s
            ),
            Ok(None)
        );
        for bad in ["", "far", "-3", "NaN"] {
            assert!(parse_distance(&typed(bad), &s).is_err(), "{bad}");
        }
        // Past the miss value: clamped, or refused, as the event says.
        assert_eq!(parse_distance(&typed("250"), &s), Ok(Some(1996)));
        let strict = DscSettings {
            out_of_range: OutOfRange::Refuse,
            ..s
        };
        assert_eq!(parse_distance(&typed("250"), &strict), Err(Text::LsdTooFar));
    }

    #[test]
    fn the_lower_total_has_the_hammer_then_the_lower_single_stone() {
        let s = DscSettings::default();
        assert_eq!(
            first_hammer(&s, &[Some(100), Some(200)], &[Some(150), Some(160)]),
            Some(Side::One)
        );
        assert_eq!(
            first_hammer(&s, &[Some(100), Some(250)], &[Some(150), Some(160)]),
            Some(Side::Two)
        );
        // Equal totals (300 each): the lower single stone, 100 against 140.
        assert_eq!(
            first_hammer(&s, &[Some(100), Some(200)], &[Some(140), Some(160)]),
            Some(Side::One)
        );
        // A miss counts as the miss value.
        assert_eq!(
            first_hammer(&s, &[None, Some(100)], &[Some(1000), Some(1000)]),
            Some(Side::Two)
        );
        assert_eq!(
            first_hammer(&s, &[Some(5), Some(5)], &[Some(5), Some(5)]),
            None
        );
    }
}
