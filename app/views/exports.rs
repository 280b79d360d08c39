//! A club's data: the exports page (live progress, downloads), the delete-the-club
//! confirmation, and the deletion's progress page.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use super::operator::relative;
use crate::clubs::Club;
use crate::clubs::deletion::ClubDeletion;
use crate::clubs::export::ClubExport;
use crate::i18n::{Lang, Text};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// The SSE event that carries one export's row.
pub fn event(export: i64) -> String {
    format!("export-{export}")
}

/// One export's row on the page; live updates replace what is inside it.
pub fn row(lang: Lang, club: &Club, export: &ClubExport) -> Markup {
    html! {
        li.row.export id=(event(export.id)) sse-swap=(event(export.id)) {
            (row_content(lang, club, export))
        }
    }
}

/// Inside an export's row: its state, its progress, and the file once it is ready.
pub fn row_content(lang: Lang, club: &Club, export: &ClubExport) -> Markup {
    let now = crate::jobs::queue::now_ms();
    let state = match export.state.as_str() {
        "done" => Text::ClubExportReady,
        "failed" => Text::ClubExportFailed,
        "running" => Text::ClubExportRunning,
        _ => Text::ClubExportQueued,
    };
    html! {
            span.grow {
                (relative(lang, export.created_at * 1000, now)) " · "
                span.badge.danger[export.is_failed()] { (lang.t(state)) }
                " "
                progress max="100" value=(export.percent()) { (export.percent()) "%" }
                " "
                span.muted { (lang.format(Text::ClubExportRows, &[("rows", &export.rows_copied.to_string())])) }
                @if let Some(error) = &export.error { br; span.error { (error) } }
            }
            @if export.is_done() {
                a.button.small href=(paths::club_export_file(lang, &club.slug, export.id)) hx-boost="false" {
                    (lang.t(Text::ClubExportDownload))
                    @if let Some(bytes) = export.bytes { " (" (super::backups::bytes(lang, bytes as u64)) ")" }
                }
            }
    }
}

pub struct ExportsPage<'a> {
    pub club: &'a Club,
    pub exports: &'a [ClubExport],
    pub live_url: String,
    pub may_delete: bool,
}

pub fn exports(ctx: &PageContext, page: &ExportsPage) -> Markup {
    let lang = ctx.lang;
    let club = page.club;
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::ClubExportTitle)) }
        p { (lang.t(Text::ClubExportLead)) }
        (forms::button_form(ctx, &paths::club_exports(lang, &club.slug), lang.t(Text::ClubExportStart), "button"))
        div hx-ext="sse" sse-connect=(page.live_url) {
            @if page.exports.is_empty() {
                p.muted { (lang.t(Text::ClubExportNone)) }
            } @else {
                ul.rows #exports { @for export in page.exports { (row(lang, club, export)) } }
            }
        }
        @if page.may_delete {
            section.card.danger-zone {
                h2 { (lang.t(Text::ClubDeleteTitle)) }
                p { a.button.danger href=(paths::club_delete(lang, &club.slug)) { (lang.t(Text::ClubDeleteTitle)) } }
            }
        }
    };
    layout::page(ctx, lang.t(Text::ClubExportTitle), content)
}

pub fn delete(ctx: &PageContext, club: &Club, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::ClubDeleteTitle)) }
        p.alert { (lang.format(Text::ClubDeleteWarning, &[("club", &club.name)])) }
        form method="post" action=(paths::club_delete(lang, &club.slug)) {
            (forms::csrf(ctx))
            (forms::form_error(lang, errors))
            (Input::text("confirm", Text::ClubDeleteConfirm, "").autocomplete("off").render(lang, errors))
            p.muted { strong { (club.name) } }
            button.button.danger type="submit" { (lang.t(Text::ClubDeleteButton)) }
        }
    };
    layout::page(ctx, lang.t(Text::ClubDeleteTitle), content)
}

pub fn deletion(ctx: &PageContext, deletion: &ClubDeletion) -> Markup {
    let lang = ctx.lang;
    let path = paths::club_deletion(lang, deletion.id);
    let rows = deletion.rows_deleted.to_string();
    let line = match deletion.state.as_str() {
        "done" => lang.format(
            Text::ClubDeletionDone,
            &[("club", &deletion.name), ("rows", &rows)],
        ),
        "failed" => lang.format(Text::ClubDeletionFailed, &[("club", &deletion.name)]),
        _ => lang.format(
            Text::ClubDeletionProgress,
            &[
                ("done", &deletion.tables_done.to_string()),
                ("total", &deletion.tables_total.to_string()),
                ("rows", &rows),
            ],
        ),
    };
    let content = html! {
        // The club is gone, so there is no club topic to follow: until it is done, the
        // block asks for itself again every second.
        div #deletion hx-get=[(!deletion.is_done()).then_some(&path)] hx-trigger="every 1s" hx-select="#deletion" hx-swap="outerHTML" {
            h1 { (lang.format(Text::ClubDeletionTitle, &[("club", &deletion.name)])) }
            progress max="100" value=(deletion.percent()) { (deletion.percent()) "%" }
            p #deletion-state data-state=(deletion.state) { (line) }
            @if let Some(error) = &deletion.error { p.error { (error) } }
            p { a href=(paths::clubs(lang)) { (lang.t(Text::NavClubs)) } }
        }
    };
    layout::page(ctx, &deletion.name, content)
}
