//! Page metadata: title, author (byline), publication date, publisher.
//!
//! Each field is read from the sources below in order; the first usable value wins.
//! - title: `og:title`, JSON-LD `headline`, `<title>` (site suffix after ` | `/` - ` cut), `<h1>`;
//! - author: JSON-LD `author` of an article object (people only, organisations skipped), `<meta
//!   name="author">` and its aliases, then a visible byline (`itemprop="author"`, `rel="author"`,
//!   an element classed `author`/`byline`/`autor`); every candidate must look like a name
//!   (no URL, `@`, digits-and-words mix, at most 6 words per name) or it is not used: a missing
//!   byline is better than a wrong one;
//! - published: `article:published_time` and the other date metas, JSON-LD `datePublished`,
//!   `itemprop="datePublished"`, `<time datetime>`, generic `date`/`created` metas, a date in the
//!   canonical URL, a date after a publication label (`Veröffentlicht am`, `Published`), a date
//!   in an element classed `date`/`time`/`datum`, a date in a short text (or opening a
//!   paragraph) after the `<h1>`, a publication key in inline script JSON, then modification
//!   dates as a last resort. Comment sections are never read for dates, and visible dates a
//!   modification label introduces (`Letzte Änderung`, `Updated`) wait for that last resort;
//! - publisher: `og:site_name`, JSON-LD `publisher.name`, `application-name`.

use super::dom::{Data, Dom, NodeId};
use chrono::NaiveDate;
use serde_json::Value;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<NaiveDate>,
    pub publisher: Option<String>,
}

/// `<meta>` keys (property/name/itemprop, lower-cased) that carry the publication date.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "dc.date.published",
    "date.published",
    "article:published",
    "publication-date",
    "release_date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "displaydate",
];
/// Generic `<meta>` date keys: some CMSs fill them with the time the page was rendered, so a
/// `<time>` element in the page outranks them.
const WEAK_DATE_METAS: &[&str] = &["date", "created", "datecreated"];
const MODIFIED_METAS: &[&str] = &[
    "article:modified_time",
    "og:modified_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "og:updated_time",
];
const AUTHOR_METAS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "byl",
    "citation_author",
    "dc.creator.personalname",
    "author_name",
];

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "liveblogposting",
    "report",
    "posting",
    "webpage",
    "creativework",
];

/// Reads the metadata of a parsed page.
pub fn read(dom: &Dom, html: &str) -> Meta {
    let metas = meta_tags(dom);
    let get = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(mk, v)| mk == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        })
    };
    let ld = JsonLd::read(dom);
    let in_comments = comment_sections(dom);

    let title = get(&["og:title", "twitter:title"])
        .or_else(|| ld.headline.clone())
        .or_else(|| dom.title.as_deref().map(cut_site_suffix))
        .or_else(|| first_tag_text(dom, "h1"))
        .map(|t| collapse(&t))
        .filter(|t| !t.is_empty());

    let publisher = get(&[
        "og:site_name",
        "application-name",
        "publisher",
        "dc.publisher",
    ])
    .or_else(|| ld.publisher.clone())
    .map(|p| collapse(&p))
    .filter(|p| !p.is_empty());

    let author = ld
        .authors
        .as_deref()
        .and_then(|names| join_names(names.iter().map(String::as_str)))
        .or_else(|| {
            AUTHOR_METAS.iter().find_map(|k| {
                metas
                    .iter()
                    .filter(|(mk, _)| mk == k)
                    .find_map(|(_, v)| clean_author(v))
            })
        })
        .or_else(|| labelled_twitter_author(&metas))
        .or_else(|| visible_byline(dom, &in_comments));

    let published = DATE_METAS
        .iter()
        .find_map(|k| {
            metas
                .iter()
                .filter(|(mk, _)| mk == k)
                .find_map(|(_, v)| parse_date(v))
        })
        .or_else(|| ld.published.as_deref().and_then(parse_date))
        .or_else(|| itemprop_date(dom, "datepublished"))
        .or_else(|| time_element(dom, &in_comments))
        .or_else(|| {
            WEAK_DATE_METAS.iter().find_map(|k| {
                metas
                    .iter()
                    .filter(|(mk, _)| mk == k)
                    .find_map(|(_, v)| parse_date(v))
            })
        })
        .or_else(|| url_date(dom, &metas))
        .or_else(|| labelled_date(dom, &in_comments))
        .or_else(|| classed_date(dom, &in_comments, false))
        .or_else(|| text_date(dom, &in_comments, false))
        .or_else(|| script_date(html))
        .or_else(|| ld.modified.as_deref().and_then(parse_date))
        .or_else(|| {
            MODIFIED_METAS.iter().find_map(|k| {
                metas
                    .iter()
                    .filter(|(mk, _)| mk == k)
                    .find_map(|(_, v)| parse_date(v))
            })
        })
        .or_else(|| classed_date(dom, &in_comments, true))
        .or_else(|| text_date(dom, &in_comments, true));

    Meta {
        title,
        author,
        published,
        publisher,
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(key, content)` of every `<meta>` with a content, key lower-cased.
fn meta_tags(dom: &Dom) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for id in 0..dom.nodes.len() {
        if dom.tag(id) != "meta" {
            continue;
        }
        let Some(content) = dom.attr(id, "content") else {
            continue;
        };
        for k in ["property", "name", "itemprop"] {
            if let Some(key) = dom.attr(id, k) {
                out.push((key.trim().to_ascii_lowercase(), content.to_string()));
            }
        }
    }
    out
}

fn first_tag_text(dom: &Dom, tag: &str) -> Option<String> {
    (0..dom.nodes.len())
        .find(|&i| dom.tag(i) == tag)
        .map(|i| dom.text(i))
        .filter(|t| !t.is_empty())
}

/// `Headline | Site` -> `Headline` (the longest part when the title is split by a separator).
fn cut_site_suffix(t: &str) -> String {
    for sep in [" | ", " – ", " - ", " — ", " :: ", " « ", " » "] {
        if t.contains(sep) {
            return t
                .split(sep)
                .max_by_key(|p| p.chars().count())
                .unwrap_or(t)
                .trim()
                .to_string();
        }
    }
    t.trim().to_string()
}

#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Option<Vec<String>>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
}

impl JsonLd {
    /// The first article-typed object of the page's JSON-LD (or, failing that, any object with a
    /// `datePublished`).
    fn read(dom: &Dom) -> JsonLd {
        let mut out = JsonLd::default();
        let mut objects: Vec<(bool, &serde_json::Map<String, Value>)> = Vec::new();
        let parsed: Vec<Value> = dom
            .json_ld
            .iter()
            .filter_map(|s| serde_json::from_str(s.trim().trim_end_matches(';')).ok())
            .collect();
        let mut stack: Vec<&Value> = parsed.iter().rev().collect();
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let is_article = type_names(o.get("@type"))
                        .iter()
                        .any(|t| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str()));
                    objects.push((is_article, o));
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    if let Some(m) = o.get("mainEntity") {
                        stack.push(m);
                    }
                }
                _ => {}
            }
        }
        // Yoast and other schema graphs name the author in a node of its own: `"author":
        // {"@id": ".../#/schema/person/..."}` refers to it.
        let by_id: std::collections::HashMap<&str, &serde_json::Map<String, Value>> = objects
            .iter()
            .filter_map(|(_, o)| Some((o.get("@id")?.as_str()?, *o)))
            .collect();
        // Real articles first, then web pages and anything else.
        objects.sort_by_key(|(art, o)| {
            (
                !art,
                type_names(o.get("@type"))
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case("webpage")),
            )
        });
        for (_, o) in &objects {
            let s = |k: &str| {
                o.get(k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .filter(|s| !s.trim().is_empty())
            };
            if out.headline.is_none() {
                out.headline = s("headline");
            }
            if out.published.is_none() {
                out.published = s("datePublished").or_else(|| s("dateCreated"));
            }
            if out.modified.is_none() {
                out.modified = s("dateModified");
            }
            if out.authors.is_none() {
                if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
                    let names = person_names(a, &by_id);
                    if !names.is_empty() {
                        out.authors = Some(names);
                    }
                }
            }
            if out.publisher.is_none() {
                out.publisher = o.get("publisher").and_then(|p| match p {
                    Value::Object(p) => p.get("name").and_then(Value::as_str).map(str::to_string),
                    Value::Array(a) => a
                        .first()
                        .and_then(|p| p.get("name"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    _ => None,
                });
            }
        }
        out
    }
}

fn type_names(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Names of the people in a JSON-LD `author` value (organisations skipped); a reference
/// (`{"@id": ...}` alone) is followed to the node it names.
fn person_names(
    v: &Value,
    by_id: &std::collections::HashMap<&str, &serde_json::Map<String, Value>>,
) -> Vec<String> {
    let mut out = Vec::new();
    let items: Vec<&Value> = match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for it in items {
        match it {
            Value::String(s) => out.push(s.clone()),
            Value::Object(o) => {
                let o = match o.get("@id").and_then(Value::as_str) {
                    Some(id) if !o.contains_key("name") => match by_id.get(id) {
                        Some(target) => *target,
                        None => continue,
                    },
                    _ => o,
                };
                if type_names(o.get("@type")).iter().any(|t| {
                    t.eq_ignore_ascii_case("organization")
                        || t.eq_ignore_ascii_case("newsmediaorganization")
                }) {
                    continue;
                }
                if let Some(n) = o.get("name").and_then(Value::as_str) {
                    out.push(n.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// Several names -> one author string joined with `"; "`, or None when any of them is no name.
fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let c = clean_author(n)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    (!out.is_empty()).then(|| out.join("; "))
}

/// WordPress (Yoast) pages label an author for Twitter cards: `twitter:label1` = `Written by`
/// (in the site's language) and `twitter:data1` = the name.
fn labelled_twitter_author(metas: &[(String, String)]) -> Option<String> {
    const LABELS: &[&str] = &[
        "written by",
        "verfasst von",
        "geschrieben von",
        "escrito por",
        "écrit par",
        "scritto da",
        "geschreven door",
        "skrevet af",
        "skrivet av",
    ];
    metas.iter().find_map(|(k, v)| {
        let n = k.strip_prefix("twitter:label")?;
        if !LABELS.contains(&v.trim().to_lowercase().as_str()) {
            return None;
        }
        let data = format!("twitter:data{n}");
        metas
            .iter()
            .find(|(k, _)| *k == data)
            .and_then(|(_, v)| clean_author(v))
    })
}

/// Byline prefixes in the languages of the pages (lower-case, matched at the start).
const BYLINE_PREFIXES: &[&str] = &[
    "geschrieben von ",
    "artikel von:",
    "artikel von ",
    "ein gastbeitrag von ",
    "veröffentlicht von ",
    "ein beitrag von ",
    "ein artikel von ",
    "written by ",
    "posted by ",
    "published by ",
    "words by ",
    "text und fotos:",
    "text & fotos:",
    "text:",
    "autor:",
    "autorin:",
    "redaktion:",
    "author:",
    "von:",
    "von ",
    "by:",
    "by ",
    "por ",
    "par ",
    "di ",
    "de ",
    "door ",
];

/// A byline string -> the name(s) in it, or None when it does not look like people's names.
pub fn clean_author(raw: &str) -> Option<String> {
    let mut s = collapse(raw);
    loop {
        let lower = s.to_lowercase();
        let Some(p) = BYLINE_PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
            break;
        };
        s = s[p.len()..].trim_start().to_string();
    }
    // `Jane Doe | 12.03.2020`, `Jane Doe - Redakteurin`: the part before a separator.
    for sep in [
        " | ", " · ", " • ", " – ", " — ", " - ", "\u{a0}|", " /", " am ", " on ", " le ", " il ",
        " el ",
    ] {
        if let Some(at) = s.find(sep) {
            s.truncate(at);
        }
    }
    // Link texts that sit next to a name in author boxes.
    const LINK_TEXTS: &[&str] = &[
        "alle artikel",
        "alle beiträge",
        "weitere artikel",
        "mehr artikel",
        "all posts",
        "all articles",
        "more articles",
        "view all posts",
    ];
    for t in LINK_TEXTS {
        let last_chars = s.char_indices().rev().nth(t.chars().count() - 1);
        if let Some((cut, _)) = last_chars.filter(|&(cut, _)| s[cut..].to_lowercase() == *t) {
            s.truncate(cut);
        }
    }
    let trimmed = s
        .trim()
        .trim_matches(|c: char| {
            matches!(
                c,
                ',' | ';' | ':' | '.' | '|' | '-' | '(' | ')' | '"' | '\''
            )
        })
        .trim();
    // `Juan Carlos Muñoz C.`: the period of a final initial belongs to the name.
    let last_is_initial = trimmed
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.chars().count() == 1 && w.chars().all(char::is_uppercase));
    let mut s = trimmed.to_string();
    if last_is_initial && s.contains(' ') && collapse(raw).contains(&format!("{s}.")) {
        s.push('.');
    }
    let lower = s.to_lowercase();
    if s.is_empty()
        || s.chars().count() > 80
        || lower.contains("http")
        || lower.contains("www.")
        || s.contains('@')
        || s.contains('{')
        || s.contains('<')
    {
        return None;
    }
    const ORG_WORDS: &[&str] = &[
        "gmbh",
        "e.v",
        "verlag",
        "ministerium",
        "bundesverband",
        "posted",
        "publiziert",
        "veröffentlicht",
        "no author",
        "herausgeber",
        ".com",
        "-redaktion",
    ];
    if ORG_WORDS.iter().any(|w| lower.contains(w))
        || s.chars().filter(|c| c.is_alphabetic()).count() < 3
    {
        return None;
    }
    if [
        "admin",
        "administrator",
        "redaktion",
        "editor",
        "staff",
        "guest",
        "gast",
        "anonymous",
        "unknown",
        "null",
        "none",
        "publisher",
        "author",
        "autor",
    ]
    .contains(&lower.as_str())
        // a headline or a call to action, not a name
        || s.contains(['!', '?'])
    {
        return None;
    }
    // Each name (split at `,`, `;`, ` und `, ` and `, `&`) has 1..=6 words and few digits.
    let parts: Vec<&str> = s
        .split([',', ';', '&'])
        .flat_map(|p| p.split(" und "))
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 6 {
        return None;
    }
    for p in &parts {
        let words = p.split_whitespace().count();
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if !(1..=6).contains(&words) || (words > 1 && digits > 0) || digits > 4 {
            return None;
        }
        if !p.chars().any(char::is_alphabetic) {
            return None;
        }
    }
    Some(s)
}

/// A byline shown on the page: `itemprop="author"`, `rel="author"`, or an element classed
/// `author`/`byline`/`autor` whose text is short enough to be a name.
fn visible_byline(dom: &Dom, in_comments: &[bool]) -> Option<String> {
    let n = dom.nodes.len();
    let candidates = |pred: &dyn Fn(NodeId) -> bool| -> Option<String> {
        (1..n)
            .filter(|&i| !in_comments[i] && !dom.is_text(i) && pred(i))
            .find_map(|i| {
                // A nested `itemprop="name"` is the name itself.
                let end = dom.subtree_end(i);
                let inner = (i + 1..end).find(|&j| {
                    dom.attr(j, "itemprop")
                        .is_some_and(|v| v.eq_ignore_ascii_case("name"))
                });
                let text = match inner {
                    Some(j) => dom
                        .attr(j, "content")
                        .map(str::to_string)
                        .unwrap_or_else(|| dom.text(j)),
                    None => dom
                        .attr(i, "content")
                        .map(str::to_string)
                        .unwrap_or_else(|| dom.text(i)),
                };
                if text.chars().count() <= 100 {
                    if let Some(a) = clean_author(&text) {
                        return Some(a);
                    }
                }
                // `<div class="author"><a href="/autoren/x">Name</a>, date ...`: a link to an
                // author's page names the author when the element holds more than a name.
                let link = (i + 1..end).find(|&j| {
                    dom.tag(j) == "a"
                        && dom.attr(j, "href").is_some_and(|h| {
                            let h = h.to_ascii_lowercase();
                            [
                                "author",
                                "autor",
                                "/user",
                                "/profil",
                                "/people/",
                                "/redaktion/",
                            ]
                            .iter()
                            .any(|k| h.contains(k))
                        })
                })?;
                let text = dom.text(link);
                (text.chars().count() <= 100)
                    .then(|| clean_author(&text))
                    .flatten()
            })
    };
    candidates(&|i| {
        dom.attr(i, "itemprop").is_some_and(|v| {
            v.to_ascii_lowercase()
                .split_whitespace()
                .any(|t| t == "author" || t == "creator")
        }) && dom.tag(i) != "meta"
    })
    .or_else(|| {
        candidates(&|i| {
            dom.tag(i) == "a"
                && dom.attr(i, "rel").is_some_and(|v| {
                    v.to_ascii_lowercase()
                        .split_whitespace()
                        .any(|t| t == "author")
                })
        })
    })
    .or_else(|| {
        candidates(&|i| {
            // Judged per class token: `author-bio` is no byline, but the Drupal field
            // `field--name-field-term-author field--label-hidden` is, whatever its other classes.
            class_and_id(dom, i).split_whitespace().any(|c| {
                (c.contains("byline") || c.contains("autor") || c.contains("author"))
                    && ![
                        "avatar",
                        "bio",
                        "box",
                        "image",
                        "img",
                        "description",
                        "about",
                        "label",
                    ]
                    .iter()
                    .any(|x| c.contains(x))
            })
        })
    })
}

/// Per node: inside a comment section (its bylines name commenters, its dates are replies).
fn comment_sections(dom: &Dom) -> Vec<bool> {
    let n = dom.nodes.len();
    let mut in_comments = vec![false; n];
    for id in 1..n {
        let p = dom.nodes[id].parent;
        in_comments[id] =
            in_comments[p] || (!dom.is_text(id) && class_and_id(dom, id).contains("comment"));
    }
    in_comments
}

fn class_and_id(dom: &Dom, id: NodeId) -> String {
    let mut s = dom.attr(id, "class").unwrap_or("").to_ascii_lowercase();
    if let Some(i) = dom.attr(id, "id") {
        s.push(' ');
        s.push_str(&i.to_ascii_lowercase());
    }
    s
}

fn itemprop_date(dom: &Dom, prop: &str) -> Option<NaiveDate> {
    (0..dom.nodes.len())
        .filter(|&i| {
            dom.attr(i, "itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case(prop))
        })
        .find_map(|i| {
            dom.attr(i, "content")
                .or_else(|| dom.attr(i, "datetime"))
                .and_then(parse_date)
                .or_else(|| parse_date(&dom.text(i)))
        })
}

/// The first `<time datetime>` (one marked `pubdate` or classed `publish` first).
fn time_element(dom: &Dom, in_comments: &[bool]) -> Option<NaiveDate> {
    let times: Vec<NodeId> = (0..dom.nodes.len())
        .filter(|&i| dom.tag(i) == "time" && !in_comments[i])
        .collect();
    let marked = times
        .iter()
        .find(|&&i| dom.attr(i, "pubdate").is_some() || class_and_id(dom, i).contains("publi"));
    marked.into_iter().chain(times.iter()).find_map(|&i| {
        dom.attr(i, "datetime")
            .and_then(parse_date)
            .or_else(|| parse_date(&dom.text(i)))
    })
}

/// A `/2019/10/30/` or `/2019-10-30` date in the canonical URL or `og:url`.
fn url_date(dom: &Dom, metas: &[(String, String)]) -> Option<NaiveDate> {
    let canonical = (0..dom.nodes.len())
        .find(|&i| {
            dom.tag(i) == "link"
                && dom
                    .attr(i, "rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
        })
        .and_then(|i| dom.attr(i, "href"));
    let og = metas
        .iter()
        .find(|(k, _)| k == "og:url")
        .map(|(_, v)| v.as_str());
    [canonical, og].into_iter().flatten().find_map(|u| {
        let parts: Vec<&str> = u.split(['/', '-', '_']).collect();
        parts.windows(3).find_map(|w| {
            let y: i32 = w[0]
                .parse()
                .ok()
                .filter(|y| (1995..=2035).contains(y) && w[0].len() == 4)?;
            let m: u32 = w[1].parse().ok().filter(|_| w[1].len() == 2)?;
            // The day is two digits then a non-digit (`/2003/03/20030331` has no day `20`).
            let day = w[2].get(..2)?;
            if w[2].as_bytes().get(2).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            let d: u32 = day.parse().ok()?;
            NaiveDate::from_ymd_opt(y, m, d)
        })
    })
}

/// A date in a short element classed or id'd `date`, `time`, `datum`, `posted`, `published`.
fn classed_date(dom: &Dom, in_comments: &[bool], modified_too: bool) -> Option<NaiveDate> {
    (0..dom.nodes.len())
        .filter(|&i| {
            !dom.is_text(i) && !in_comments[i] && {
                let c = class_and_id(dom, i);
                [
                    "date", "datum", "time", "posted", "publish", "meta", "byline",
                ]
                .iter()
                .any(|k| c.contains(k))
                    && !c.contains("comment")
            }
        })
        .find_map(|i| {
            let t = dom.text(i);
            (t.chars().count() <= 200)
                .then(|| visible_date(&t, modified_too))
                .flatten()
        })
}

/// Words that introduce a publication date in a page's visible text (lower-case).
const PUBLISHED_LABELS: &[&str] = &[
    "veröffentlicht",
    "erschienen",
    "publiziert",
    "erstellt am",
    "published",
    "posted on",
    "publié",
    "publicado",
    "publicada",
    "pubblicato",
    "opublikowano",
];

/// Words that introduce a modification date, which is not the publication date (lower-case).
const MODIFIED_LABELS: &[&str] = &[
    "letzte änderung",
    "zuletzt geändert",
    "geändert am",
    "aktualisiert",
    "updated",
    "modified",
    "last edited",
    "mis à jour",
    "actualizado",
    "aggiornato",
];

/// The first date in `t`, or (unless `modified_too`) the first no modification label introduces.
fn visible_date(t: &str, modified_too: bool) -> Option<NaiveDate> {
    if modified_too {
        parse_date(t)
    } else {
        unmodified_date(t)
    }
}

/// The first date in `t` that no modification label introduces.
fn unmodified_date(t: &str) -> Option<NaiveDate> {
    let lower = t.to_lowercase();
    if !MODIFIED_LABELS.iter().any(|l| lower.contains(l)) {
        return parse_date(t);
    }
    // Cut the text at each label: a segment starting with a modification label is skipped.
    segments_after_labels(t)
        .into_iter()
        .filter(|(label, _)| !label.is_some_and(|l| MODIFIED_LABELS.contains(&l)))
        .find_map(|(_, seg)| parse_date(seg))
}

/// `t` cut before every publication or modification label: (label starting the piece, piece).
fn segments_after_labels(t: &str) -> Vec<(Option<&'static str>, &str)> {
    let lower = t.to_lowercase();
    // Lower-casing may change byte lengths (rare letters); then labels cannot be located safely.
    if lower.len() != t.len() {
        return vec![(None, t)];
    }
    let mut cuts: Vec<(usize, &'static str)> = PUBLISHED_LABELS
        .iter()
        .chain(MODIFIED_LABELS)
        .flat_map(|l| lower.match_indices(l).map(move |(at, _)| (at, *l)))
        .filter(|&(at, _)| t.is_char_boundary(at))
        .collect();
    cuts.sort_unstable();
    let mut out = vec![(None, &t[..cuts.first().map_or(t.len(), |c| c.0)])];
    for (k, &(at, label)) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map_or(t.len(), |c| c.0).max(at);
        out.push((Some(label), &t[at..end]));
    }
    out
}

/// A date right after a publication label in a short visible text (`Veröffentlicht am 3.5.2020`,
/// `Published: May 3, 2020`).
fn labelled_date(dom: &Dom, in_comments: &[bool]) -> Option<NaiveDate> {
    (0..dom.nodes.len()).find_map(|i| {
        let Data::Text(t) = &dom.nodes[i].data else {
            return None;
        };
        if in_comments[i] || t.len() > 400 {
            return None;
        }
        // The label may stand in its own element just before the date (`<span>Erschienen am</span>
        // <time>`): read the parent's text then.
        let lower = t.to_lowercase();
        if !PUBLISHED_LABELS.iter().any(|l| lower.contains(l)) {
            return None;
        }
        let own = segments_after_labels(t)
            .into_iter()
            .filter(|(l, _)| l.is_some_and(|l| PUBLISHED_LABELS.contains(&l)))
            .find_map(|(_, seg)| parse_date(seg.get(..seg.len().min(80))?));
        own.or_else(|| {
            let p = dom.nodes[i].parent;
            // A small parent only: many labels under one huge parent would make this quadratic.
            if dom.subtree_end(p) - p > 40 {
                return None;
            }
            let pt = dom.text(p);
            (pt.len() <= 200).then(|| unmodified_date(&pt)).flatten()
        })
    })
}

/// The first date in a short visible text after the first `<h1>` (then from the page start).
fn text_date(dom: &Dom, in_comments: &[bool], modified_too: bool) -> Option<NaiveDate> {
    let n = dom.nodes.len();
    let h1 = (0..n).find(|&i| dom.tag(i) == "h1").unwrap_or(0);
    (h1..n).chain(0..h1).find_map(|i| match &dom.nodes[i].data {
        Data::Text(t)
            if !in_comments[i] && t.len() <= 300 && t.bytes().any(|b| b.is_ascii_digit()) =>
        {
            visible_date(t, modified_too)
        }
        // A dateline opening a long paragraph (`27.1.2022 - Bei der ...`).
        Data::Text(t)
            if !in_comments[i] && t.trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            let head = t.trim_start();
            let cut = head.char_indices().nth(24).map_or(head.len(), |(k, _)| k);
            parse_date(&head[..cut])
        }
        _ => None,
    })
}

/// JSON keys of the publication date in pages' inline scripts (app state, data layers).
const SCRIPT_DATE_KEYS: &[&str] = &[
    "\"datePublished\"",
    "\"publishedDate\"",
    "\"published_at\"",
    "\"publishDate\"",
    "\"publication_date\"",
    "\"publicationDate\"",
    "\"firstPublished\"",
    "\"date_published\"",
];

/// Last resort: the first publication-date key in the raw page with a date as its value. Each
/// key is searched once from the start (linear in the page).
fn script_date(html: &str) -> Option<NaiveDate> {
    SCRIPT_DATE_KEYS
        .iter()
        .filter_map(|k| html.find(k).map(|at| at + k.len()))
        .min()
        .and_then(|at| {
            let rest = html[at..].trim_start().strip_prefix(':')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            let end = rest.find('"').filter(|&e| e <= 40)?;
            parse_date(&rest[..end])
        })
}

const MONTH_NAMES: &[(&str, u32)] = &[
    ("januar", 1),
    ("jänner", 1),
    ("january", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("jan", 1),
    ("jän", 1),
    ("februar", 2),
    ("february", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("feb", 2),
    ("febr", 2),
    ("märz", 3),
    ("maerz", 3),
    ("march", 3),
    ("mars", 3),
    ("marzo", 3),
    ("mär", 3),
    ("mrz", 3),
    ("mar", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("apr", 4),
    ("mai", 5),
    ("may", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("juni", 6),
    ("june", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("jul", 7),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("aug", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("october", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("nov", 11),
    ("dezember", 12),
    ("december", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dez", 12),
    ("dec", 12),
];

fn month(w: &str) -> Option<u32> {
    let w = w.to_lowercase();
    MONTH_NAMES.iter().find(|(m, _)| *m == w).map(|&(_, n)| n)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
    Sep(char),
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while let Some(&(k, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                j = k + 1;
                it.next();
            }
            let digits = &s[i..j];
            out.push(Tok::Num(digits.parse().unwrap_or(u32::MAX), digits.len()));
        } else if c.is_alphabetic() {
            let mut j = i + c.len_utf8();
            while let Some(&(k, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                j = k + d.len_utf8();
                it.next();
            }
            out.push(Tok::Word(&s[i..j]));
        } else if !c.is_whitespace() {
            out.push(Tok::Sep(c));
        }
        if out.len() > 400 {
            break;
        }
    }
    out
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1990..=2040).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// The first date written in `s`: ISO (`2019-10-30`, `2019/10/30`, `20191030`), German
/// (`30.10.2019`, `30. Oktober 2019`), English (`October 30, 2019`, `30 Oct 2019`), French,
/// Spanish (`30 de octubre de 2019`) and Italian forms.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = s.parse().ok()?;
        return ymd(n / 10000, n / 100 % 100, n % 100);
    }
    let t = tokens(s);
    let num = |i: usize| match t.get(i) {
        Some(&Tok::Num(v, l)) => Some((v, l)),
        _ => None,
    };
    let sep = |i: usize| match t.get(i) {
        Some(&Tok::Sep(c)) => Some(c),
        _ => None,
    };
    for i in 0..t.len() {
        let Some((a, al)) = num(i) else {
            if let Some(Tok::Word(w)) = t.get(i) {
                // Month D, YYYY
                if let Some(m) = month(w.trim_end_matches('.')) {
                    let mut j = i + 1;
                    if sep(j) == Some('.') {
                        j += 1;
                    }
                    if let Some((d, dl)) = num(j) {
                        let mut k = j + 1;
                        while matches!(sep(k), Some(',' | '.'))
                            || matches!(t.get(k), Some(Tok::Word(w)) if matches!(*w, "st" | "nd" | "rd" | "th"))
                        {
                            k += 1;
                        }
                        if let Some((y, 4)) = num(k) {
                            if dl <= 2 {
                                if let Some(date) = ymd(y, m, d) {
                                    return Some(date);
                                }
                            }
                        }
                    }
                }
            }
            continue;
        };
        // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        if al == 4 {
            if let (Some(s1), Some((m, _)), Some(s2), Some((d, dl))) =
                (sep(i + 1), num(i + 2), sep(i + 3), num(i + 4))
            {
                if s1 == s2 && matches!(s1, '-' | '/' | '.') && dl <= 2 {
                    if let Some(date) = ymd(a, m, d) {
                        return Some(date);
                    }
                }
            }
            continue;
        }
        if al > 2 {
            continue;
        }
        // D.M.YYYY, D/M/YYYY (M/D when the first is the month)
        if let (Some(s1), Some((b, bl)), Some(s2), Some((y, yl))) =
            (sep(i + 1), num(i + 2), sep(i + 3), num(i + 4))
        {
            if s1 == s2
                && matches!(s1, '.' | '/' | '-')
                && bl <= 2
                && (yl == 4 || (yl == 2 && s1 == '.'))
            {
                let y = if yl == 2 { 2000 + y } else { y };
                let date = if s1 == '/' && b > 12 {
                    ymd(y, a, b)
                } else {
                    ymd(y, b, a)
                };
                if let Some(date) = date {
                    return Some(date);
                }
            }
        }
        // D. Month YYYY, D de mes de YYYY, D Month, YYYY
        let mut j = i + 1;
        if sep(j) == Some('.') {
            j += 1;
        }
        if matches!(t.get(j), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("de")) {
            j += 1;
        }
        if let Some(Tok::Word(w)) = t.get(j) {
            if let Some(m) = month(w) {
                let mut k = j + 1;
                while matches!(sep(k), Some(',' | '.'))
                    || matches!(t.get(k), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("de"))
                {
                    k += 1;
                }
                if let Some((y, 4)) = num(k) {
                    if let Some(date) = ymd(y, m, a) {
                        return Some(date);
                    }
                }
            }
        }
    }
    None
}
