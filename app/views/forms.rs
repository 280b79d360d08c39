//! Form pieces shared by every page: labelled inputs with their error beside them, the CSRF
//! field, selects and buttons.

use maud::{Markup, html};

use crate::i18n::{Lang, Text};
use crate::validation::FieldErrors;
use crate::web::PageContext;

/// One labelled input.
pub struct Input<'a> {
    pub name: &'static str,
    pub label: Text,
    pub value: &'a str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub required: bool,
    pub hint: Option<Text>,
}

impl<'a> Input<'a> {
    pub fn text(name: &'static str, label: Text, value: &'a str) -> Self {
        Input {
            name,
            label,
            value,
            kind: "text",
            autocomplete: "off",
            required: true,
            hint: None,
        }
    }

    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'static str) -> Self {
        self.autocomplete = autocomplete;
        self
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn render(&self, lang: Lang, errors: &FieldErrors) -> Markup {
        let id = format!("field-{}", self.name);
        let error = errors.get(self.name);
        let described = format!("{id}-note");
        // Passwords are never sent back to the browser.
        let value = if self.kind == "password" {
            ""
        } else {
            self.value
        };
        html! {
            div.field.field-invalid[error.is_some()] {
                label for=(id) { (lang.t(self.label)) }
                input #(id) type=(self.kind) name=(self.name) value=(value)
                    autocomplete=(self.autocomplete) required[self.required]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[(error.is_some() || self.hint.is_some()).then_some(&described)];
                @if let Some(error) = error {
                    p.field-error id=(described) { (lang.t(error)) }
                } @else if let Some(hint) = self.hint {
                    p.field-hint id=(described) { (lang.t(hint)) }
                }
            }
        }
    }
}

/// A field: its label, the control `control(id, aria_invalid)` draws, and its error.
fn labelled(
    lang: Lang,
    name: &'static str,
    label: Text,
    errors: &FieldErrors,
    control: impl FnOnce(&str, Option<&'static str>) -> Markup,
) -> Markup {
    let id = format!("field-{name}");
    let error = errors.get(name);
    html! {
        div.field.field-invalid[error.is_some()] {
            label for=(id) { (lang.t(label)) }
            (control(&id, error.map(|_| "true")))
            @if let Some(error) = error {
                p.field-error { (lang.t(error)) }
            }
        }
    }
}

/// A labelled select; `options` are (value, label).
pub fn select(
    lang: Lang,
    name: &'static str,
    label: Text,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    labelled(lang, name, label, errors, |id, invalid| {
        html! {
            select #(id) name=(name) aria-invalid=[invalid] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    })
}

/// A labelled text area of a few lines.
pub fn textarea(
    lang: Lang,
    name: &'static str,
    label: Text,
    value: &str,
    errors: &FieldErrors,
) -> Markup {
    labelled(lang, name, label, errors, |id, invalid| {
        html! { textarea #(id) name=(name) rows="3" aria-invalid=[invalid] { (value) } }
    })
}

/// The hidden field carrying the session's CSRF token.
pub fn csrf(ctx: &PageContext) -> Markup {
    html! {
        @if let Some(token) = &ctx.csrf {
            input type="hidden" name="_csrf" value=(token);
        }
    }
}

/// At the top of a refused form: every message, each linking to its field, focused when
/// the page arrives, so nobody has to hunt for a message far below.
pub fn form_error(lang: Lang, errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.flash.flash-alert.error-summary role="alert" tabindex="-1" autofocus {
                @if let Some(error) = errors.get("") {
                    p { strong { (lang.t(error)) } }
                }
                @let fields: Vec<_> = errors.iter().filter(|(f, _)| !f.is_empty()).collect();
                @if !fields.is_empty() {
                    p { strong { (lang.t(Text::ErrorSummary)) } }
                    ul {
                        @for (field, text) in fields {
                            li { a href=(format!("#field-{field}")) { (lang.t(text)) } }
                        }
                    }
                }
            }
        }
    }
}

/// A form that posts to `action`, with the CSRF field, `fields` and a submit button.
pub fn post_form(ctx: &PageContext, action: &str, submit: Text, fields: Markup) -> Markup {
    html! {
        form.stack method="post" action=(action) {
            (csrf(ctx))
            (fields)
            button.button type="submit" { (ctx.lang.t(submit)) }
        }
    }
}

/// A one-button form (sign out, remove, accept).
pub fn button_form(ctx: &PageContext, action: &str, label: &str, class: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf(ctx))
            button type="submit" class=(class) { (label) }
        }
    }
}

/// A one-button form for something that cannot be undone: the button first opens the
/// question, with the real button under it — no JavaScript needed.
pub fn confirm_form(ctx: &PageContext, action: &str, label: &str, class: &str) -> Markup {
    let lang = ctx.lang;
    html! {
        details.confirm {
            summary class=(class) { (label) }
            div.confirm-body role="group" {
                p { (lang.t(Text::ConfirmQuestion)) }
                form.inline method="post" action=(action) {
                    (csrf(ctx))
                    button type="submit" class="button danger" { (lang.format(Text::ConfirmYes, &[("action", label)])) }
                }
            }
        }
    }
}
