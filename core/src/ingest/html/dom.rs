//! A forgiving HTML tokenizer and tree builder: page -> arena of nodes in document order.
//!
//! Not the WHATWG algorithm, but what extraction needs from real pages: void elements, the usual
//! implied end tags (`<p>` before a block, `<li>` before `<li>`, table cells and rows), stray end
//! tags ignored, unclosed elements closed at the end, raw text of `script`/`style` skipped (JSON-LD
//! kept), comments dropped. Character references are decoded in text and attribute values.
//!
//! Cost: one pass over the bytes; the open-element stack is capped at `MAX_DEPTH`, so an end tag
//! looks at most that far and a page of 100k nested `<div>`s stays linear (deeper elements are
//! flattened into the element at the cap). Nodes are appended in document order, so a parent's id
//! is always smaller than its children's: callers compute bottom-up sums by walking ids backwards
//! and top-down flags by walking them forwards, with no recursion anywhere.

use super::entities;

/// Open elements deeper than this are flattened into their ancestor at the cap.
pub const MAX_DEPTH: usize = 256;

pub type NodeId = usize;

/// An element's kept attributes: (lower-cased name, decoded value).
pub type Attrs = Vec<(Box<str>, Box<str>)>;

/// The document root (a synthetic element named `#root`).
pub const ROOT: NodeId = 0;

#[derive(Debug)]
pub enum Data {
    /// Tag name lower-cased; only the attributes extraction reads are kept (`KEPT_ATTRS`).
    Element { name: Box<str>, attrs: Attrs },
    /// Decoded text, whitespace as in the page (a whitespace-only run is kept as one space).
    Text(String),
}

#[derive(Debug)]
pub struct Node {
    pub data: Data,
    pub parent: NodeId,
    pub children: Vec<NodeId>,
}

#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// The `<title>` text, decoded.
    pub title: Option<String>,
    /// Bodies of `<script type="application/ld+json">`, in page order.
    pub json_ld: Vec<String>,
    /// Elements flattened because they opened deeper than `MAX_DEPTH`.
    pub flattened: usize,
}

const KEPT_ATTRS: &[&str] = &[
    "class",
    "id",
    "property",
    "name",
    "content",
    "itemprop",
    "itemtype",
    "datetime",
    "rel",
    "style",
    "hidden",
    "aria-hidden",
    "type",
    "role",
    "href",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];

/// Elements whose content is not markup; skipped up to their end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

impl Dom {
    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].data {
            Data::Element { name, .. } => name,
            Data::Text(_) => "",
        }
    }

    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => {
                attrs.iter().find(|(k, _)| &**k == attr).map(|(_, v)| &**v)
            }
            Data::Text(_) => None,
        }
    }

    pub fn is_text(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].data, Data::Text(_))
    }

    /// The node and its descendants in document order: ids `id..end` (document order makes a
    /// subtree one contiguous id range).
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        let mut n = id;
        while let Some(&last) = self.nodes[n].children.last() {
            n = last;
        }
        n + 1
    }

    /// All text under `id`, whitespace collapsed to single spaces and trimmed.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in id..self.subtree_end(id) {
            if let Data::Text(t) = &self.nodes[n].data {
                push_collapsed(&mut out, t);
            }
        }
        out.trim_end().to_string()
    }

    fn push(&mut self, parent: NodeId, data: Data) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            data,
            parent,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }
}

/// Appends `t` to `out` with every whitespace run (Unicode, NBSP included) as one space and no
/// leading space at the start of `out`.
pub fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Parses a page into a `Dom` (never fails: any bytes give some tree).
pub fn parse(html: &str) -> Dom {
    let mut b = Builder {
        dom: Dom::default(),
        stack: vec![ROOT],
        overflow: 0,
    };
    b.dom.nodes.push(Node {
        data: Data::Element {
            name: "#root".into(),
            attrs: Vec::new(),
        },
        parent: ROOT,
        children: Vec::new(),
    });
    let bytes = html.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let mut text_start = 0;
    while i < n {
        let Some(off) = bytes[i..].iter().position(|&c| c == b'<') else {
            break;
        };
        i += off;
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if next == b'!' || next == b'?' || next == b'/' || next.is_ascii_alphabetic() {
            b.text(&html[text_start..i]);
        } else {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = find(bytes, i + 4, b"-->").map_or(n, |e| e + 3);
        } else if next == b'!' || next == b'?' {
            i = find(bytes, i, b">").map_or(n, |e| e + 1);
        } else if next == b'/' {
            let name_end = i
                + 2
                + bytes[i + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
                    .count();
            let name = html[i + 2..name_end].to_ascii_lowercase();
            i = find(bytes, name_end, b">").map_or(n, |e| e + 1);
            if !name.is_empty() {
                b.end_tag(&name);
            }
        } else {
            let (name, attrs, self_closing, end) = start_tag(html, i + 1);
            i = end;
            if RAW.contains(&name.as_str()) {
                let close = find_end_tag(bytes, i, name.as_bytes());
                let body = &html[i..close.unwrap_or(n)];
                match name.as_str() {
                    "title" if b.dom.title.is_none() => {
                        b.dom.title = Some(entities::decode(body).into_owned())
                    }
                    "script"
                        if attrs
                            .iter()
                            .any(|(k, v)| &**k == "type" && v.contains("ld+json")) =>
                    {
                        b.dom.json_ld.push(body.to_string())
                    }
                    _ => {}
                }
                if name != "title" {
                    // A marker element, so callers can tell where the script/style stood.
                    b.start_tag(name, attrs, true);
                }
                i = close.map_or(n, |c| find(bytes, c, b">").map_or(n, |e| e + 1));
            } else {
                b.start_tag(name, attrs, self_closing);
            }
        }
        text_start = i;
    }
    if text_start < n {
        b.text(&html[text_start..]);
    }
    b.dom
}

struct Builder {
    dom: Dom,
    stack: Vec<NodeId>,
    /// Elements currently open beyond the depth cap (not in the tree).
    overflow: usize,
}

impl Builder {
    fn top(&self) -> NodeId {
        *self.stack.last().unwrap_or(&ROOT)
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let top = self.top();
        let decoded = entities::decode(raw);
        let blank = decoded.chars().all(char::is_whitespace);
        if let Some(&last) = self.dom.nodes[top].children.last() {
            if let Data::Text(t) = &mut self.dom.nodes[last].data {
                if blank {
                    if !t.ends_with(' ') {
                        t.push(' ');
                    }
                } else {
                    t.push_str(&decoded);
                }
                return;
            }
        }
        let data = Data::Text(if blank {
            " ".to_string()
        } else {
            decoded.into_owned()
        });
        self.dom.push(top, data);
    }

    /// Pops up to and including the nearest open `name` found before any of `stop`.
    fn close_open(&mut self, names: &[&str], stop: &[&str]) {
        for k in (1..self.stack.len()).rev() {
            let t = self.dom.tag(self.stack[k]);
            if names.contains(&t) {
                self.stack.truncate(k);
                return;
            }
            if stop.contains(&t) {
                return;
            }
        }
    }

    fn start_tag(&mut self, name: String, attrs: Attrs, self_closing: bool) {
        let n = name.as_str();
        if CLOSES_P.contains(&n) && self.dom.tag(self.top()) == "p" {
            self.stack.pop();
        }
        match n {
            "li" => self.close_open(&["li"], &["ul", "ol", "menu", "div", "nav", "table"]),
            "dt" | "dd" => self.close_open(&["dt", "dd"], &["dl", "div"]),
            "td" | "th" => self.close_open(&["td", "th"], &["tr", "table"]),
            "tr" => self.close_open(&["tr"], &["table", "tbody", "thead", "tfoot"]),
            "tbody" | "thead" | "tfoot" => {
                self.close_open(&["tbody", "thead", "tfoot"], &["table"])
            }
            "option" => self.close_open(&["option"], &["select", "datalist"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if matches!(
                    self.dom.tag(self.top()),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) =>
            {
                self.stack.pop();
            }
            _ => {}
        }
        let void = VOID.contains(&n) || self_closing;
        if self.stack.len() >= MAX_DEPTH {
            if !void {
                self.overflow += 1;
                self.dom.flattened += 1;
            }
            return;
        }
        let top = self.top();
        let id = self.dom.push(
            top,
            Data::Element {
                name: name.into_boxed_str(),
                attrs,
            },
        );
        if !void {
            self.stack.push(id);
        }
    }

    fn end_tag(&mut self, name: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        match name {
            "br" => return self.start_tag("br".into(), Vec::new(), true),
            "body" | "html" => return,
            _ => {}
        }
        for k in (1..self.stack.len()).rev() {
            if self.dom.tag(self.stack[k]) == name {
                self.stack.truncate(k);
                return;
            }
        }
    }
}

/// Parses a start tag whose name begins at `i` (just after `<`): name, kept attributes,
/// self-closing flag, and the position after `>` (the end of input when unterminated).
fn start_tag(html: &str, mut i: usize) -> (String, Attrs, bool, usize) {
    let b = html.as_bytes();
    let n = b.len();
    let name_end = i + b[i..]
        .iter()
        .take_while(|c| !c.is_ascii_whitespace() && **c != b'>' && **c != b'/')
        .count();
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n {
            return (name, attrs, self_closing, n);
        }
        match b[i] {
            b'>' => return (name, attrs, self_closing, i + 1),
            b'/' => {
                self_closing = b.get(i + 1) == Some(&b'>');
                i += 1;
                continue;
            }
            _ => {}
        }
        self_closing = false;
        let k0 = i;
        while i < n
            && !b[i].is_ascii_whitespace()
            && b[i] != b'='
            && b[i] != b'>'
            && !(b[i] == b'/' && b.get(i + 1) == Some(&b'>'))
        {
            i += 1;
        }
        if i == k0 {
            i += 1; // a stray `=`
            continue;
        }
        let key = &html[k0..i];
        let mut j = i;
        while j < n && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = "";
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let end = b[j + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(n, |p| j + 1 + p);
                value = &html[j + 1..end];
                i = (end + 1).min(n);
            } else {
                let end = j + b[j..]
                    .iter()
                    .take_while(|c| !c.is_ascii_whitespace() && **c != b'>')
                    .count();
                value = &html[j..end];
                i = end;
            }
        }
        let key = key.to_ascii_lowercase();
        if KEPT_ATTRS.contains(&key.as_str())
            && !attrs
                .iter()
                .any(|(k, _): &(Box<str>, Box<str>)| **k == *key)
        {
            attrs.push((key.into_boxed_str(), entities::decode(value).into()));
        }
    }
}

/// First position of `needle` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Position of `</name` (ASCII case-insensitive) at or after `from`.
fn find_end_tag(hay: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while i < hay.len() {
        let p = i + hay[i..].iter().position(|&c| c == b'<')?;
        if hay.get(p + 1) == Some(&b'/')
            && hay.len() >= p + 2 + name.len()
            && hay[p + 2..p + 2 + name.len()].eq_ignore_ascii_case(name)
        {
            let after = hay.get(p + 2 + name.len()).copied().unwrap_or(b'>');
            if !after.is_ascii_alphanumeric() {
                return Some(p);
            }
        }
        i = p + 1;
    }
    None
}
