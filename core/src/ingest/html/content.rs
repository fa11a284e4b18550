//! Main content: which part of the page is the article, and its paragraphs.
//!
//! Steps, in order (each says when it applies):
//! 1. boilerplate is marked: elements that never hold article text (`script`, `nav`, `footer`,
//!    `aside`, forms' controls, `header` outside `article`/`main`), hidden elements, ARIA landmark
//!    roles of site furniture, and elements whose class/id names furniture (`menu`, `sidebar`,
//!    `comment`, `share`, `related`, `cookie`, `newsletter`, `werbung`...) unless they hold half the
//!    page's text (a `<div id="main" class="has-sidebar">` is the page, not a sidebar); landmarks
//!    (`header`, `footer`, banner roles) that hold half the page (never closed) and any furniture
//!    holding 80% of its `main`/`article` are kept, and inside an article a weak class name
//!    (`--ads`, `tags`) does not drop prose (400+ characters, under 20% links);
//! 2. text blocks (`p`, `pre`, `td`, `blockquote`, `li`, and `div`s without block children) of at
//!    least 25 characters score `1 + commas + min(len / 100, 3)` for their ancestors (the parent
//!    in full, the grandparent half, three more levels a third of a level each), on top of a bonus
//!    by tag and by class/id (`article`, `content`, `post`, `artikel`... vs `comment`, `footer`...);
//! 3. the best ancestor, scaled by `1 - link density`, is the article, widened to its ancestors
//!    until it holds `COVERAGE` of the page's good text; siblings scoring at least a fifth of it
//!    (or plain text paragraphs) join it; when that holds under 250 characters the whole cleaned
//!    body is used instead, and when class names left too little, they are ignored;
//! 4. the chosen subtrees are cut into blocks at block-level elements and `<br>`; a block that is
//!    mostly link text, or a known furniture line (`Teilen`, `Advertisement`), or a picture or
//!    source credit (`Foto: ...`, `© ...`; cut off a caption's end) is dropped; blocks in
//!    `figcaption`/`caption`/`*caption*` classes are captions.
//!
//! Every walk is over id ranges (see `dom`), so nothing recurses.

use super::dom::{Data, Dom, NodeId, ROOT};

/// A paragraph of the main content, whitespace collapsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub caption: bool,
    pub heading: bool,
}

/// The article container must hold this share of the page's good text (leaf blocks of 40+
/// characters with under 30% link text); the best-scoring node is widened until it does.
/// Measured on html_dev: 0.5 -> F 0.882, 0.7 -> 0.890, 0.9 -> 0.882.
const COVERAGE: f64 = 0.7;

/// Elements that never hold article text.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "button", "select", "input", "textarea", "label", "nav", "footer",
    "aside", "head", "dialog", "menu", "datalist", "option",
];

const DROP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
];

/// Class/id substrings of site furniture (matched on the lower-cased `class id`).
const BOILER_SUBSTR: &[&str] = &[
    "navigation",
    "navbar",
    "nav-",
    "-nav",
    "menu",
    "footer",
    "sidebar",
    "comment",
    "kommentar",
    "share",
    "sharing",
    "social",
    "related",
    "cookie",
    "consent",
    "privacy",
    "gdpr",
    "newsletter",
    "breadcrumb",
    "widget",
    "popup",
    "modal",
    "subscribe",
    "promo",
    "sponsor",
    "pagination",
    "pager",
    "advert",
    "werbung",
    "anzeige",
    "teaser",
    "recommend",
    "empfehl",
    "outbrain",
    "taboola",
    "banner",
    "skyscraper",
    "login",
    "signup",
    "paywall",
    "tagcloud",
    "tag-cloud",
    "masthead",
    "toolbar",
    "overlay",
    "newsticker",
    "disqus",
    "author-box",
    "authorbox",
    "post-meta-bottom",
    "rating",
    "print-only",
    "screen-reader",
    "sr-only",
    "visually-hidden",
];

/// Class/id tokens (split at non-alphanumerics) of site furniture.
const BOILER_TOKENS: &[&str] = &[
    "nav",
    "ad",
    "ads",
    "adv",
    "tags",
    "tag",
    "meta-bottom",
    "foot",
    "header-bar",
    "topbar",
    "share",
    "print",
    "mehr",
    "more",
    "links",
    "dpa-info",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "post", "text", "blog", "story",
    "artikel", "beitrag", "inhalt", "story", "news",
];
const NEGATIVE: &[&str] = &[
    "hidden",
    "banner",
    "combx",
    "comment",
    "contact",
    "foot",
    "footnote",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "widget",
    "teaser",
    "kommentar",
    "werbung",
    "nav",
    "menu",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "address",
    "hr",
    "br",
    "form",
    "fieldset",
    "details",
    "summary",
    "center",
    "body",
    "html",
];

/// Whole blocks that are furniture wherever they stand (compared lower-cased).
const FURNITURE_LINES: &[&str] = &[
    "teilen",
    "drucken",
    "share",
    "tweet",
    "anzeige",
    "werbung",
    "advertisement",
    "mehr zum thema",
    "lesen sie auch",
    "weiterlesen",
    "read more",
    "zurück",
    "nach oben",
    "kommentare",
    "kommentieren",
    "e-mail",
    "email",
    "print",
    "facebook",
    "twitter",
    "whatsapp",
    "pinterest",
    "linkedin",
    "xing",
    "mehr",
    "more",
    "artikel teilen",
    "diesen artikel teilen",
    "share this",
    "share this article",
    "related",
    "related articles",
    "ähnliche artikel",
    "das könnte sie auch interessieren",
    "auch interessant",
    "top",
    "menü",
    "menu",
    "suche",
    "search",
    "pocket",
    "flipboard",
    "telegram",
    "reddit",
    "tumblr",
    "mail",
    "link kopieren",
    "artikel merken",
    "merken",
    "feedback",
    "anzeigen",
    "schließen",
    "close",
    "kommentar verfassen",
    "kommentar schreiben",
    "kommentare sind geschlossen",
    "teilen sie dies mit",
    "teilen mit",
    "sharen mit",
    "ähnliche beiträge",
    "verwandte beiträge",
    "weitere artikel",
    "weitere themen",
    "schon gelesen?",
    "das könnte dich auch interessieren",
    "inhaltsverzeichnis",
    "share this:",
    "like this:",
    "related posts",
    "leave a reply",
    "leave a comment",
    "comments are closed",
    "möchten sie den artikel teilen?",
];

fn is_block_tag(t: &str) -> bool {
    BLOCK_TAGS.contains(&t)
}

/// Lower-cased `class id` of an element (empty for text).
fn class_id(dom: &Dom, id: NodeId) -> String {
    let mut s = String::new();
    if let Some(c) = dom.attr(id, "class") {
        s.push_str(c);
    }
    if let Some(i) = dom.attr(id, "id") {
        s.push(' ');
        s.push_str(i);
    }
    s.to_lowercase()
}

fn boiler_class(ci: &str) -> bool {
    if ci.is_empty() {
        return false;
    }
    BOILER_SUBSTR.iter().any(|p| ci.contains(p))
        || ci
            .split(|c: char| !c.is_alphanumeric())
            .any(|t| BOILER_TOKENS.contains(&t))
}

/// Class/id substrings of furniture that holds prose of its own (comments, related stories,
/// author boxes, cookie and newsletter texts): dropped even inside an article.
const STRONG_BOILER: &[&str] = &[
    "comment",
    "kommentar",
    "related",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "paywall",
    "author-box",
    "authorbox",
    "recommend",
    "empfehl",
    "disqus",
    "footer",
    "sidebar",
    "modal",
    "popup",
    "login",
    "signup",
    "promo",
    "sponsor",
    "outbrain",
    "taboola",
];

/// Text length from which an element counts as prose (see `prose` in `blocks_of`).
const PROSE_CHARS: usize = 400;

fn strong_boiler_class(ci: &str) -> bool {
    STRONG_BOILER.iter().any(|p| ci.contains(p))
}

fn hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() || dom.attr(id, "aria-hidden") == Some("true") {
        return true;
    }
    if let Some(s) = dom.attr(id, "style") {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// The ARIA role of an element when it is one of site furniture.
fn furniture_role(dom: &Dom, id: NodeId) -> Option<String> {
    dom.attr(id, "role")
        .map(str::to_ascii_lowercase)
        .filter(|r| DROP_ROLES.contains(&r.as_str()))
}

fn class_weight(ci: &str) -> f64 {
    if ci.is_empty() {
        return 0.0;
    }
    let mut w = 0.0;
    if NEGATIVE.iter().any(|p| ci.contains(p)) {
        w -= 25.0;
    }
    if POSITIVE.iter().any(|p| ci.contains(p)) {
        w += 25.0;
    }
    w
}

fn tag_bonus(t: &str) -> f64 {
    match t {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" | "section" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Text length in characters, whitespace runs counted once.
fn text_chars(t: &str) -> usize {
    let mut n = 0;
    let mut ws = true;
    for c in t.chars() {
        if c.is_whitespace() {
            if !ws {
                n += 1;
            }
            ws = true;
        } else {
            n += 1;
            ws = false;
        }
    }
    n
}

/// The main-content blocks of a parsed page, in document order.
pub fn main_blocks(dom: &Dom) -> Vec<Block> {
    let blocks = blocks_of(dom, true);
    if blocks.iter().map(|b| b.text.len()).sum::<usize>() >= 250 {
        return blocks;
    }
    // Class names misled us (a Blogger `widget Blog` holds the post): trust tags only.
    let loose = blocks_of(dom, false);
    if loose.iter().map(|b| b.text.len()).sum::<usize>()
        > blocks.iter().map(|b| b.text.len()).sum::<usize>()
    {
        loose
    } else {
        blocks
    }
}

fn blocks_of(dom: &Dom, by_class: bool) -> Vec<Block> {
    let n = dom.nodes.len();
    let body = (0..n).find(|&i| dom.tag(i) == "body").unwrap_or(ROOT);

    // Raw text length per node and the part of it in links (bottom-up over ids).
    let mut under_a = vec![false; n];
    for id in 1..n {
        under_a[id] = under_a[dom.nodes[id].parent] || dom.tag(id) == "a";
    }
    let mut raw = vec![0usize; n];
    let mut raw_link = vec![0usize; n];
    for id in (1..n).rev() {
        if let Data::Text(t) = &dom.nodes[id].data {
            raw[id] += text_chars(t);
            if under_a[id] {
                raw_link[id] += raw[id];
            }
        }
        let p = dom.nodes[id].parent;
        raw[p] += raw[id];
        raw_link[p] += raw_link[id];
    }
    let page_len = raw[body].max(1);

    // Much text with few links: what a furniture class name on it cannot outweigh inside an
    // article (`section--ads` around the review's conclusion), unless it names comments etc.
    let prose = |id: NodeId| raw[id] >= PROSE_CHARS && raw_link[id] * 5 < raw[id];

    // 1. Boilerplate marks (top-down).
    let mut removed = vec![false; n];
    let mut in_article = vec![false; n];
    let mut in_link = vec![false; n];
    let mut in_caption = vec![false; n];
    // Nearest `main`/`article` ancestor (or self), ROOT when none.
    let mut container = vec![ROOT; n];
    for id in 1..n {
        let p = dom.nodes[id].parent;
        removed[id] = removed[p];
        in_article[id] = in_article[p];
        container[id] = container[p];
        in_link[id] = in_link[p];
        in_caption[id] = in_caption[p];
        if removed[id] || dom.is_text(id) {
            continue;
        }
        let t = dom.tag(id);
        let ci = class_id(dom, id);
        let structural = matches!(t, "html" | "body" | "main" | "article");
        // Unclosed or misused landmarks (`<header>` never closed, the story in an `<aside>`)
        // hold the page: they are only furniture when they hold little of it.
        let role = furniture_role(dom, id);
        let landmark = matches!(t, "header" | "footer" | "aside" | "nav" | "menu");
        let page_wide = matches!(t, "header" | "footer")
            || matches!(role.as_deref(), Some("banner" | "contentinfo"));
        let holds_article = container[id] != ROOT && raw[id] * 10 >= raw[container[id]] * 8;
        let holds_page = (page_wide && raw[id] * 2 >= page_len) || holds_article;
        let drop = (DROP_TAGS.contains(&t) && !(landmark && holds_page))
            || (t == "header" && !in_article[id] && !holds_page)
            || (role.is_some() && !holds_page)
            || hidden(dom, id)
            || (by_class
                && !structural
                && raw[id] * 2 < page_len
                && !holds_article
                && !(in_article[id] && prose(id) && !strong_boiler_class(&ci))
                && boiler_class(&ci));
        if drop {
            removed[id] = true;
            continue;
        }
        if matches!(t, "article" | "main") {
            container[id] = id;
        }
        in_article[id] |= matches!(t, "article" | "main")
            || dom
                .attr(id, "itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articlebody"));
        in_link[id] |= t == "a";
        in_caption[id] |= matches!(t, "figcaption" | "caption")
            || ci.contains("caption")
            || ci.contains("bildunterschrift");
    }

    // Kept aggregates (bottom-up).
    let mut len = vec![0usize; n];
    let mut link = vec![0usize; n];
    let mut commas = vec![0usize; n];
    let mut has_block = vec![false; n];
    for id in (1..n).rev() {
        if removed[id] {
            continue;
        }
        if let Data::Text(t) = &dom.nodes[id].data {
            let c = text_chars(t.trim());
            len[id] += c;
            if in_link[id] {
                link[id] += c;
            }
            commas[id] += t
                .chars()
                .filter(|&c| c == ',' || c == '，' || c == '、')
                .count();
        } else if is_block_tag(dom.tag(id)) {
            has_block[dom.nodes[id].parent] = true;
        }
        let p = dom.nodes[id].parent;
        len[p] += len[id];
        link[p] += link[id];
        commas[p] += commas[id];
        has_block[p] |= has_block[id];
    }
    let density = |id: NodeId| {
        if len[id] == 0 {
            0.0
        } else {
            link[id] as f64 / len[id] as f64
        }
    };

    // 2. Scores.
    let mut score: Vec<Option<f64>> = vec![None; n];
    for id in 1..n {
        if removed[id] || dom.is_text(id) || len[id] < 25 {
            continue;
        }
        let t = dom.tag(id);
        let para = matches!(t, "p" | "pre" | "td" | "blockquote" | "li")
            || (matches!(
                t,
                "div" | "section" | "article" | "span" | "font" | "center"
            ) && !has_block[id]);
        if !para || in_link[id] {
            continue;
        }
        let s = 1.0 + commas[id] as f64 + (len[id] as f64 / 100.0).min(3.0);
        let mut a = dom.nodes[id].parent;
        for level in 0..5 {
            if a == ROOT {
                break;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            let cur = score[a]
                .get_or_insert_with(|| tag_bonus(dom.tag(a)) + class_weight(&class_id(dom, a)));
            *cur += s / div;
            a = dom.nodes[a].parent;
        }
    }

    // 3. The article and its siblings.
    let adjusted = |id: NodeId| score[id].map(|s| s * (1.0 - density(id)));
    let top = (1..n)
        .filter(|&i| !removed[i])
        .filter_map(|i| adjusted(i).map(|s| (i, s)))
        .fold(None, |best: Option<(NodeId, f64)>, (i, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((i, s)),
        });
    // Good text: leaf text blocks of some length with few links, summed bottom-up.
    let mut good = vec![0usize; n];
    for id in (1..n).rev() {
        if removed[id] || dom.is_text(id) {
            continue;
        }
        let t = dom.tag(id);
        let leaf = matches!(
            t,
            "p" | "pre" | "blockquote" | "td" | "li" | "div" | "section" | "span" | "dd"
        ) && !has_block[id];
        if leaf && len[id] >= 40 && density(id) < 0.3 {
            good[id] += len[id];
        }
        let p = dom.nodes[id].parent;
        good[p] += good[id];
    }
    let top = top.map(|(mut t, s)| {
        while t != body && t != ROOT && (good[t] as f64) < COVERAGE * good[body] as f64 {
            t = dom.nodes[t].parent;
        }
        (t, adjusted(t).unwrap_or(s))
    });
    let mut roots = Vec::new();
    if let Some((top, top_score)) = top {
        let parent = dom.nodes[top].parent;
        let threshold = (top_score * 0.2).max(10.0);
        for &sib in &dom.nodes[parent].children {
            if removed[sib] {
                continue;
            }
            let keep = sib == top
                || adjusted(sib).is_some_and(|s| s >= threshold)
                || (matches!(dom.tag(sib), "p")
                    && ((len[sib] > 80 && density(sib) < 0.25)
                        || (len[sib] > 0 && density(sib) == 0.0 && dom.text(sib).ends_with('.'))));
            if keep {
                roots.push(sib);
            }
        }
    }
    let chosen: usize = roots.iter().map(|&r| len[r]).sum();
    if chosen < 250 {
        roots = vec![body];
    }

    // 4. Blocks.
    let mut out = Vec::new();
    for root in roots {
        emit(dom, root, &removed, &in_link, &in_caption, &mut out);
    }
    out
}

/// Cuts the kept part of `root`'s subtree into blocks.
fn emit(
    dom: &Dom,
    root: NodeId,
    removed: &[bool],
    in_link: &[bool],
    in_caption: &[bool],
    out: &mut Vec<Block>,
) {
    let end = dom.subtree_end(root);
    let mut cur = Pending::default();
    // Open block elements: (end of their id range, heading?).
    let mut open: Vec<(NodeId, bool)> = Vec::new();
    let mut id = root;
    while id < end {
        while open.last().is_some_and(|&(e, _)| e <= id) {
            open.pop();
            cur.flush(out);
        }
        if removed[id] {
            id = dom.subtree_end(id);
            continue;
        }
        match &dom.nodes[id].data {
            Data::Text(t) => {
                // push_collapsed only appends: count the new characters, not the whole block
                // again (that was quadratic in a block made of many text nodes).
                let before = cur.text.len();
                if cur.text.is_empty() {
                    cur.caption = in_caption[id];
                    cur.heading = open.iter().any(|&(_, h)| h);
                }
                super::dom::push_collapsed(&mut cur.text, t);
                let added = cur.text[before..].chars().count();
                if in_link[id] {
                    cur.link += added;
                }
            }
            Data::Element { name, .. } => {
                let t: &str = name;
                if t == "br" || t == "hr" {
                    cur.flush(out);
                } else if is_block_tag(t) {
                    cur.flush(out);
                    open.push((
                        dom.subtree_end(id),
                        matches!(t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
                    ));
                }
            }
        }
        id += 1;
    }
    cur.flush(out);
}

/// Labels that open a picture or source credit (lower-case, matched at a block's start or after
/// a caption's last sentence).
const CREDIT_LABELS: &[&str] = &[
    "foto:",
    "fotos:",
    "foto ©",
    "bild:",
    "bilder:",
    "photo:",
    "photos:",
    "photo credit",
    "photograph by",
    "image:",
    "credit:",
    "credits:",
    "quelle:",
    "(crédito:",
    "crédito:",
    "©",
    "copyright",
];

/// A credit line is no article text: a short block that starts with a credit label becomes
/// empty, and a short credit after a caption (`Der Vorstand. Foto: Jane Roe`) is cut off.
fn strip_credit(text: &str) -> &str {
    const MAX_CREDIT: usize = 80;
    let lower = text.to_lowercase();
    // Byte offsets are shared with `text` only when lower-casing kept every length.
    if lower.len() != text.len() {
        return text;
    }
    if text.len() <= MAX_CREDIT && CREDIT_LABELS.iter().any(|l| lower.starts_with(l)) {
        return "";
    }
    let cut = CREDIT_LABELS
        .iter()
        .filter_map(|l| lower.rfind(l))
        .filter(|&at| {
            at > 0
                && text.is_char_boundary(at)
                && lower.as_bytes()[at - 1] == b' '
                && text.len() - at <= MAX_CREDIT
        })
        .min();
    match cut {
        // Only after a finished sentence, so `mit Foto: ` inside prose stays.
        Some(at) if text[..at].trim_end().ends_with(['.', '!', '?', ')']) => text[..at].trim_end(),
        _ => text,
    }
}

#[derive(Default)]
struct Pending {
    text: String,
    link: usize,
    caption: bool,
    heading: bool,
}

impl Pending {
    fn flush(&mut self, out: &mut Vec<Block>) {
        let text = strip_credit(self.text.trim());
        let chars = text.chars().count();
        let keep = chars > 0
            && self.link * 2 <= chars.max(1)
            && !FURNITURE_LINES.contains(
                &text
                    .to_lowercase()
                    .trim_end_matches([':', '.', '!', '»', '›', '>'])
                    .trim(),
            );
        if keep {
            out.push(Block {
                text: text.to_string(),
                caption: self.caption,
                heading: self.heading,
            });
        }
        self.text.clear();
        self.link = 0;
        self.caption = false;
        self.heading = false;
    }
}
