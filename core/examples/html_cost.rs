//! CPU time of HTML extraction on a generated page (diagnosing superlinear cases):
//! `cargo run --release -p dossier-core --example html_cost -- '<unit>' N`
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let unit = args.get(1).cloned().unwrap_or_else(|| "<p>text</p>".into());
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let page = format!("<html><body><p>{}</p></body></html>", unit.repeat(n));
    let t = std::time::Instant::now();
    let art = dossier_core::ingest::html::extract(&page);
    eprintln!(
        "extract {:.3}s, {} bytes of text",
        t.elapsed().as_secs_f64(),
        art.map(|a| a.text.len()).unwrap_or(0)
    );
}
