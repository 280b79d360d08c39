//! A club's money settings, on its programs page: the sales taxes a club outside Canada
//! charges, and what its receipts say about it (address, tax registration number).

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, Flash, session};
use super::programs::{Posted, listing, programs_page};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth;
use crate::clubs::receipts::{self, ReceiptDetails};
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TaxForm {
    pub tax_name: String,
    pub tax_rate: String,
}

/// After a settings write: back to the programs page with `done`, or that page again with
/// the posted form and its messages.
async fn answer(
    req: &Request,
    state: &AppState,
    m: &ClubMember,
    outcome: Result<(), ActionError>,
    done: Text,
    posted: impl FnOnce(FieldErrors) -> Posted,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => {
            context::flash(&session(req)?, Flash::notice(m.ctx.lang.t(done))).await?;
            Ok(see_other(&paths::programs(m.ctx.lang, &m.club.slug)))
        }
        Err(ActionError::Invalid(errors)) => {
            let listing = listing(state, &m.club).await?;
            Ok(rejected(programs_page(
                &m.ctx,
                &m.club,
                &listing,
                true,
                posted(errors),
            )))
        }
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn add_tax(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<TaxForm>,
) -> Result<Response, AppError> {
    let (org, region) = (m.club.id, m.club.region.clone());
    let (name, rate) = (form.tax_name.clone(), form.tax_rate.clone());
    let now = auth::now();
    let outcome = state
        .dbs
        .shared
        .write(move |conn| crate::taxes::add_club_tax(conn, org, &region, &name, &rate, now))
        .await;
    answer(req, state, &m, outcome, Text::TaxSaved, |errors| {
        Posted::Tax(form, errors)
    })
    .await
}

#[handler]
pub async fn save_receipt_details(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<ReceiptDetails>,
) -> Result<Response, AppError> {
    let (org, details, now) = (m.club.id, form.clone(), auth::now());
    let outcome = state
        .dbs
        .shared
        .write(move |conn| receipts::save(conn, org, &details, now))
        .await;
    answer(
        req,
        state,
        &m,
        outcome,
        Text::ReceiptDetailsSaved,
        |errors| Posted::Receipt(form, errors),
    )
    .await
}

#[handler]
pub async fn remove_tax(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<TaxForm>,
) -> Result<Response, AppError> {
    let org = m.club.id;
    state
        .dbs
        .shared
        .write(move |conn| crate::taxes::remove_club_tax(conn, org, &form.tax_name))
        .await?;
    context::flash(
        &session(req)?,
        Flash::notice(m.ctx.lang.t(Text::TaxRemoved)),
    )
    .await?;
    Ok(see_other(&paths::programs(m.ctx.lang, &m.club.slug)))
}
