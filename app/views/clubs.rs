//! Club pages: my clubs, create a club, a club's home, its members, and invitations.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::home::sport_name;
use super::layout;
use crate::clubs::members::Member;
use crate::clubs::regions::{self, Region};
use crate::clubs::sheets::Sheet;
use crate::clubs::{Club, Role};
use crate::i18n::{Lang, Text};
use crate::sports::Sport;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct NewClubForm {
    pub name: String,
    pub slug: String,
    pub sport: String,
    pub region: String,
}

pub fn region_name(lang: Lang, code: &str) -> &'static str {
    regions::find(code).map_or("", |r| r.name(lang))
}

pub fn index(ctx: &PageContext, clubs: &[(Club, Role)]) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        h1 { (lang.t(Text::ClubsTitle)) }
        @if clubs.is_empty() {
            p { (lang.t(Text::ClubsNone)) }
        } @else {
            ul.rows {
                @for (club, role) in clubs {
                    li.row {
                        a.grow href=(paths::club(lang, &club.slug)) { (club.name) }
                        span.muted { (lang.t(sport_name(club.sport))) " · " (lang.t(role.label())) }
                    }
                }
            }
        }
        p { a.button href=(paths::new_club(lang)) { (lang.t(Text::ClubNew)) } }
    };
    layout::page(ctx, lang.t(Text::ClubsTitle), content)
}

pub fn new(
    ctx: &PageContext,
    form: &NewClubForm,
    errors: &FieldErrors,
    sports: &[Sport],
) -> Markup {
    let lang = ctx.lang;
    let sport_options: Vec<(String, String)> = sports
        .iter()
        .map(|s| (s.as_str().to_string(), lang.t(sport_name(*s)).to_string()))
        .collect();
    let region_options = region_options(lang);
    let fields = html! {
        (forms::form_error(lang, errors))
        (Input::text("name", Text::ClubName, &form.name).autocomplete("organization").render(lang, errors))
        (Input::text("slug", Text::ClubSlug, &form.slug).hint(Text::ClubSlugHint).render(lang, errors))
        (forms::select(lang, "sport", Text::ClubSport, &sport_options, &form.sport, errors))
        (forms::select(lang, "region", Text::ClubRegion, &region_options, &form.region, errors))
    };
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::ClubNew)) }
            (forms::post_form(ctx, &paths::clubs(lang), Text::ClubCreate, fields))
        }
    };
    layout::page(ctx, lang.t(Text::ClubNew), content)
}

/// The sheets form that was refused: adding one (`None`) or changing the sheet with this id.
pub type SheetFailure<'a> = (Option<i64>, &'a str, &'a FieldErrors);

/// One sheet, for its club's managers: rename, move up or down, remove.
fn sheet_row(
    ctx: &PageContext,
    club: &Club,
    sheet: &Sheet,
    first: bool,
    last: bool,
    failed: Option<SheetFailure>,
) -> Markup {
    let lang = ctx.lang;
    let none = FieldErrors::new();
    let (value, errors) = match failed {
        Some((Some(id), value, errors)) if id == sheet.id => (value.to_string(), errors),
        _ => (sheet.name.clone(), &none),
    };
    let id = format!("sheet-{}", sheet.id);
    let action = |a: &str| paths::sheet_action(lang, &club.slug, sheet.id, a);
    html! {
        li.row.sheet id=(id) {
            form.inline.grow method="post" action=(paths::sheet(lang, &club.slug, sheet.id)) {
                (forms::csrf(ctx))
                label.visually-hidden for=(format!("{id}-name")) { (lang.t(Text::FieldName)) }
                input id=(format!("{id}-name")) type="text" name="name" value=(value) required
                    aria-invalid=[errors.get("").or(errors.get("name")).map(|_| "true")];
                button.button.small.secondary type="submit" { (lang.t(Text::Rename)) }
            }
            @for (way, label, arrow, shown) in [("up", Text::MoveUp, "↑", !first), ("down", Text::MoveDown, "↓", !last)] {
                @if shown {
                    form.inline method="post" action=(action(way)) {
                        (forms::csrf(ctx))
                        button.button.small.secondary type="submit" aria-label=(lang.t(label)) title=(lang.t(label)) { (arrow) }
                    }
                }
            }
            (forms::confirm_form(ctx, &action("delete"), lang.t(Text::Remove), "button small danger"))
            @if let Some(error) = errors.get("").or(errors.get("name")) {
                p.field-error role="alert" { (lang.t(error)) }
            }
        }
    }
}

/// What a club's page shows everyone.
pub struct ClubFront {
    pub zone: chrono_tz::Tz,
    pub now: i64,
    /// Its events anyone may see (members: theirs too), not archived.
    pub events: Vec<crate::scoring::board::EventSummary>,
    /// Programs not yet closed.
    pub programs: Vec<crate::registration::ProgramSummary>,
    /// A member's next games (their teams' and those they spare).
    pub my_games: Vec<crate::spares::mine::MyGame>,
}

fn when(zone: chrono_tz::Tz, at: i64) -> String {
    crate::clubs::clock::wall(zone, at)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The club's events by what is happening: live, coming up, past; and its programs.
fn public_part(ctx: &PageContext, club: &Club, front: &ClubFront) -> Markup {
    let lang = ctx.lang;
    let live: Vec<_> = front.events.iter().filter(|e| e.live).collect();
    let mut coming: Vec<_> = front
        .events
        .iter()
        .filter(|e| !e.live && e.next.is_some())
        .collect();
    coming.sort_by_key(|e| e.next);
    let mut past: Vec<_> = front
        .events
        .iter()
        .filter(|e| !e.live && e.next.is_none())
        .collect();
    past.sort_by_key(|e| std::cmp::Reverse(e.last));
    let link = |e: &crate::scoring::board::EventSummary| paths::event(lang, &club.slug, e.event.id);
    html! {
        @if !front.my_games.is_empty() {
            section.card #my-games {
                h2 { (lang.t(Text::MyGamesTitle)) }
                ul.rows {
                    @for g in &front.my_games {
                        li.row {
                            a.grow href=(paths::game(lang, &club.slug, g.game)) {
                                (g.local.format("%a %Y-%m-%d %H:%M").to_string())
                                @if let Some(sheet) = &g.sheet { " · " (sheet) }
                                " — " (g.teams)
                            }
                            span.muted {
                                (g.event_name)
                                @if g.spare { " · " span.badge { (lang.t(Text::MyGamesSpare)) } }
                            }
                        }
                    }
                }
            }
        }
        @if !live.is_empty() {
            section.card #club-live {
                h2 { (lang.t(Text::HomeLiveNow)) }
                ul.rows {
                    @for e in &live {
                        li.row { a.grow href=(link(e)) { (e.event.name) } span.badge.live { (lang.t(Text::GameLive)) } }
                    }
                }
            }
        }
        section.card #club-events {
            h2 { (lang.t(Text::ClubEvents)) }
            @if coming.is_empty() && past.is_empty() && live.is_empty() {
                p.muted { (lang.t(Text::EventsNone)) }
            }
            @if !coming.is_empty() {
                h3 { (lang.t(Text::UpcomingTitle)) }
                ul.rows {
                    @for e in &coming {
                        li.row {
                            a.grow href=(link(e)) { (e.event.name) }
                            span.muted { @if let Some(at) = e.next { (when(front.zone, at)) } }
                        }
                    }
                }
            }
            @if !past.is_empty() {
                h3 { (lang.t(Text::ClubPastEvents)) }
                ul.rows {
                    @for e in past.iter().take(10) {
                        li.row {
                            a.grow href=(link(e)) { (e.event.name) }
                            span.muted { @if let Some(at) = e.last { (when(front.zone, at)) } }
                        }
                    }
                }
            }
        }
        @if !front.programs.is_empty() {
            section.card #club-programs {
                h2 { (lang.t(Text::ProgramsTitle)) }
                ul.rows {
                    @for p in &front.programs {
                        li.row {
                            a.grow href=(paths::program(lang, &club.slug, p.program.id)) { (p.program.name) }
                            span.muted {
                                @if p.program.opens_at > front.now {
                                    (lang.t(Text::ClubProgramOpens)) " " (when(front.zone, p.program.opens_at))
                                } @else {
                                    (lang.t(Text::ClubProgramOpen))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn show(
    ctx: &PageContext,
    club: &Club,
    role: Option<Role>,
    sheets: &[Sheet],
    failed: Option<SheetFailure>,
    front: &ClubFront,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.club-head {
            h1 { (club.name) }
            p.muted {
                (lang.t(sport_name(club.sport))) " · " (region_name(lang, &club.region))
            }
            @if let Some(role) = role {
                p { (lang.t(Text::ClubYourRole)) " " strong { (lang.t(role.label())) } }
            }
        }
        (public_part(ctx, club, front))
        @if let Some(role) = role {
            (member_part(ctx, club, role, sheets, failed))
        }
    };
    layout::page(ctx, &club.name, content)
}

/// A member's links and the club's sheets (courts), which its admins edit.
fn member_part(
    ctx: &PageContext,
    club: &Club,
    role: Role,
    sheets: &[Sheet],
    failed: Option<SheetFailure>,
) -> Markup {
    let lang = ctx.lang;
    let (title, none) = match club.sport {
        Sport::Curling => (Text::SheetsTitle, Text::SheetsNone),
        Sport::Pickleball => (Text::CourtsTitle, Text::CourtsNone),
    };
    let no_errors = FieldErrors::new();
    let (added, add_errors) = match failed {
        Some((None, value, errors)) => (value, errors),
        _ => ("", &no_errors),
    };
    html! {
        p.actions {
            a.button href=(paths::events(lang, &club.slug)) { (lang.t(Text::ClubEvents)) }
            " " a.button href=(paths::programs(lang, &club.slug)) { (lang.t(Text::ProgramsTitle)) }
            " " a.button.secondary href=(paths::my_registrations(lang, &club.slug)) { (lang.t(Text::MyRegistrationsTitle)) }
            " " a.button.secondary href=(paths::courts(lang, &club.slug)) { (lang.t(Text::BookingTitle)) }
            " " a.button.secondary href=(paths::open_play(lang, &club.slug)) { (lang.t(Text::OpenPlayTitle)) }
            @if role.manages_members() {
                " " a.button.secondary href=(paths::registrations(lang, &club.slug)) { (lang.t(Text::RegistrationsTitle)) }
                " " a.button.secondary href=(paths::members(lang, &club.slug)) { (lang.t(Text::MembersTitle)) }
                " " a.button.secondary href=(paths::club_exports(lang, &club.slug)) { (lang.t(Text::ClubData)) }
                " " a.button.secondary href=(paths::api_keys(lang, &club.slug)) { (lang.t(Text::ClubApiKeys)) }
                " " a.button.secondary href=(paths::webhooks(lang, &club.slug)) { (lang.t(Text::ClubWebhooks)) }
            }
            @if role == Role::Owner {
                " " a.button.secondary href=(paths::club_settings(lang, &club.slug)) { (lang.t(Text::ClubSettings)) }
            }
        }
        section.card #sheets {
            h2 { (lang.t(title)) }
            @if sheets.is_empty() {
                p.muted { (lang.t(none)) }
            } @else if role.manages_members() {
                ul.rows {
                    @for (i, sheet) in sheets.iter().enumerate() {
                        (sheet_row(ctx, club, sheet, i == 0, i + 1 == sheets.len(), failed))
                    }
                }
            } @else {
                ul.chips {
                    @for sheet in sheets { li { (sheet.name) } }
                }
            }
            @if role.manages_members() {
                (forms::post_form(ctx, &paths::sheets(lang, &club.slug), Text::SheetAdd, html! {
                    (forms::form_error(lang, add_errors))
                    (Input::text("name", Text::FieldName, added).render(lang, add_errors))
                }))
            }
        }
    }
}

/// The club settings form, as shown or posted.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub region: String,
    /// An IANA zone name; blank for the region's.
    pub time_zone: String,
    /// `on`: the draws keep their clock time when the zone changes.
    pub keep_clock: Option<String>,
    /// `on`: listed in the server's directory.
    pub listed: Option<String>,
}

impl SettingsForm {
    pub fn of(club: &Club) -> Self {
        SettingsForm {
            name: club.name.clone(),
            region: club.region.clone(),
            time_zone: club.time_zone.clone().unwrap_or_default(),
            keep_clock: Some("on".into()),
            listed: club.listed.then(|| "on".into()),
        }
    }
}

fn region_options(lang: Lang) -> Vec<(String, String)> {
    let group = |regions: &[Region]| -> Vec<(String, String)> {
        regions
            .iter()
            .map(|r| (r.code.to_string(), r.name(lang).to_string()))
            .collect()
    };
    let mut options = vec![(String::new(), lang.t(Text::ChooseOne).to_string())];
    options.extend(group(regions::CANADA));
    options.extend(group(regions::UNITED_STATES));
    options
}

/// The owners' page: the club's name, region and time zone.
pub fn settings(
    ctx: &PageContext,
    club: &Club,
    form: &SettingsForm,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let mut zones: Vec<&str> = regions::CANADA
        .iter()
        .chain(regions::UNITED_STATES)
        .map(|r| regions::time_zone(r.code).name())
        .collect();
    zones.sort_unstable();
    zones.dedup();
    let current = crate::clubs::clock::zone(club);
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        section.narrow {
            h1 { (lang.t(Text::ClubSettings)) }
            (forms::post_form(ctx, &paths::club_settings(lang, &club.slug), Text::Save, html! {
                (forms::form_error(lang, errors))
                (Input::text("name", Text::ClubName, &form.name).autocomplete("organization").render(lang, errors))
                (forms::select(lang, "region", Text::ClubRegion, &region_options(lang), &form.region, errors))
                div.field.field-invalid[errors.get("time_zone").is_some()] {
                    label for="field-time_zone" { (lang.t(Text::ClubTimeZone)) }
                    input #field-time_zone type="text" name="time_zone" value=(form.time_zone) list="zones" autocomplete="off"
                        placeholder=(regions::time_zone(&club.region).name())
                        aria-describedby="field-time_zone-note" aria-invalid=[errors.get("time_zone").map(|_| "true")];
                    datalist #zones { @for z in &zones { option value=(z) {} } }
                    @if let Some(error) = errors.get("time_zone") {
                        p.field-error #field-time_zone-note { (lang.t(error)) }
                    } @else {
                        p.field-hint #field-time_zone-note { (lang.format(Text::ClubTimeZoneHint, &[("zone", current.name())])) }
                    }
                }
                (super::setup::checkbox(lang, "keep_clock", Text::ClubKeepClock, form.keep_clock.is_some()))
                (super::setup::checkbox(lang, "listed", Text::ClubListed, form.listed.is_some()))
            }))
        }
    };
    layout::page(ctx, lang.t(Text::ClubSettings), content)
}

pub fn members(
    ctx: &PageContext,
    club: &Club,
    my_role: Role,
    me: i64,
    members: &[Member],
    outstanding: &[crate::clubs::invitations::Outstanding],
) -> Markup {
    let lang = ctx.lang;
    let zone = crate::clubs::clock::zone(club);
    let grantable: Vec<(String, String)> = Role::ALL
        .iter()
        .filter(|r| my_role.may_grant(**r))
        .map(|r| (r.as_str().to_string(), lang.t(r.label()).to_string()))
        .collect();
    let none = FieldErrors::new();
    let content = html! {
        p { a href=(paths::club(lang, &club.slug)) { "← " (club.name) } }
        h1 { (lang.t(Text::MembersTitle)) }
        ul.rows {
            @for member in members {
                li.row.member {
                    span.grow {
                        (member.name)
                        @if member.account_id.get() == me { span.badge { (lang.t(Text::ProfileYou)) } }
                        br;
                        span.muted { (member.email) }
                    }
                    @if my_role.may_grant(member.role) {
                        form.inline method="post" action=(paths::member_role(lang, &club.slug, member.account_id.get())) {
                            (forms::csrf(ctx))
                            label.visually-hidden for=(format!("role-{}", member.account_id)) { (lang.t(Text::FieldRole)) }
                            select id=(format!("role-{}", member.account_id)) name="role" {
                                @for (value, text) in &grantable {
                                    option value=(value) selected[value == member.role.as_str()] { (text) }
                                }
                            }
                            button.button.small type="submit" { (lang.t(Text::Save)) }
                        }
                        (forms::confirm_form(ctx, &paths::member_remove(lang, &club.slug, member.account_id.get()), lang.t(Text::Remove), "button small danger"))
                    } @else {
                        span.badge { (lang.t(member.role.label())) }
                    }
                }
            }
        }
        section.card {
            h2 { (lang.t(Text::InviteTitle)) }
            p.muted { (lang.t(Text::InviteLead)) }
            (forms::post_form(ctx, &paths::invitations(lang, &club.slug), Text::InviteCreate, html! {
                (forms::select(lang, "role", Text::FieldRole, &grantable, Role::Member.as_str(), &none))
                (Input::text("email", Text::InviteEmail, "").kind("email").optional().render(lang, &none))
            }))
        }
        section.card #pending-invitations {
            h2 { (lang.t(Text::InvitationsPending)) }
            @if outstanding.is_empty() {
                p.muted { (lang.t(Text::InvitationsPendingNone)) }
            } @else {
                ul.rows {
                    @for invitation in outstanding {
                        li.row {
                            span.grow {
                                @match &invitation.email {
                                    Some(email) => { (email) }
                                    None => { (lang.t(Text::InvitationLinkOnly)) }
                                }
                                " · " (lang.t(invitation.role.label())) br;
                                span.muted { (lang.format(Text::InvitationExpires, &[("when", &crate::clubs::clock::display(zone, invitation.expires_at))])) }
                            }
                            @if my_role.may_grant(invitation.role) {
                                (forms::confirm_form(ctx, &paths::invitation_revoke(lang, &club.slug, invitation.id), lang.t(Text::InvitationRevoke), "button small danger"))
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::MembersTitle), content)
}

/// The page an invitation link opens.
pub fn invitation(
    ctx: &PageContext,
    token: &str,
    invitation: &crate::clubs::invitations::Pending,
    refusal: Option<Text>,
    sign_in_url: &str,
    sign_up_url: &str,
) -> Markup {
    let lang = ctx.lang;
    let invited = lang.format(
        Text::InvitedTo,
        &[
            ("club", &invitation.club.name),
            ("role", lang.t(invitation.role.label())),
        ],
    );
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::InvitationTitle)) }
            p.lead { (invited) }
            @if let Some(email) = &invitation.email {
                p { (lang.format(Text::InvitationFor, &[("email", email)])) }
            }
            @if let Some(refusal) = refusal {
                div.flash.flash-alert role="alert" { (lang.t(refusal)) }
            } @else if ctx.viewer.is_some() {
                (forms::button_form(ctx, &paths::invitation(lang, token), lang.t(Text::InvitationAccept), "button"))
            } @else {
                p { (lang.t(Text::InvitationSignInFirst)) }
                p.actions {
                    a.button href=(sign_up_url) { (lang.t(Text::SignUp)) }
                    " "
                    a.button.secondary href=(sign_in_url) { (lang.t(Text::SignIn)) }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::InvitationTitle), content)
}
