//! Static assets embedded at build time (see `build.rs`), served under content-hashed names
//! so browsers may cache them forever.

pub struct Asset {
    /// The name views ask for, e.g. `app.css`.
    pub name: &'static str,
    /// The name in the URL, with a hash of the content, e.g. `app.3f2a9c1b0d4e.css`.
    pub hashed: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The URL of an asset by its plain name.
pub fn url(name: &str) -> String {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(asset) => format!("/assets/{}", asset.hashed),
        // Unknown names are a programming error caught by the test below; the link 404s.
        None => format!("/assets/{name}"),
    }
}

/// The asset a hashed URL names.
pub fn by_hashed_name(hashed: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.hashed == hashed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_the_layout_uses_is_embedded_with_a_hashed_name() {
        for name in ["app.css", "app.js", "htmx.js", "htmx-sse.js"] {
            let url = url(name);
            let hashed = url.trim_start_matches("/assets/");
            let asset = by_hashed_name(hashed).unwrap_or_else(|| panic!("{name} is not embedded"));
            assert_ne!(asset.hashed, name, "{name} has no content hash");
            assert!(!asset.bytes.is_empty());
        }
    }
}
