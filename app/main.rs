//! The `clubhouse` command line. Everything it runs lives in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use clubhouse::Config;

/// Clubhouse runs amateur sports clubs on one server and a few SQLite files.
///
/// Settings come from the environment: PORT, BIND, CLUBHOUSE_DB_DIR, CLUBHOUSE_SPORTS,
/// CLUBHOUSE_DB_READERS, CLUBHOUSE_LITESTREAM, CLUBHOUSE_BACKUP_*, CLUBHOUSE_LOG_FORMAT,
/// RUST_LOG and more (see the README).
#[derive(Parser)]
#[command(name = "clubhouse", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default): migrate every database file, then listen on BIND:PORT.
    Serve {
        /// Load the demo clubs (once) and keep a simulated scorekeeper scoring their
        /// championships.
        #[arg(long)]
        demo: bool,
    },
    /// Create and migrate every database file under CLUBHOUSE_DB_DIR, then exit.
    Migrate,
    /// Run background job workers only, beside (or instead of) those in `serve`.
    Work,
    /// Write a consistent, checked snapshot of every database file into a new directory
    /// (safe while the app runs).
    Backup {
        /// A directory that does not exist yet, or is empty.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore database files from the Litestream replica (CLUBHOUSE_BACKUP_*). Never
    /// overwrites a database: stop the app and move the files aside first, or use --to.
    Restore {
        /// Restore into this new or empty directory instead of CLUBHOUSE_DB_DIR.
        #[arg(long)]
        to: Option<std::path::PathBuf>,
        /// Restore the state at this moment (RFC 3339, e.g. 2026-11-22T09:30:00Z) instead of
        /// the latest.
        #[arg(long)]
        timestamp: Option<String>,
        /// Files to restore (shared, queue, or a sport such as curling); default: every
        /// backed-up file.
        files: Vec<String>,
    },
    /// Copy every SQLite file (the app stopped, or a `clubhouse backup` snapshot) into an
    /// empty PostgreSQL database, checking each table's rows and checksum; then run the app
    /// with CLUBHOUSE_DATABASE_URL set to it.
    MoveToPostgres {
        /// The target, e.g. postgres://clubhouse@db.internal/clubhouse; it must hold no table.
        #[arg(long)]
        to: String,
        /// Copy the files of this directory (a snapshot) instead of CLUBHOUSE_DB_DIR.
        #[arg(long)]
        from: Option<std::path::PathBuf>,
    },
    /// Ask the server running on this machine (BIND, PORT) for /up: success while it
    /// serves (for a container's HEALTHCHECK).
    Health,
    /// Name the server's operators, who see Jobs, Mailbox and Backups (safe while the app
    /// runs). Also CLUBHOUSE_OPERATORS.
    Operator {
        #[command(subcommand)]
        action: OperatorAction,
    },
    /// Drive a running Clubhouse with a load scenario and report what it measured
    /// (championship, registration-rush or browse).
    Loadtest(clubhouse::loadtest::Args),
    /// The JSON API from a shell: `login` once with a club's key, then events, games,
    /// standings and score, with `--json` for the API's own answers.
    Api(clubhouse::api_cli::Args),
}

#[derive(Subcommand)]
enum OperatorAction {
    /// Make the account with this address an operator (once it has confirmed the address;
    /// the account may be created later).
    Add { email: String },
    /// Stop this address being an operator.
    Remove { email: String },
    /// List the operators, and whether their accounts have confirmed their addresses.
    List,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("clubhouse: {e}");
            return ExitCode::from(2);
        }
    };
    clubhouse::telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("clubhouse: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve { demo: false }) {
            Command::Serve { demo } => {
                config.demo = demo;
                clubhouse::serve(config).await
            }
            Command::Migrate => clubhouse::migrate(config).await,
            Command::Work => clubhouse::work(config).await,
            Command::Backup { to } => clubhouse::backup(config, to).await,
            Command::Restore {
                to,
                timestamp,
                files,
            } => {
                let request = clubhouse::backup::restore::Request {
                    to,
                    timestamp,
                    files,
                };
                clubhouse::restore(config, request).await
            }
            Command::MoveToPostgres { to, from } => {
                clubhouse::move_to_postgres(config, to, from).await
            }
            Command::Health => clubhouse::health(config).await,
            Command::Operator { action } => {
                let command = match action {
                    OperatorAction::Add { email } => clubhouse::OperatorCommand::Add(email),
                    OperatorAction::Remove { email } => clubhouse::OperatorCommand::Remove(email),
                    OperatorAction::List => clubhouse::OperatorCommand::List,
                };
                clubhouse::operator(config, command).await
            }
            Command::Loadtest(args) => clubhouse::loadtest::run(args, config.port).await,
            Command::Api(args) => clubhouse::api_cli::run(args).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: what failed, and why, outermost first.
            eprintln!("clubhouse: {e:#}");
            ExitCode::FAILURE
        }
    }
}
