//! `GET /assets/:file`: embedded assets by content-hashed name, cacheable forever.

use poem::web::Path;
use poem::{IntoResponse, Response, handler};

use super::AppError;
use crate::assets::by_hashed_name;

#[handler]
pub fn show(Path(file): Path<String>) -> Result<Response, AppError> {
    let asset = by_hashed_name(&file).ok_or(AppError::NotFound)?;
    Ok(asset
        .bytes
        .with_content_type(asset.content_type)
        .with_header("cache-control", "public, max-age=31536000, immutable")
        .into_response())
}
