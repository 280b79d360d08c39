//! A visitor of the app as a browser would be: a cookie jar, pages, and forms posted with
//! the page's CSRF token.

use std::time::Duration;

use anyhow::{Context, bail};

pub const PASSWORD: &str = "a long enough passphrase";

#[derive(Clone)]
pub struct Visitor {
    client: reqwest::Client,
    base: String,
}

impl Visitor {
    pub fn new(base: &str) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(64)
            .build()
            .context("cannot build the HTTP client")?;
        Ok(Visitor {
            client,
            base: base.trim_end_matches('/').to_string(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The status and body of `path`.
    pub async fn fetch(&self, path: &str) -> anyhow::Result<(u16, String)> {
        let response = self
            .client
            .get(self.url(path))
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        let status = response.status().as_u16();
        Ok((status, response.text().await.unwrap_or_default()))
    }

    /// The body of a page that must answer 200.
    pub async fn page(&self, path: &str) -> anyhow::Result<String> {
        match self.fetch(path).await? {
            (200, body) => Ok(body),
            (status, _) => bail!("GET {path}: status {status}"),
        }
    }

    /// Posts `fields` with the form token `token`.
    async fn send(
        &self,
        path: &str,
        token: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<reqwest::Response> {
        let mut form = vec![("_csrf", token)];
        form.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .with_context(|| format!("POST {path}"))
    }

    /// Posts `fields` with `token`; returns the status and the redirect target.
    pub async fn post(
        &self,
        path: &str,
        token: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<(u16, String)> {
        let response = self.send(path, token, fields).await?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        // Read the body so the connection can be reused.
        let _ = response.bytes().await;
        Ok((status, location))
    }

    /// Posts `fields` with `token`; returns the status and the page answered.
    pub async fn post_page(
        &self,
        path: &str,
        token: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<(u16, String)> {
        let response = self.send(path, token, fields).await?;
        let status = response.status().as_u16();
        let body = response
            .text()
            .await
            .with_context(|| format!("POST {path}: the answer"))?;
        Ok((status, body))
    }

    /// Opens `page`, then submits its form to `path` as a person would; the answer must be
    /// the form's redirect, whose target is returned.
    pub async fn submit(
        &self,
        page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<String> {
        let body = self.page(page).await?;
        let token = hidden(&body, "_csrf").with_context(|| format!("no form on {page}"))?;
        match self.post(path, &token, fields).await? {
            (303, location) => Ok(location),
            (status, _) => bail!("POST {path}: status {status}, expected a redirect"),
        }
    }

    /// Signs up a new account and confirms its address through the link the page shows
    /// (the server must send no email: without `SMTP_URL` the link is on the page), which
    /// signs it in.
    pub async fn sign_up(&self, name: &str, email: &str) -> anyhow::Result<()> {
        let body = self.page("/sign-up").await?;
        let token = hidden(&body, "_csrf").context("no form on /sign-up")?;
        let fields = [("name", name), ("email", email), ("password", PASSWORD)];
        let sent = match self.post("/sign-up", &token, &fields).await? {
            (303, location) => location,
            (429, _) => bail!(
                "the server refused more sign-ups from this address: start it with \
                 CLUBHOUSE_SIGN_UPS_PER_ADDRESS raised for a load test"
            ),
            (status, _) => bail!("POST /sign-up: status {status}, expected a redirect"),
        };
        let body = self.page(&sent).await?;
        let link = confirmation_link(&body).with_context(|| {
            format!(
                "no confirmation link after signing up {email}: the target must run without \
                 SMTP_URL (and the address must be new)"
            )
        })?;
        self.submit(&link, &link, &[]).await.map(|_| ())
    }
}

/// The `value` of the hidden input called `name`.
pub fn hidden(body: &str, name: &str) -> Option<String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = body.find(&marker)? + marker.len();
    Some(body[start..start + body[start..].find('"')?].to_string())
}

/// The path (and query) of the address-confirmation link on a page, if there is one.
pub fn confirmation_link(body: &str) -> Option<String> {
    let start = body.find("/verify-email/")?;
    let end = start + body[start..].find('"')?;
    Some(body[start..end].replace("&amp;", "&"))
}

/// The `value` of the `<option>` whose text is `label`.
pub fn option_value(body: &str, label: &str) -> Option<String> {
    let end = body.find(&format!(">{label}</option>"))?;
    let start = body[..end].rfind("value=\"")? + 7;
    Some(body[start..end].trim_end_matches('"').to_string())
}

/// Every distinct link on `body` that starts with `prefix`, in page order.
pub fn links(body: &str, prefix: &str) -> Vec<String> {
    let marker = format!("href=\"{prefix}");
    let mut found: Vec<String> = Vec::new();
    for (at, _) in body.match_indices(&marker) {
        let rest = &body[at + 6..];
        if let Some(end) = rest.find('"') {
            let link = rest[..end].to_string();
            if !found.contains(&link) {
                found.push(link);
            }
        }
    }
    found
}
