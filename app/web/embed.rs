//! Embeddable scoreboards (`/embed/…`): the event's and a game's, which any site may frame
//! (their Content-Security-Policy says `frame-ancestors *`; every other page forbids it).

use poem::web::Data;
use poem::{Request, handler};

use super::context::ClubVisitor;
use super::events::{check_visible, id_param, watched};
use super::{AppState, games};
use crate::views;

#[handler]
pub async fn event(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let (sections, live_url) = watched(req, state, &visitor).await?;
    Ok(views::embed::event(
        &visitor.ctx,
        &visitor.club,
        &sections,
        &live_url,
    ))
}

#[handler]
pub async fn game(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let id = id_param(req, "game")?;
    let after = state.hub.head();
    let (board, game) = games::load(state, &visitor.club, id).await?;
    check_visible(&visitor, &board.event)?;
    let live_url = games::game_feed(&visitor.club, visitor.ctx.lang, id, after);
    Ok(views::embed::game(
        &visitor.ctx,
        &visitor.club,
        &board,
        &game,
        &live_url,
    ))
}
