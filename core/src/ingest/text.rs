//! Plain-text and Markdown-ish articles as scraped: layout -> metadata + cleaned paragraphs.
//!
//! Reads: decoded text of a `.txt`/`.md` article. Adds: title (without its section label),
//! section, published date, author, publisher, and the cleaned text whose paragraphs are labelled
//! title / dateline / byline / body / caption / bio.
//!
//! Cleaning, in order (each step says when it applies):
//! 1. blocks are split at blank lines; inside a block, wrapped lines are joined with a space,
//!    except list items and Markdown headings, which stay blocks of their own;
//! 2. Markdown is removed: headings `#`, emphasis `*`/`_`, links `[text](url)` -> text, images,
//!    inline code, block quotes;
//! 3. the header zone (the blocks before the first body paragraph) is read for the headline with an
//!    optional section label (`Opinion: ...`), a date line, and a byline (`By X`, `[X](#)`);
//! 4. labelled trailers become bio (`source:`, `About the author:`) or caption (`Photo:`) with the
//!    label stripped; publisher disclaimers (`The views expressed ... do not necessarily reflect`)
//!    and share/subscribe boilerplate are dropped (a disclaimer's domain becomes `publisher`);
//! 5. page-break artefacts are repaired: a body paragraph that ends without final punctuation and
//!    is followed by one starting in lower case is the same paragraph cut in two.
//!
//! Invariant: paragraphs are joined with exactly one blank line, so `text` = paragraphs joined by
//! `"\n\n"` and each paragraph span slices back to its cleaned text.

use crate::document::{Paragraph, ParagraphKind, Span};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub section: Option<String>,
    pub published: Option<NaiveDate>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
}

/// Section labels recognised before a headline colon (`Opinion: ...`).
const SECTION_LABELS: &[&str] = &[
    "opinion",
    "comment",
    "analysis",
    "op-ed",
    "oped",
    "editorial",
    "commentary",
    "viewpoint",
    "perspective",
    "column",
    "interview",
    "review",
    "feature",
    "explainer",
    "news",
    "breaking",
    "exclusive",
    "blog",
    "letter",
    "letters",
    "podcast",
    "world",
    "politics",
    "business",
    "sport",
    "sports",
    "culture",
    "science",
    "technology",
    "tech",
    "europe",
    "asia",
];

const BIO_LABELS: &[&str] = &[
    "source",
    "about the author",
    "author bio",
    "the author",
    "author",
    "bio",
];
const CAPTION_LABELS: &[&str] = &[
    "photo",
    "image",
    "picture",
    "caption",
    "photograph",
    "pictured",
    "illustration",
];

/// Lines that are site furniture, not article text (compared lower-cased, whole line).
const BOILERPLATE_LINES: &[&str] = &[
    "advertisement",
    "share this article",
    "share",
    "subscribe",
    "read more",
    "related",
    "related articles",
    "share on facebook",
    "share on twitter",
    "print",
    "email",
    "comments",
    "sign up",
    "sign up for our newsletter",
];

pub fn clean_article(raw: &str) -> Article {
    let blocks = split_blocks(raw);
    let mut art = Article::default();
    let mut paras: Vec<(ParagraphKind, String)> = Vec::new();
    let mut in_header = true;

    for block in blocks {
        let mut line = strip_markdown(&block.text);
        line = collapse_spaces(&line);
        if line.is_empty() || is_boilerplate(&line) {
            continue;
        }
        if let Some(domain) = disclaimer_publisher(&line) {
            if art.publisher.is_none() {
                art.publisher = domain;
            }
            continue;
        }
        if let Some(rest) = strip_label(&line, BIO_LABELS) {
            paras.push((ParagraphKind::Bio, rest.to_string()));
            continue;
        }
        if let Some(rest) = strip_label(&line, CAPTION_LABELS) {
            paras.push((ParagraphKind::Caption, rest.to_string()));
            continue;
        }
        if in_header {
            if art.published.is_none() {
                if let Some(d) = parse_date_line(&line) {
                    art.published = Some(d);
                    paras.push((ParagraphKind::Dateline, line));
                    continue;
                }
            }
            if art.author.is_none() {
                if let Some(name) = byline_author(&block.text, &line) {
                    art.author = Some(name);
                    paras.push((ParagraphKind::Byline, line));
                    continue;
                }
            }
            if art.title.is_none() && looks_like_headline(&line, block.heading) {
                let (section, title) = split_section_label(&line);
                art.section = section;
                art.title = Some(title.to_string());
                paras.push((ParagraphKind::Title, title.to_string()));
                continue;
            }
            in_header = false;
        }
        // A body paragraph cut by a page break: previous body paragraph ends mid-sentence and this
        // one continues in lower case.
        if let Some((ParagraphKind::Body, prev)) = paras.last_mut() {
            if !ends_sentence(prev) && starts_lowercase(&line) {
                prev.push(' ');
                prev.push_str(&line);
                continue;
            }
        }
        paras.push((ParagraphKind::Body, line));
    }

    // A trailing body paragraph that introduces the byline author (`X is a fellow at ...`) is a bio.
    if let Some(author) = &art.author {
        if let Some((kind, text)) = paras.last_mut() {
            if *kind == ParagraphKind::Body && is_author_bio(text, author) {
                *kind = ParagraphKind::Bio;
            }
        }
    }

    let mut text = String::new();
    for (kind, p) in paras {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&p);
        art.paragraphs.push(Paragraph {
            span: Span::new(start, text.len()),
            kind,
        });
    }
    art.text = text;
    art
}

struct Block {
    text: String,
    /// Came from a Markdown heading (`# ...`).
    heading: bool,
}

/// Blank-line separated blocks; wrapped lines joined; headings and list items kept apart.
fn split_blocks(raw: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, blocks: &mut Vec<Block>| {
        if !cur.trim().is_empty() {
            blocks.push(Block {
                text: std::mem::take(cur),
                heading: false,
            });
        }
        cur.clear();
    };
    for line in raw.split('\n') {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut cur, &mut blocks);
            continue;
        }
        if let Some(h) = markdown_heading(t) {
            flush(&mut cur, &mut blocks);
            blocks.push(Block {
                text: h.to_string(),
                heading: true,
            });
            continue;
        }
        if is_list_item(t) {
            flush(&mut cur, &mut blocks);
            blocks.push(Block {
                text: t.to_string(),
                heading: false,
            });
            continue;
        }
        let t = t.strip_prefix("> ").unwrap_or(t);
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(t);
    }
    flush(&mut cur, &mut blocks);
    blocks
}

fn markdown_heading(t: &str) -> Option<&str> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6)
        .contains(&hashes)
        .then(|| t[hashes..].strip_prefix(' '))
        .flatten()
        .map(str::trim)
}

fn is_list_item(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        return true;
    }
    t.starts_with("• ") || {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=3).contains(&digits)
            && b.len() > digits + 1
            && matches!(b[digits], b'.' | b')')
            && b[digits + 1] == b' '
    }
}

/// Removes inline Markdown: `[text](url)` -> text, `![alt](url)` -> nothing, `*`/`_`/`` ` `` emphasis.
pub fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '!' && chars.get(i + 1) == Some(&'[') {
            if let Some((_, end)) = md_link(&chars, i + 1) {
                i = end;
                continue;
            }
        }
        if c == '[' {
            if let Some((label, end)) = md_link(&chars, i) {
                out.push_str(&label);
                i = end;
                continue;
            }
        }
        // Emphasis markers: `*` or `_` that touch a word on one side only are Markdown, not text;
        // a `*` between spaces (a footnote star in prose) or `snake_case` stays.
        if c == '*' || c == '_' || c == '`' {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let inner_word = prev.is_alphanumeric() && next.is_alphanumeric();
            let isolated = prev.is_whitespace() && next.is_whitespace();
            if !inner_word && !isolated {
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_string()
}

/// `[label](target)` starting at `i`: the label and the index after `)`.
fn md_link(chars: &[char], i: usize) -> Option<(String, usize)> {
    let close = (i + 1..chars.len().min(i + 300)).find(|&j| chars[j] == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len().min(close + 2000)).find(|&j| chars[j] == ')')?;
    Some((chars[i + 1..close].iter().collect(), end + 1))
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn is_boilerplate(line: &str) -> bool {
    let l = line.trim_end_matches([':', '.', '!']).to_lowercase();
    BOILERPLATE_LINES.contains(&l.as_str())
}

/// A publisher disclaimer: `Some(domain)` when it names a site, `Some(None)` when it names none.
fn disclaimer_publisher(line: &str) -> Option<Option<String>> {
    let l = line.to_lowercase();
    let is_disclaimer = (l.contains("views expressed") || l.contains("opinions expressed"))
        && l.contains("necessarily")
        || l.starts_with("all rights reserved")
        || l.starts_with("copyright ")
        || l.starts_with('©');
    if !is_disclaimer {
        return None;
    }
    let domain = line
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| is_domain(w))
        .map(str::to_lowercase);
    Some(domain)
}

fn is_domain(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && parts
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// `label: rest` with a label from `labels` (case-insensitive): the rest.
fn strip_label<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    let colon = line.find(':')?;
    if colon > 30 {
        return None;
    }
    let label = line[..colon].trim().to_lowercase();
    let rest = line[colon + 1..].trim();
    (labels.contains(&label.as_str()) && !rest.is_empty()).then_some(rest)
}

fn split_section_label(line: &str) -> (Option<String>, &str) {
    if let Some(colon) = line.find(':') {
        let label = line[..colon].trim();
        let rest = line[colon + 1..].trim();
        if !rest.is_empty() && SECTION_LABELS.contains(&label.to_lowercase().as_str()) {
            return (Some(label.to_string()), rest);
        }
    }
    (None, line)
}

fn looks_like_headline(line: &str, heading: bool) -> bool {
    if heading {
        return true;
    }
    let words = line.split_whitespace().count();
    // Headlines are short and do not end like a running-text sentence (`?` and `!` do occur).
    words <= 30 && line.len() <= 250 && !line.ends_with('.')
}

/// The author named by a byline block: `By X`, `[X](url)` alone, `Written by X`.
fn byline_author(raw_block: &str, line: &str) -> Option<String> {
    let raw = raw_block.trim();
    let is_link_only = raw.starts_with('[') && raw.ends_with(')') && raw.matches("](").count() >= 1;
    let lower = line.to_lowercase();
    let name = if let Some(rest) = ["by ", "written by ", "words by ", "author: "]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &line[p.len()..]))
    {
        rest
    } else if is_link_only {
        line
    } else {
        return None;
    };
    // `By Jane Doe and John Roe, Reuters` -> the part before a comma or a pipe.
    let name = name.split([',', '|', '—', '–']).next().unwrap_or("").trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok = (1..=8).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                || matches!(
                    *w,
                    "and" | "de" | "van" | "von" | "al" | "bin" | "der" | "la" | "le"
                )
        });
    ok.then(|| name.to_string())
}

fn is_author_bio(text: &str, author: &str) -> bool {
    let t = text
        .trim_start_matches("Dr ")
        .trim_start_matches("Dr. ")
        .trim_start_matches("Prof. ")
        .trim_start_matches("Professor ");
    t.starts_with(author)
        && text.len() < 600
        && (text.contains(" is a ") || text.contains(" is an ") || text.contains(" is the "))
}

fn ends_sentence(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    t.ends_with(['.', '!', '?', ':', ';', '\u{2026}'])
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month name or its common abbreviation (`Feb`, `Sept`), case-insensitive: 1..=12.
pub fn month_number(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// A line that is only a date, optionally with a weekday and a `Published`/`Updated` label:
/// `6 February 2026`, `February 6, 2026`, `Friday, 6 Feb 2026`, `2026-02-06`, `Published: ...`.
pub fn parse_date_line(line: &str) -> Option<NaiveDate> {
    let mut l = line.trim();
    for label in [
        "published:",
        "published",
        "updated:",
        "updated",
        "posted:",
        "posted",
        "date:",
        "first published:",
        "first published",
    ] {
        // `get`: the line may hold a multi-byte character where the label would end.
        if l.len() > label.len()
            && l.get(..label.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(label))
        {
            l = l[label.len()..].trim_start();
            l = l.strip_prefix("on ").unwrap_or(l);
            break;
        }
    }
    if l.len() > 40 {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(l, "%Y-%m-%d") {
        return Some(d);
    }
    let words: Vec<&str> = l
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<&str> = match words.first() {
        Some(w) if is_weekday(w) => words[1..].to_vec(),
        _ => words,
    };
    // An optional trailing time (`10:32 GMT`) is ignored: the date is what we need.
    let words: Vec<&str> = words.into_iter().take_while(|w| !w.contains(':')).collect();
    if words.len() != 3 {
        return None;
    }
    let num = |w: &str| {
        w.trim_end_matches(|c: char| c.is_alphabetic())
            .parse::<u32>()
            .ok()
    };
    let (day, month, year) = if let Some(m) = month_number(words[1]) {
        (num(words[0])?, m, num(words[2])?)
    } else if let Some(m) = month_number(words[0]) {
        (num(words[1])?, m, num(words[2])?)
    } else {
        return None;
    };
    if !(1000..=2999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']).to_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
    .contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(a: &Article) -> Vec<(ParagraphKind, &str)> {
        a.paragraphs
            .iter()
            .map(|p| (p.kind, p.span.slice(&a.text)))
            .collect()
    }

    const OPED: &str = "\n\nComment: Should the city keep its trams?\n\n3 March 2025\n\n[Jane Roe](#)\n\n\n\nThe council met on Monday. Its members argued for an\n\nhour about the budget.\n\nNobody asked the riders.\n\nsource: Jane Roe is a transport researcher at the Institute of Urban Studies.\n\nPhoto: A tram in the old town\n\nThe views expressed in this column do not necessarily reflect those of *examplenews.org*";

    #[test]
    fn oped_layout_becomes_metadata_and_labelled_paragraphs() {
        let a = clean_article(OPED);
        assert_eq!(a.section.as_deref(), Some("Comment"));
        assert_eq!(a.title.as_deref(), Some("Should the city keep its trams?"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2025, 3, 3));
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.publisher.as_deref(), Some("examplenews.org"));
        assert_eq!(
            kinds(&a),
            vec![
                (ParagraphKind::Title, "Should the city keep its trams?"),
                (ParagraphKind::Dateline, "3 March 2025"),
                (ParagraphKind::Byline, "Jane Roe"),
                (
                    ParagraphKind::Body,
                    "The council met on Monday. Its members argued for an hour about the budget."
                ),
                (ParagraphKind::Body, "Nobody asked the riders."),
                (
                    ParagraphKind::Bio,
                    "Jane Roe is a transport researcher at the Institute of Urban Studies."
                ),
                (ParagraphKind::Caption, "A tram in the old town"),
            ]
        );
    }

    #[test]
    fn paragraphs_slice_back_and_are_joined_by_one_blank_line() {
        let a = clean_article(OPED);
        let joined: Vec<&str> = a.paragraphs.iter().map(|p| p.span.slice(&a.text)).collect();
        assert_eq!(joined.join("\n\n"), a.text);
    }

    #[test]
    fn markdown_links_emphasis_and_headings_are_removed() {
        assert_eq!(
            strip_markdown("See [the report](http://x.org/a) and **this** _now_."),
            "See the report and this now."
        );
        assert_eq!(strip_markdown("![chart](c.png)Rates rose"), "Rates rose");
        assert_eq!(
            strip_markdown("a * b and snake_case"),
            "a * b and snake_case"
        );
        let a = clean_article("# Trams return\n\nBy John Smith\n\nThe line reopened.");
        assert_eq!(a.title.as_deref(), Some("Trams return"));
        assert_eq!(a.author.as_deref(), Some("John Smith"));
    }

    #[test]
    fn page_break_rejoin_needs_a_lowercase_continuation() {
        let a = clean_article("Title here\n\nFirst paragraph ends here\n\nSecond starts anew.");
        assert_eq!(a.paragraphs.len(), 3);
        let a = clean_article("Title here\n\nThe ministry decided to close the\n\ncase, later.");
        assert_eq!(
            a.paragraphs[1].span.slice(&a.text),
            "The ministry decided to close the case, later."
        );
    }

    #[test]
    fn date_lines_in_news_styles() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 6);
        for s in [
            "6 February 2026",
            "February 6, 2026",
            "Friday, 6 Feb 2026",
            "Published: 6 February 2026 10:31",
            "2026-02-06",
            "Feb. 6th, 2026",
        ] {
            assert_eq!(parse_date_line(s), d, "{s}");
        }
        assert_eq!(parse_date_line("6 February was cold"), None);
        assert_eq!(parse_date_line("31 February 2026"), None);
    }

    /// Fuzz crashes `ingest_text/crash-3fab60d6` and `ingest_jsonl/crash-5def67d3`: a line whose
    /// byte where a label (`published:`) would end falls inside a multi-byte character.
    #[test]
    fn fuzz_ingest_text_crash_3fab60d6_label_test_on_a_char_boundary() {
        for line in [
            "Opinion:\u{c4} Our cities",
            "Publish\u{e9}d: 6 May",
            "Updat\u{e9}:x 2026",
        ] {
            assert_eq!(parse_date_line(line), None, "{line}");
        }
        assert_eq!(
            parse_date_line("Published: 6 February 2026"),
            NaiveDate::from_ymd_opt(2026, 2, 6)
        );
        let a = clean_article("Opinion:\u{c4} Our cities\n\n2 June 2025\n\nThe council met.\n");
        assert!(a.text.contains("The council met."), "{:?}", a.text);
    }
}
