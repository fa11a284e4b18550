//! Every stage is linear or near-linear on pathological input: each input is processed at size n
//! and 2n (ingest and every stage), and the CPU time of the working thread must grow by less than
//! 3x (linear work doubles; quadratic work quadruples). No absolute time limit: only the ratio,
//! the best of several runs each, so a busy machine cannot fail it.
// The working thread's CPU time comes from Linux's RUSAGE_THREAD.
#![cfg(target_os = "linux")]

use dossier_core::{ingest, pipeline, Document, InputFormat};

fn thread_cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the struct we own; RUSAGE_THREAD is Linux's per-thread usage.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn doc(text: &str, html: bool) -> Option<Document> {
    let art = if html {
        ingest::html::extract(text).ok()?
    } else {
        ingest::text::clean_article(text)
    };
    Some(Document {
        doc_id: "linear".into(),
        input_path: "linear".into(),
        input_line: None,
        input_format: if html {
            InputFormat::Html
        } else {
            InputFormat::Txt
        },
        url: None,
        publisher: None,
        title: art.title,
        author: art.author,
        published: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
        published_at: None,
        section: Some("Opinion".into()),
        language: "en".into(),
        text: art.text,
        paragraphs: art.paragraphs,
    })
}

/// CPU seconds to ingest and process `text` (best of `runs`).
fn cost(text: &str, html: bool, runs: usize) -> f64 {
    (0..runs)
        .map(|_| {
            let t0 = thread_cpu_seconds();
            if let Some(d) = doc(text, html) {
                std::hint::black_box(pipeline::process(d, &Default::default()));
            }
            thread_cpu_seconds() - t0
        })
        .fold(f64::INFINITY, f64::min)
}

/// Grows `n` until a run costs at least 80 ms (so timer resolution and cache effects do not
/// matter), then compares n with 2n.
fn assert_linear(name: &str, html: bool, make: impl Fn(usize) -> String) {
    let mut n = 1000;
    while cost(&make(n), html, 2) < 0.08 && n < 4_000_000 {
        n *= 2;
    }
    let (mut a, mut b) = (cost(&make(n), html, 3), cost(&make(2 * n), html, 3));
    let mut ratio = b / a.max(1e-9);
    // A busy machine can slow one size's runs (page faults, shared caches, a host whose speed
    // drifts): measure again, interleaved, keeping each size's best. Quadratic work fails every
    // time (x4); interference does not last.
    for _ in 0..3 {
        if ratio < 3.0 {
            break;
        }
        a = a.min(cost(&make(n), html, 5));
        b = b.min(cost(&make(2 * n), html, 5));
        ratio = b / a.max(1e-9);
    }
    eprintln!("{name}: n={n} {a:.3}s -> 2n {b:.3}s (x{ratio:.2})");
    assert!(
        ratio < 3.0,
        "{name}: doubling the input multiplied the work by {ratio:.2} (n={n}: {a:.3}s, 2n: {b:.3}s)"
    );
}

/// (name, is HTML, input of about n bytes).
type Case = (&'static str, bool, Box<dyn Fn(usize) -> String>);

#[test]
fn pathological_inputs_cost_linear_time() {
    let cases: Vec<Case> = vec![
        ("periods", false, Box::new(|n| ".".repeat(n))),
        ("quotes", false, Box::new(|n| "\"".repeat(n))),
        (
            "one long line of letters",
            false,
            Box::new(|n| "abcdefgh".repeat(n / 8 + 1)),
        ),
        (
            "words without punctuation",
            false,
            Box::new(|n| "the minister said ".repeat(n / 18 + 1)),
        ),
        (
            "capitalised words",
            false,
            Box::new(|n| "Alder Brook Cedar Dunmore ".repeat(n / 26 + 1)),
        ),
        (
            "quotes and cues",
            false,
            Box::new(|n| "\"It will pass,\" she said, \"and soon. ".repeat(n / 38 + 1)),
        ),
        (
            "dates",
            false,
            Box::new(|n| "on 5 May 2020 and last Tuesday, ".repeat(n / 32 + 1)),
        ),
        (
            "abbreviations",
            false,
            Box::new(|n| "Dr. A. B. Smith of the U.S. Inc. ".repeat(n / 33 + 1)),
        ),
        (
            "parentheses",
            false,
            Box::new(|n| "(".repeat(n / 2) + &")".repeat(n / 2)),
        ),
        (
            "nested html",
            true,
            Box::new(|n| format!("<html><body>{}text</body></html>", "<div>".repeat(n / 5))),
        ),
        (
            "unclosed html",
            true,
            Box::new(|n| {
                format!(
                    "<html><body>{}</body></html>",
                    "<p><b><i>word <a href=x>".repeat(n / 25 + 1)
                )
            }),
        ),
        (
            "html comments and scripts",
            true,
            Box::new(|n| {
                format!(
                    "<html><body><p>{}</p></body></html>",
                    "<!-- c --><script>var a;</script>text ".repeat(n / 39 + 1)
                )
            }),
        ),
    ];
    let mut failures = Vec::new();
    for (name, html, make) in &cases {
        if let Err(e) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            assert_linear(name, *html, make)
        })) {
            failures.push(
                e.downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| name.to_string()),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
