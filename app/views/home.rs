//! The home page.

use maud::{Markup, html};

use super::layout;
use crate::i18n::Text;
use crate::sports::Sport;
use crate::web::PageContext;

pub fn page(ctx: &PageContext, sports: &[Sport]) -> Markup {
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
                @for sport in sports {
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
