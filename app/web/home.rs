//! The home page: what Clubhouse is.

use maud::Markup;
use poem::handler;
use poem::web::Data;

use super::{AppState, PageContext};
use crate::views;

#[handler]
pub fn index(ctx: PageContext, Data(state): Data<&AppState>) -> Markup {
    views::home::page(&ctx, &state.config.sports)
}
