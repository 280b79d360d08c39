//! The home page: what is live now (each game's score, live), what is coming up this week,
//! and the clubs on this server, with a search; then what Clubhouse is.

use maud::{Markup, html};

use super::clubs::region_name;
use super::layout;
use super::scoreboard::{draw_time, result_event, result_fragment};
use crate::clubs::Club;
use crate::i18n::Text;
use crate::scoring::Draw;
use crate::scoring::board::Board;
use crate::sports::Sport;
use crate::web::{PageContext, paths};

/// A public event with games in play, and those games.
pub struct LiveEvent {
    pub club: Club,
    pub board: Board,
    pub games: Vec<i64>,
}

/// A draw of a public event in the coming week.
pub struct Coming {
    pub club: Club,
    pub event: i64,
    pub name: String,
    pub draw: Draw,
}

pub struct Home<'a> {
    pub sports: &'a [Sport],
    pub live: &'a [LiveEvent],
    pub coming: &'a [Coming],
    pub clubs: &'a [Club],
    pub search: &'a str,
    /// The live feed of the events shown live (none: no feed).
    pub live_url: Option<String>,
}

pub fn page(ctx: &PageContext, home: &Home) -> Markup {
    let lang = ctx.lang;
    let features = [
        (Text::HomeLiveTitle, Text::HomeLiveBody),
        (Text::HomeRegistrationTitle, Text::HomeRegistrationBody),
        (Text::HomeOneServerTitle, Text::HomeOneServerBody),
    ];
    let content = html! {
        section.hero {
            h1 { (lang.t(Text::HomeTitle)) }
            p.lead { (lang.t(Text::HomeLead)) }
        }
        div hx-ext=[home.live_url.as_ref().map(|_| "sse")] sse-connect=[home.live_url.as_deref()] {
            section.card #live-now {
                h2 { (lang.t(Text::HomeLiveNow)) }
                @if home.live.is_empty() {
                    p.muted { (lang.t(Text::HomeNothingLive)) }
                }
                @for live in home.live {
                    h3 {
                        a href=(paths::event(lang, &live.club.slug, live.board.event.id)) { (live.board.event.name) }
                        " " span.muted { "· " (live.club.name) }
                    }
                    ul.rows {
                        @for game in live.games.iter().filter_map(|g| live.board.game(*g)) {
                            li.row id=(result_event(game.id)) sse-swap=(result_event(game.id)) {
                                (result_fragment(lang, &live.club.slug, &live.board, game))
                            }
                        }
                    }
                }
            }
        }
        @if !home.coming.is_empty() {
            section.card #this-week {
                h2 { (lang.t(Text::HomeThisWeek)) }
                ul.rows {
                    @for c in home.coming {
                        li.row {
                            a.grow href=(paths::event(lang, &c.club.slug, c.event)) { (c.name) }
                            span.muted { (c.club.name) " · " (draw_time(&c.draw)) }
                        }
                    }
                }
            }
        }
        section.card #clubs {
            h2 { (lang.t(Text::HomeClubs)) }
            form.filter method="get" action=(lang.path("/")) role="search" {
                div.field {
                    label for="club-search" { (lang.t(Text::HomeClubSearch)) }
                    input #club-search type="search" name="q" value=(home.search) autocomplete="off";
                }
                button.button.secondary type="submit" { (lang.t(Text::HomeSearch)) }
            }
            @if home.clubs.is_empty() {
                p.muted { (lang.t(Text::HomeNoClubs)) }
            } @else {
                ul.rows {
                    @for club in home.clubs {
                        li.row {
                            a.grow href=(paths::club(lang, &club.slug)) { (club.name) }
                            span.muted { (lang.t(sport_name(club.sport))) " · " (region_name(lang, &club.region)) }
                        }
                    }
                }
            }
        }
        section.features {
            @for (title, body) in features {
                article.card {
                    h2 { (lang.t(title)) }
                    p { (lang.t(body)) }
                }
            }
        }
        section.sports {
            h2 { (lang.t(Text::HomeSportsTitle)) }
            ul.sport-list {
                @for sport in home.sports {
                    li { (lang.t(sport_name(*sport))) }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::HomeTitle), content)
}

pub fn sport_name(sport: Sport) -> Text {
    match sport {
        Sport::Curling => Text::SportCurling,
        Sport::Pickleball => Text::SportPickleball,
    }
}
