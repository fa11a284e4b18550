//! The `dossier` command line: a thin layer over the library.
//!
//! Exit codes: 0 success (rejected inputs are listed in `rejects`, not errors); 1 the run failed
//! (unreadable input folder, unwritable output...: nothing was replaced); 2 bad command line or
//! config; 3 another run holds the output lock.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use dossier::config::Config;
use dossier::run::{self, RunError, RunOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "News and opinion articles -> joinable knowledge tables (CSV + Parquet)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process articles into the output tables.
    Run {
        /// Input files or folders (recursive); default data/articles.
        #[arg(long = "input", short = 'i')]
        inputs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, short = 'o', default_value = "output")]
        output: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j')]
        threads: Option<usize>,
        /// Config file (default: dossier.toml when present).
        #[arg(long)]
        config: Option<PathBuf>,
        /// No progress or summary on stderr.
        #[arg(long, short = 'q')]
        quiet: bool,
        /// Clean JSONL `text` like a scraped article (default: verbatim, so offsets index it exactly).
        #[arg(long)]
        clean: bool,
        /// Re-process every document (bypass the per-document cache).
        #[arg(long)]
        no_cache: bool,
        /// Where per-document results are cached.
        #[arg(long, default_value = ".dossier-cache")]
        cache_dir: PathBuf,
        /// Process only shard i of n (documents whose stable id hash mod n is i) and write
        /// OUTPUT/<table>/part-<i>.{csv,parquet}; `dossier merge` joins the parts.
        #[arg(long, value_name = "i/n")]
        shard: Option<String>,
    },
    /// Join the parts written by `run --shard i/n` (all n shards) into the flat tables, identical
    /// to a single run over the whole input.
    Merge {
        /// Folder holding the shard parts.
        #[arg(long = "input", short = 'i')]
        input: PathBuf,
        /// Output folder for the flat tables.
        #[arg(long, short = 'o', default_value = "output")]
        output: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, short = 'j')]
        threads: Option<usize>,
        /// No summary on stderr.
        #[arg(long, short = 'q')]
        quiet: bool,
    },
    /// Score the pipeline on gold data (JSONL with id, text, dct), or every dev set with --suite.
    Eval {
        /// sbd, ner, timex, claims or events.
        #[arg(long, required_unless_present = "suite")]
        task: Option<String>,
        /// Gold JSONL file.
        #[arg(long, required_unless_present = "suite")]
        gold: Option<PathBuf>,
        /// Run every task on every dev set in this folder and print one table.
        #[arg(long)]
        suite: Option<PathBuf>,
        /// With --suite: floors file (task file metric minimum); exit 1 below a floor.
        #[arg(long)]
        check: Option<PathBuf>,
        /// JSON summary on stdout (the table goes to stderr).
        #[arg(long)]
        json: bool,
        /// List up to N erroneous documents.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Write the prediction JSONL the reference scorers read into this folder.
        #[arg(long)]
        write_predictions: Option<PathBuf>,
        /// Config file (numeric date order...).
        #[arg(long)]
        config: Option<PathBuf>,
        /// With --suite: measure each rule's precision and write it (the `confidence` table).
        #[arg(long)]
        rule_precision: Option<PathBuf>,
    },
    /// Print a row, its sentence with the span highlighted, and the rule that produced it.
    Explain {
        row_id: String,
        #[arg(long, short = 'o', default_value = "output")]
        output: PathBuf,
    },
    /// Finish an interrupted output commit (every `run` also does this first).
    Recover {
        #[arg(long, short = 'o', default_value = "output")]
        output: PathBuf,
    },
    /// Print the data dictionary.
    Schema {
        /// markdown or json.
        #[arg(long, default_value = "markdown")]
        format: String,
    },
}

fn main() -> ExitCode {
    // A file-size limit or a full disk must surface as a write error (exit 1, nothing replaced),
    // not as a SIGXFSZ kill.
    // SAFETY: setting a signal disposition to SIG_IGN at start-up, before any thread exists.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Each window allocates and frees tens of MB. With large (2 MiB) OS pages every fault
    // zeroes 2 MiB, and mimalloc's 10 ms purge hands pages back before the next window reuses
    // them: together a fifth of the run in the kernel clearing pages. Small pages and a 1 s
    // purge delay cut system time about 3x. A 10 s delay cut a 1 GB run's system time again,
    // 36 -> 27 s (pages handed back are faulted in afresh, costly on a VM), for a peak RSS of
    // 245 MB instead of 228. Option numbers from mimalloc.h (the -sys crate exports no
    // constants for them): 6 = allow_large_os_pages, 15 = purge_delay.
    // SAFETY: called before any other thread exists (mi_option_set is not thread-safe).
    unsafe {
        libmimalloc_sys::mi_option_set(6, 0);
        libmimalloc_sys::mi_option_set(15, 10_000);
    }
    // Transparent huge pages still came from the arenas mimalloc maps (and advises) before
    // `main`: a 2 MiB page is zeroed at its first touch and counts whole in the RSS, however
    // little of it is used. Without them, peak RSS fell by a sixth (news.jsonl 188 -> 151 MB,
    // 100 MB of bench-large 230 -> 201 MB) and system time by half. The flag covers the
    // mappings that exist already.
    // SAFETY: prctl with integer arguments only; it changes no memory the program sees.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Schema { format } => match format.as_str() {
            "markdown" | "md" => {
                print!("{}", dossier::tables::schema::markdown());
                ExitCode::SUCCESS
            }
            "json" => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&dossier::tables::schema::json())
                        .unwrap_or_default()
                );
                ExitCode::SUCCESS
            }
            other => {
                eprintln!("error: unknown schema format {other:?} (markdown or json)");
                ExitCode::from(2)
            }
        },
        Command::Merge {
            input,
            output,
            threads,
            quiet,
        } => {
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            match dossier::shards::merge(&input, &output, threads) {
                Ok(s) => {
                    if !quiet {
                        let rows: Vec<String> =
                            s.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
                        eprintln!(
                            "dossier merge: {} shards, {} documents, {} rejects; rows: {}",
                            s.shards,
                            s.documents,
                            s.rejects,
                            rows.join(", ")
                        );
                    }
                    exit_now(0)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(if e.downcast_ref::<RunError>().is_some() {
                        3
                    } else {
                        1
                    })
                }
            }
        }
        Command::Recover { output } => match run::recover_only(&output) {
            Ok(done) => {
                eprintln!(
                    "{}",
                    if done {
                        "recovered: the interrupted commit is complete"
                    } else {
                        "nothing to recover"
                    }
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(if e.downcast_ref::<RunError>().is_some() {
                    3
                } else {
                    1
                })
            }
        },
        Command::Explain { row_id, output } => match dossier::explain::explain(&output, &row_id) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        },
        Command::Eval {
            task,
            gold,
            suite,
            check,
            json,
            errors,
            write_predictions,
            config,
            rule_precision,
        } => {
            let config = match Config::load(config.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(2);
                }
            };
            let ctx = config.context();
            if let (Some(dir), Some(out)) = (&suite, &rule_precision) {
                let rows = match dossier::eval::rule_precision(dir, &ctx) {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        return ExitCode::from(1);
                    }
                };
                let mut text = String::from("# Precision of each rule on the dev sets (`make rule-precision`); the `confidence` column.\n# table\trule\tprecision\tpredictions\n");
                for (table, rule, p, n) in rows {
                    text.push_str(&format!("{table}\t{rule}\t{p:.3}\t{n}\n"));
                }
                if let Err(e) = std::fs::write(out, text) {
                    eprintln!("error: writing {}: {e}", out.display());
                    return ExitCode::from(1);
                }
                return ExitCode::SUCCESS;
            }
            let result = if let Some(dir) = suite {
                dossier::eval::run_suite(&dir, check.as_deref(), json, &ctx)
            } else {
                let args = dossier::eval::EvalArgs {
                    task: task.unwrap_or_default(),
                    gold: gold.unwrap_or_default(),
                    json,
                    errors,
                    write_predictions,
                    ctx,
                };
                dossier::eval::run_eval(&args).map(|()| true)
            };
            match result {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Run {
            inputs,
            output,
            threads,
            config,
            quiet,
            clean,
            no_cache,
            cache_dir,
            shard,
        } => {
            let shard = match shard.as_deref().map(run::Shard::parse).transpose() {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(2);
                }
            };
            let config = match Config::load(config.as_deref()) {
                Ok(c) => Config {
                    clean_jsonl: c.clean_jsonl || clean,
                    ..c
                },
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(2);
                }
            };
            let inputs = if inputs.is_empty() {
                vec![PathBuf::from("data/articles")]
            } else {
                inputs
            };
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let opts = RunOptions {
                inputs,
                output,
                threads,
                config,
                quiet,
                cache_dir: (!no_cache).then_some(cache_dir),
                shard,
            };
            match run::run(&opts) {
                Ok(s) => {
                    if !quiet {
                        let rows: Vec<String> =
                            s.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
                        eprintln!(
                            "dossier: {} documents ({} from cache), {} rejects in {:.2}s; rows: {}",
                            s.documents,
                            s.cached,
                            s.rejects,
                            s.seconds,
                            rows.join(", ")
                        );
                    }
                    exit_now(0)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    if e.downcast_ref::<RunError>().is_some() {
                        ExitCode::from(3)
                    } else {
                        ExitCode::from(1)
                    }
                }
            }
        }
    }
}

/// Ends the process once a run (or a merge) has committed its output, skipping the allocator's
/// clean-up at exit: mimalloc, linked statically, hands every freed page back to the OS from an
/// `atexit` handler (~900 `madvise` calls on `news.jsonl`), which the kernel does anyway when
/// the process ends. Measured between the last fsync and `exit_group`: 16-36 ms, 7-12 ms with
/// this. The output is on disk and synced by then; only the standard streams need flushing.
fn exit_now(code: i32) -> ! {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // An instrumented build (`make pgo`, coverage) writes its counts from an `atexit` handler,
    // to the file this variable names.
    if std::env::var_os("LLVM_PROFILE_FILE").is_some() {
        std::process::exit(code);
    }
    // SAFETY: `_exit` ends the process at once; every file this program wrote was flushed and
    // fsynced by the commit that precedes each call, and no other thread writes output.
    unsafe { libc::_exit(code) }
}
