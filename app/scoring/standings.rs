//! Standings: wins, losses, ties and points for and against, from the event's final games.
//! Ordered by wins, then fewer losses, then point differential, then name.

use super::GameState;
use super::board::Board;
use crate::sports::{Outcome, Side};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub team: i64,
    pub name: String,
    pub played: u32,
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    pub points_for: u32,
    pub points_against: u32,
}

impl Row {
    pub fn differential(&self) -> i64 {
        i64::from(self.points_for) - i64::from(self.points_against)
    }
}

pub fn of(board: &Board) -> Vec<Row> {
    let mut rows: Vec<Row> = board
        .teams
        .iter()
        .map(|t| Row {
            team: t.id,
            name: t.name.clone(),
            played: 0,
            wins: 0,
            losses: 0,
            ties: 0,
            points_for: 0,
            points_against: 0,
        })
        .collect();
    for game in board.games.iter().filter(|g| g.state == GameState::Final) {
        let score = game.score(&board.event.rules);
        let Some(outcome) = score.outcome() else {
            continue;
        };
        for side in Side::BOTH {
            let Some(row) = rows.iter_mut().find(|r| r.team == game.team(side)) else {
                continue;
            };
            row.played += 1;
            row.points_for += score.points(side);
            row.points_against += score.points(side.other());
            match outcome {
                Outcome::Won(winner) if winner == side => row.wins += 1,
                Outcome::Won(_) => row.losses += 1,
                Outcome::Tied => row.ties += 1,
            }
        }
    }
    rows.sort_by(|a, b| {
        b.wins
            .cmp(&a.wins)
            .then(a.losses.cmp(&b.losses))
            .then(b.differential().cmp(&a.differential()))
            .then(a.name.cmp(&b.name))
    });
    rows
}
