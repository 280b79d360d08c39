//! The circle (polygon) method: a round robin as rounds of pairings, each pair once per
//! cycle, each team "listed first" (first hammer, or first serve) about half the time, and
//! the fewest breaks (the same listing twice in a row) there can be. COMPETITIONS.md 3.1.

/// One game of a round: team indexes, the one listed first first.
pub type Pairing = [usize; 2];

/// The rounds of a round robin of `n` teams (indexes `0..n`) over `cycles` cycles; a second
/// cycle repeats the first with every listing swapped. An odd `n` gets a ghost team; a game
/// against it is a bye and is left out, so such rounds have one game fewer.
pub fn rounds(n: usize, cycles: usize) -> Vec<Vec<Pairing>> {
    if n < 2 {
        return Vec::new();
    }
    let even = n + n % 2;
    let ghost = (n % 2 == 1).then_some(even - 1);
    let m = even - 1;
    let fixed = even - 1;
    let mut single: Vec<Vec<Pairing>> = Vec::with_capacity(m);
    for r in 0..m {
        let mut round = Vec::with_capacity(even / 2);
        round.push(if r % 2 == 0 { [fixed, r] } else { [r, fixed] });
        for k in 1..even / 2 {
            let a = (r + k) % m;
            let b = (r + m - k) % m;
            round.push(if k % 2 == 1 { [a, b] } else { [b, a] });
        }
        round.retain(|g| Some(g[0]) != ghost && Some(g[1]) != ghost);
        single.push(round);
    }
    let mut all = Vec::with_capacity(m * cycles);
    for cycle in 0..cycles {
        for round in &single {
            all.push(
                round
                    .iter()
                    .map(|g| if cycle % 2 == 0 { *g } else { [g[1], g[0]] })
                    .collect(),
            );
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// R1: every pair once, each team listed first ⌊(n−1)/2⌋ or ⌈(n−1)/2⌉ times, no team
    /// twice in a round, and (even n) exactly n−2 breaks.
    #[test]
    fn r1_the_circle_covers_every_pair_once_with_balanced_listing_and_minimal_breaks() {
        for n in 2..=20 {
            let rs = rounds(n, 1);
            let mut met = vec![vec![0; n]; n];
            let mut first = vec![0usize; n];
            let mut listings: Vec<Vec<bool>> = vec![Vec::new(); n];
            for round in &rs {
                let mut seen = vec![false; n];
                for [a, b] in round {
                    assert!(!seen[*a] && !seen[*b], "n={n}: a team twice in a round");
                    seen[*a] = true;
                    seen[*b] = true;
                    met[*a][*b] += 1;
                    met[*b][*a] += 1;
                    first[*a] += 1;
                    listings[*a].push(true);
                    listings[*b].push(false);
                }
            }
            for a in 0..n {
                for (b, times) in met[a].iter().enumerate() {
                    if a != b {
                        assert_eq!(*times, 1, "n={n}: {a} and {b}");
                    }
                }
                let (lo, hi) = ((n - 1) / 2, n / 2);
                assert!(
                    (lo..=hi).contains(&first[a]),
                    "n={n}: team {a} listed first {} times",
                    first[a]
                );
            }
            if n % 2 == 0 {
                let breaks: usize = listings
                    .iter()
                    .map(|l| l.windows(2).filter(|w| w[0] == w[1]).count())
                    .sum();
                assert_eq!(breaks, n - 2, "n={n}");
            }
        }
    }

    #[test]
    fn a_double_round_robin_swaps_every_listing() {
        for n in [4, 5, 8] {
            let rs = rounds(n, 2);
            let mut first = vec![0usize; n];
            for [a, _] in rs.iter().flatten() {
                first[*a] += 1;
            }
            assert!(first.iter().all(|f| *f == n - 1), "n={n}: {first:?}");
        }
    }
}
