//! HTML articles: page -> metadata + the main content as labelled paragraphs.
//!
//! Reads: the decoded HTML of one page. Adds: an `Article` (title, author, published, publisher,
//! cleaned paragraphs with their kind) with the same contract as `text::clean_article`: `text` is
//! the paragraphs joined by exactly one blank line, each paragraph plain text (character
//! references decoded, whitespace collapsed), the title paragraph first when a title is known.
//! Nothing in a page is fetched or executed.
//!
//! Stages, in order:
//! 1. `dom`: a forgiving tokenizer and tree builder (depth capped at `dom::MAX_DEPTH`, so deeply
//!    nested or unclosed markup stays linear and never recurses); pages over `MAX_DOM_BYTES` skip
//!    the tree and are tag-stripped instead;
//! 2. `meta`: title, byline, date and publisher from `<meta>`, JSON-LD, `<time>` and bylines;
//! 3. `content`: boilerplate marked, the article container scored, its blocks cut and filtered;
//! 4. here: blocks -> paragraphs (caption, byline and dateline recognised), the title first.

mod content;
mod dom;
mod entities;
mod meta;

use super::text::Article;
use crate::document::{Paragraph, ParagraphKind, Span};

/// Pages larger than this are tag-stripped rather than parsed into a tree (memory, not time:
/// parsing is linear).
pub const MAX_DOM_BYTES: usize = 64 * 1024 * 1024;

/// Extracts the article from a page, or says why it cannot (a `rejects` reason).
pub fn extract(html: &str) -> Result<Article, String> {
    if html.len() > MAX_DOM_BYTES {
        return strip_tags(html);
    }
    let dom = dom::parse(html);
    let meta = meta::read(&dom, html);
    let blocks = content::main_blocks(&dom);

    let mut paras: Vec<(ParagraphKind, String)> = Vec::new();
    if let Some(t) = &meta.title {
        paras.push((ParagraphKind::Title, t.clone()));
    }
    let mut seen_body = false;
    for b in blocks {
        if meta.title.as_deref() == Some(b.text.as_str())
            || (b.heading
                && !seen_body
                && meta
                    .title
                    .as_deref()
                    .is_some_and(|t| same_headline(t, &b.text)))
        {
            continue;
        }
        let kind = if b.caption {
            ParagraphKind::Caption
        } else if !seen_body && is_byline(&b.text, meta.author.as_deref()) {
            ParagraphKind::Byline
        } else if !seen_body
            && b.text.chars().count() <= 60
            && meta::parse_date(&b.text).is_some()
            && !b.text.contains(". ")
        {
            ParagraphKind::Dateline
        } else {
            seen_body |= !b.heading;
            ParagraphKind::Body
        };
        paras.push((kind, b.text));
    }
    if !paras.iter().any(|(k, _)| *k != ParagraphKind::Title) {
        return Err("no text in the page".into());
    }
    let mut art = assemble(paras);
    art.title = meta.title;
    art.author = meta.author;
    art.published = meta.published;
    art.publisher = meta.publisher;
    Ok(art)
}

/// A heading that repeats the headline (`og:title` often adds or drops a suffix).
fn same_headline(title: &str, heading: &str) -> bool {
    title.starts_with(heading) || heading.starts_with(title)
}

/// A short line naming the author (`Von Jane Roe`, `By Jane Roe | 3 March`).
fn is_byline(text: &str, author: Option<&str>) -> bool {
    let Some(a) = author else { return false };
    let first = a.split("; ").next().unwrap_or(a);
    text.chars().count() <= 120 && text.contains(first)
}

/// Paragraph texts -> `Article` text and spans (joined by one blank line).
fn assemble(paras: Vec<(ParagraphKind, String)>) -> Article {
    let mut art = Article::default();
    for (kind, p) in paras {
        if !art.text.is_empty() {
            art.text.push_str("\n\n");
        }
        let start = art.text.len();
        art.text.push_str(&p);
        art.paragraphs.push(Paragraph {
            span: Span::new(start, art.text.len()),
            kind,
        });
    }
    art
}

/// Fallback for oversized pages: all text outside tags, `script` and `style`, one paragraph per
/// block-level break. Linear, no tree.
fn strip_tags(html: &str) -> Result<Article, String> {
    let bytes = html.as_bytes();
    let mut paras = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    let flush = |cur: &mut String, paras: &mut Vec<(ParagraphKind, String)>| {
        let t = entities::decode(cur.trim())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !t.is_empty() {
            paras.push((ParagraphKind::Body, t));
        }
        cur.clear();
    };
    while i < bytes.len() {
        let Some(off) = bytes[i..].iter().position(|&c| c == b'<') else {
            cur.push_str(&html[i..]);
            break;
        };
        cur.push_str(&html[i..i + off]);
        i += off;
        let head: String = html[i + 1..]
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let raw = ["script", "style"]
            .into_iter()
            .find(|t| head.starts_with(t));
        let close = match raw {
            Some(t) => {
                let needle = format!("</{t}");
                let lower_find = html[i..].char_indices().find(|&(k, _)| {
                    html[i + k..].len() >= needle.len()
                        && html.as_bytes()[i + k..i + k + needle.len()]
                            .eq_ignore_ascii_case(needle.as_bytes())
                });
                lower_find.map(|(k, _)| i + k)
            }
            None => Some(i),
        };
        let Some(close) = close else { break };
        let end = html[close..]
            .find('>')
            .map_or(bytes.len(), |e| close + e + 1);
        if ["p", "/p", "br", "div", "/div", "h", "/h", "li", "tr", "td"]
            .iter()
            .any(|t| head.starts_with(t))
            || raw.is_some()
        {
            flush(&mut cur, &mut paras);
        } else {
            cur.push(' ');
        }
        i = end;
    }
    flush(&mut cur, &mut paras);
    if paras.is_empty() {
        return Err("no text in the page".into());
    }
    Ok(assemble(paras))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn texts(a: &Article) -> Vec<(ParagraphKind, &str)> {
        a.paragraphs
            .iter()
            .map(|p| (p.kind, p.span.slice(&a.text)))
            .collect()
    }

    const PAGE: &str = r##"<!DOCTYPE html><html><head>
<title>Neue Straßenbahn für Leipzig | Stadtblatt</title>
<meta property="og:site_name" content="Stadtblatt">
<meta property="article:published_time" content="2021-03-04T08:15:00+01:00">
<meta name="author" content="Erika Muster">
<style>.x{color:red}</style><script>var secret = "never in the text";</script>
</head><body>
<header><nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li></ul></nav></header>
<div class="cookie-banner">Wir verwenden Cookies. <button>OK</button></div>
<main><article>
<h1>Neue Straßenbahn für Leipzig</h1>
<p class="byline">Von Erika Muster</p>
<p>Die Stadt hat am Montag beschlossen, eine neue Linie zu bauen. Sie soll 2025 fahren &amp; den Osten anbinden.</p>
<figure><img src="a.jpg"><figcaption>Eine Bahn am Hauptbahnhof.</figcaption></figure>
<h2>Kosten</h2>
<p>Die Kosten liegen bei 120&nbsp;Millionen&nbsp;Euro, sagte der Bürgermeister, und der Bund zahlt einen Teil davon.</p>
<div class="share-buttons"><a href="#">Teilen</a><a href="#">Tweet</a></div>
</article>
<aside class="related"><h3>Mehr zum Thema</h3><ul><li><a href="/x">Busse im Test</a></li></ul></aside>
</main>
<footer><p>© Stadtblatt 2021 · Impressum · Datenschutz</p></footer>
</body></html>"##;

    #[test]
    fn article_page_gives_metadata_and_only_the_main_text() {
        let a = extract(PAGE).unwrap();
        assert_eq!(a.title.as_deref(), Some("Neue Straßenbahn für Leipzig"));
        assert_eq!(a.author.as_deref(), Some("Erika Muster"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2021, 3, 4));
        assert_eq!(a.publisher.as_deref(), Some("Stadtblatt"));
        assert_eq!(
            texts(&a),
            vec![
                (ParagraphKind::Title, "Neue Straßenbahn für Leipzig"),
                (ParagraphKind::Byline, "Von Erika Muster"),
                (ParagraphKind::Body, "Die Stadt hat am Montag beschlossen, eine neue Linie zu bauen. Sie soll 2025 fahren & den Osten anbinden."),
                (ParagraphKind::Caption, "Eine Bahn am Hauptbahnhof."),
                (ParagraphKind::Body, "Kosten"),
                (ParagraphKind::Body, "Die Kosten liegen bei 120 Millionen Euro, sagte der Bürgermeister, und der Bund zahlt einen Teil davon."),
            ]
        );
        for gone in [
            "Politik",
            "Cookies",
            "Teilen",
            "Busse",
            "Impressum",
            "secret",
            "color",
        ] {
            assert!(!a.text.contains(gone), "{gone} leaked");
        }
    }

    #[test]
    fn paragraphs_are_joined_by_one_blank_line_and_slice_back() {
        let a = extract(PAGE).unwrap();
        let joined: Vec<&str> = a.paragraphs.iter().map(|p| p.span.slice(&a.text)).collect();
        assert_eq!(joined.join("\n\n"), a.text);
        assert!(a.paragraphs.iter().all(
            |p| !p.span.slice(&a.text).contains("  ") && !p.span.slice(&a.text).contains('\n')
        ));
    }

    #[test]
    fn json_ld_gives_people_not_organisations_and_the_date() {
        let page = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"Blog"},
            {"@type":"NewsArticle","headline":"Ein Titel","datePublished":"2019-10-30T10:00:00Z",
             "author":[{"@type":"Person","name":"Anna Beispiel"},{"@type":"Organization","name":"Beispiel GmbH"}],
             "publisher":{"@type":"Organization","name":"Beispiel Zeitung"}}]}</script></head>
            <body><article><p>Ein langer Absatz mit genug Text, damit er als Inhalt zählt, und noch etwas mehr Text dazu.</p></article></body></html>"#;
        let a = extract(page).unwrap();
        assert_eq!(a.author.as_deref(), Some("Anna Beispiel"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2019, 10, 30));
        assert_eq!(a.publisher.as_deref(), Some("Beispiel Zeitung"));
        assert_eq!(a.title.as_deref(), Some("Ein Titel"));
    }

    #[test]
    fn time_element_and_visible_byline_when_no_meta() {
        let page = r#"<html><body><div class="post"><h1>Titel</h1>
            <span class="author-name"><a rel="author" href="/u/max">Max Mustermann</a></span>
            <time datetime="2018-03-07">7. März 2018</time>
            <p>Hier steht der eigentliche Text des Beitrags, lang genug für die Auswahl, mit Kommas, und Punkt.</p>
            <p>Ein zweiter Absatz erzählt weiter, was geschah, wer dabei war, und warum es wichtig ist, dass man davon erfährt.</p>
            <p>Ein dritter Absatz schließt den Beitrag ab, fasst zusammen, und gibt einen Ausblick auf die nächsten Wochen.</p>
            <div class="comments"><p class="author">Kommentar von Troll Dieter</p><p>Blöder Artikel, finde ich, wirklich sehr schlecht.</p></div>
            </div></body></html>"#;
        let a = extract(page).unwrap();
        assert_eq!(a.author.as_deref(), Some("Max Mustermann"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2018, 3, 7));
        assert!(!a.text.contains("Troll"));
    }

    /// A page with enough body text to be extracted, and `head`/`byline` around it.
    fn page_with(head: &str, byline: &str) -> String {
        format!(
            r#"<html><head>{head}</head><body><div class="post"><h1>Titel</h1>{byline}
            <p>Hier steht der eigentliche Text des Beitrags, lang genug für die Auswahl, mit Kommas, und Punkt.</p>
            <p>Ein zweiter Absatz erzählt weiter, was geschah, wer dabei war, und warum es wichtig ist, dass man davon erfährt.</p>
            </div></body></html>"#
        )
    }

    #[test]
    fn schema_graph_references_and_twitter_labels_name_the_author() {
        // Yoast: the article's author is a reference to a Person node of the graph
        let graph = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"Article","headline":"T","author":{"@id":"https://x.de/#/schema/person/1"}},
            {"@type":"Person","@id":"https://x.de/#/schema/person/1","name":"Erika Beispiel"}]}</script>"#;
        let a = extract(&page_with(graph, "")).unwrap();
        assert_eq!(a.author.as_deref(), Some("Erika Beispiel"));
        // a reference to nothing names no one
        let dangling = graph.replace("\"name\":\"Erika Beispiel\"", "\"url\":\"x\"");
        assert_eq!(extract(&page_with(&dangling, "")).unwrap().author, None);
        let twitter = r#"<meta name="twitter:label1" content="Verfasst von">
            <meta name="twitter:data1" content="Jana Muster">
            <meta name="twitter:label2" content="Geschätzte Lesezeit"><meta name="twitter:data2" content="3 Minuten">"#;
        let a = extract(&page_with(twitter, "")).unwrap();
        assert_eq!(a.author.as_deref(), Some("Jana Muster"));
        let reading_time_only = r#"<meta name="twitter:label1" content="Geschätzte Lesezeit">
            <meta name="twitter:data1" content="3 Minuten">"#;
        assert_eq!(
            extract(&page_with(reading_time_only, "")).unwrap().author,
            None
        );
    }

    #[test]
    fn bylines_in_author_fields_and_author_boxes() {
        // a Drupal field: `label` in another class token does not disqualify it
        let drupal = r#"<h5 class="field field--name-field-term-author field--label-hidden">Chris Beispiel</h5>"#;
        let a = extract(&page_with("", drupal)).unwrap();
        assert_eq!(a.author.as_deref(), Some("Chris Beispiel"));
        // an author box holding more than the name: its link to the author's page
        let boxed = r#"<div class="author"><a href="/autoren/georg-beispiel/">Georg Beispiel</a>, 21. Jan. 2015
            <div class="rating">Bewertung: 4 von 5 Sternen, 12 Stimmen, jetzt selbst bewerten und mitdiskutieren</div></div>"#;
        let a = extract(&page_with("", boxed)).unwrap();
        assert_eq!(a.author.as_deref(), Some("Georg Beispiel"));
        assert_eq!(
            meta::clean_author("Johanna Beispiel Alle Artikel").as_deref(),
            Some("Johanna Beispiel")
        );
        assert_eq!(meta::clean_author("Alle Beiträge"), None);
        // a final initial keeps its period; other final periods go
        assert_eq!(
            meta::clean_author("Juan Carlos Muñoz C.").as_deref(),
            Some("Juan Carlos Muñoz C.")
        );
        assert_eq!(meta::clean_author("Jane Doe.").as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn no_byline_rather_than_a_wrong_one() {
        for bad in [
            "https://example.org/autor/x",
            "admin",
            "Redaktion",
            "publisher",
            "Endlich mehr Tempo wagen!",
            "Weitere Artikel zu diesem Thema finden Sie in unserem Archiv und auf der Startseite",
        ] {
            assert_eq!(meta::clean_author(bad), None, "{bad}");
        }
        assert_eq!(
            meta::clean_author("Von Roland Brockmann und Sebastian Drescher").as_deref(),
            Some("Roland Brockmann und Sebastian Drescher")
        );
        assert_eq!(
            meta::clean_author("By Jane Doe | 3 March 2021").as_deref(),
            Some("Jane Doe")
        );
    }

    #[test]
    fn dates_in_page_languages() {
        let d = NaiveDate::from_ymd_opt(2019, 10, 30);
        for s in [
            "2019-10-30T08:00:00+02:00",
            "30.10.2019",
            "30. Oktober 2019",
            "October 30, 2019",
            "30 de octubre de 2019",
            "30 ottobre 2019",
            "Mi, 30. Okt. 2019 um 10:00",
            "20191030",
            "2019/10/30",
        ] {
            assert_eq!(meta::parse_date(s), d, "{s}");
        }
        assert_eq!(meta::parse_date("Seite 30 von 2019 Seiten"), None);
    }

    #[test]
    fn entities_are_decoded_in_text_and_attributes() {
        assert_eq!(
            entities::decode(
                "a &amp; b &lt;c&gt; &#8222;Zitat&#x201C; &eacute;t&eacute; &unknown; &amp"
            ),
            "a & b <c> „Zitat“ été &unknown; &"
        );
        assert_eq!(
            entities::decode("&#150; &#0; &#xD800;"),
            "– \u{FFFD} \u{FFFD}"
        );
        let a = extract(r#"<html><head><meta property="og:title" content="Caf&eacute; &amp; Bar"></head><body><p>Das Caf&eacute; &quot;Zur Post&quot; hat wieder ge&ouml;ffnet, sagt die Wirtin.</p></body></html>"#).unwrap();
        assert_eq!(a.title.as_deref(), Some("Café & Bar"));
        assert!(a.text.contains("Das Café \"Zur Post\" hat wieder geöffnet"));
    }

    #[test]
    fn broken_and_unclosed_markup_still_gives_text() {
        let a = extract("<html><body><div><p>Erster Absatz ohne Ende<p>Zweiter <b>fetter <i>Absatz</div><li>Punkt<li>Noch ein Punkt</p></span><p>Letzter <a href='x>kaputt").unwrap();
        assert!(a.text.contains("Erster Absatz ohne Ende"));
        assert!(a.text.contains("Zweiter fetter Absatz"));
        assert!(a.text.contains("Noch ein Punkt"));
        assert!(extract("<html><body><script>only script</script></body></html>").is_err());
        assert!(extract("").is_err());
    }

    #[test]
    fn nested_divs_keep_their_text() {
        let page = "<html><body><div><div><div class='content'><div><div><p>Tief verschachtelter Text, der trotzdem gefunden werden muss, weil er der Artikel ist.</p><p>Noch ein Absatz im Artikel, damit der Inhalt klar überwiegt, mit Kommas, Punkten, und allem.</p><p>Und ein letzter Absatz, der die Geschichte zu Ende erzählt, ruhig, sachlich, und vollständig.</p></div></div></div></div><div class='sidebar'><p>Werbung hier im Seitenbereich, die nicht in den Text gehört, auch wenn sie lang ist.</p></div></div></body></html>";
        let a = extract(page).unwrap();
        assert!(a.text.contains("Tief verschachtelter Text"));
        assert!(!a.text.contains("Seitenbereich"));
    }

    #[test]
    fn hundred_thousand_nested_divs_do_not_overflow_the_stack() {
        let n = 100_000;
        let page = format!("<html><body>{}<p>Ganz innen steht ein Satz, der gefunden werden soll, mit etwas mehr Text.</p>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
        let a = extract(&page).unwrap();
        assert!(a.text.contains("Ganz innen steht ein Satz"));
        let unclosed = format!("<html><body>{}text", "<span><div><b>".repeat(n));
        assert!(extract(&unclosed).unwrap().text.contains("text"));
    }

    #[test]
    fn twenty_megabyte_page_is_linear() {
        // Work about doubles when the page doubles: node count is the measure (no wall clock).
        let para = "<div class='c'><p>Ein Absatz mit Text, Kommas, und einem <a href='#'>Link</a> darin &amp; mehr.</p></div>\n";
        let small = format!(
            "<html><body>{}</body></html>",
            para.repeat(20 * 1024 * 1024 / para.len() / 2)
        );
        let big = format!(
            "<html><body>{}</body></html>",
            para.repeat(20 * 1024 * 1024 / para.len())
        );
        let (ns, nb) = (dom::parse(&small).nodes.len(), dom::parse(&big).nodes.len());
        assert!(nb < ns * 21 / 10, "{ns} -> {nb}");
        let a = extract(&big).unwrap();
        assert!(a.text.len() > 10_000_000);
    }

    #[test]
    fn script_and_style_content_never_reaches_the_text() {
        let page = "<html><body><p>Sichtbarer Text im Artikel, lang genug, um gewählt zu werden, wirklich.</p><script>document.write('<p>versteckt</p>')</script><STYLE>p{}</STYLE><script type='text/template'><p>tmpl</p></SCRIPT><noscript>Bitte JavaScript aktivieren</noscript></body></html>";
        let a = extract(page).unwrap();
        for gone in ["versteckt", "p{}", "tmpl", "JavaScript"] {
            assert!(!a.text.contains(gone), "{gone}");
        }
        let s = strip_tags(page).unwrap();
        assert!(!s.text.contains("versteckt") && s.text.contains("Sichtbarer Text"));
    }

    const STORY: &str = "<p>Der Gemeinderat hat gestern über den neuen Radweg entschieden, nach langer Debatte, mit knapper Mehrheit.</p><p>Die Bauarbeiten beginnen im Frühjahr, sagte die Sprecherin, und sollen bis zum Herbst dauern, wenn das Wetter hält.</p><p>Anwohner begrüßen den Plan, fürchten aber Lärm, Staub und gesperrte Straßen, wie eine Umfrage zeigt, die der Verein im Sommer gemacht hat.</p>";

    #[test]
    fn unclosed_or_misused_landmarks_that_hold_the_page_are_kept() {
        // A `<header>` never closed swallows the page; a banner role likewise.
        let unclosed = format!("<html><body><header class='top'><a href='/'>Start</a><main>{STORY}</main></body></html>");
        assert!(extract(&unclosed).unwrap().text.contains("Radweg"));
        let banner = format!("<html><body><div role='banner'><a href='/'>Start</a><div class='page'>{STORY}</div></body></html>");
        assert!(extract(&banner).unwrap().text.contains("Bauarbeiten"));
        // The story inside an `<aside>` that is all of `<main>`.
        let aside = format!("<html><body><nav><a href='/'>Start</a></nav><main><aside class='box'>{STORY}</aside></main><aside><p>Unsere Partnerseiten bieten Ihnen jeden Tag viele weitere Angebote, Rabatte und mehr.</p></aside></body></html>");
        let a = extract(&aside).unwrap();
        assert!(a.text.contains("Radweg"));
        assert!(!a.text.contains("Partnerseiten"));
    }

    #[test]
    fn a_weak_furniture_class_on_article_prose_does_not_drop_it() {
        let page = format!("<html><body><article><h1>Test</h1>{STORY}<section class='report__section--ads'><p>Unser Fazit nach drei Wochen im Alltag fällt gemischt aus, denn der Grill wird heiß, aber ungleichmäßig, und die Reinigung dauert lange, vor allem nach fettem Fleisch, das am Rost klebt.</p><p>Wer selten grillt, wird trotzdem zufrieden sein, zumal der Preis niedrig ist, und das Zubehör gleich dabei liegt, samt einer Anleitung.</p><p>Wer oft grillt, sollte dagegen mehr Geld ausgeben, denn die Hitze reicht für dicke Stücke nicht, und das merkt man schnell.</p></section><div class='comments'><p>Leserin schreibt: Ich habe denselben Grill gekauft und bin sehr zufrieden damit, er hält schon zwei Jahre, obwohl ich ihn oft benutze.</p><p>Leser schreibt: Bei mir ging er nach einem Monat kaputt, das ärgert mich sehr, und der Händler wollte ihn nicht zurücknehmen, leider.</p><p>Noch ein Leser schreibt: Ich warte lieber auf das nächste Modell, das soll besser sein, und hoffentlich auch günstiger, mal sehen.</p></div></article></body></html>");
        let a = extract(&page).unwrap();
        assert!(a.text.contains("Unser Fazit"));
        assert!(!a.text.contains("Leserin"), "comments stay out");
    }

    #[test]
    fn privacy_notices_and_picture_credits_are_dropped() {
        let page = format!("<html><body><div class='privacy-notice'><div class='text'><p>Wir nutzen auf dieser Website Cookies zur Analyse, um Ihnen den besten Service zu bieten, und für soziale Medien, jederzeit widerrufbar.</p></div></div><article>{STORY}<figure><img src='x.jpg'><figcaption>Der neue Radweg am Fluss. Foto: Anna Bild</figcaption></figure><p>Foto: Stadtarchiv</p><p>© 2021 Stadtblatt</p></article></body></html>");
        let a = extract(&page).unwrap();
        assert!(!a.text.contains("Cookies"));
        assert!(a.text.contains("Der neue Radweg am Fluss."));
        for gone in ["Anna Bild", "Stadtarchiv", "© 2021"] {
            assert!(!a.text.contains(gone), "{gone}");
        }
        // A credit word inside prose is not cut.
        let prose = format!("<html><body><article>{STORY}<p>Sie zeigte uns ein altes Album mit Foto: darauf stand der Großvater vor dem Laden.</p></article></body></html>");
        assert!(extract(&prose).unwrap().text.contains("Foto: darauf stand"));
    }

    fn date_of(head: &str, body: &str) -> Option<NaiveDate> {
        extract(&format!(
            "<html><head>{head}</head><body>{body}<article>{STORY}</article></body></html>"
        ))
        .unwrap()
        .published
    }

    #[test]
    fn publication_date_rules() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        // `og:updated_time` is a modification: the `<time>` of the page wins.
        assert_eq!(
            date_of(
                r#"<meta property="og:updated_time" content="2022-01-27T10:00:00+01:00">"#,
                r#"<time datetime="2022-01-26">26. Jan 2022</time>"#
            ),
            ymd(2022, 1, 26)
        );
        // The page's own meta outranks a JSON-LD date (which may describe an image).
        assert_eq!(
            date_of(
                r#"<meta property="article:published_time" content="2021-06-02T08:00:00Z"><script type="application/ld+json">{"@type":"ImageObject","datePublished":"2021-05-30"}</script>"#,
                ""
            ),
            ymd(2021, 6, 2)
        );
        // A generic `date` meta ranks below a `<time>` element.
        assert_eq!(
            date_of(
                r#"<meta name="date" content="2020-3-9T10:00:00+01:00">"#,
                r#"<time datetime="2020-03-04">4.3.2020</time>"#
            ),
            ymd(2020, 3, 4)
        );
        // Times in comment sections are replies, not the publication.
        assert_eq!(
            date_of(
                "",
                r#"<div class="comment-list"><time datetime="2019-08-24T03:00:00+02:00">24. August 2019</time></div><p>Veröffentlicht am 16.08.2019</p>"#
            ),
            ymd(2019, 8, 16)
        );
        // A labelled modification date is skipped for the publication one ...
        assert_eq!(
            date_of("", "<p class='foot'>Letzte Änderung: 31.10.2023 - 14:49<br>Erschienen am: 01.11.2023</p>"),
            ymd(2023, 11, 1)
        );
        // ... but used when it is the only date.
        assert_eq!(
            date_of("", "<p class='info'>Aktualisiert: 30.12.2016</p>"),
            ymd(2016, 12, 30)
        );
        // A dateline opening a long paragraph.
        let long = format!(
            "<p>27.1.2022 - {}</p>",
            "Ein langer Absatz ohne weiteres Datum, ".repeat(12)
        );
        assert_eq!(date_of("", &long), ymd(2022, 1, 27));
        // Last resort: a publication key in an inline script's JSON.
        assert_eq!(
            date_of(
                r#"<script>window.state = {"review":{"publishedDate":"2016-11-04T20:37:27Z"}};</script>"#,
                ""
            ),
            ymd(2016, 11, 4)
        );
    }

    #[test]
    fn blog_widget_lines_are_dropped() {
        let page = format!("<html><body><article>{STORY}<h3>Teilen mit:</h3><p>Ähnliche Beiträge</p><p>Kommentare sind geschlossen.</p></article></body></html>");
        let a = extract(&page).unwrap();
        assert!(a.text.contains("Radweg"));
        for gone in ["Teilen mit", "Ähnliche", "geschlossen"] {
            assert!(!a.text.contains(gone), "{gone}");
        }
    }

    #[test]
    fn url_day_is_two_digits_then_a_non_digit() {
        let page = |u: &str| {
            format!("<html><head><link rel=\"canonical\" href=\"{u}\"></head><body><article>{STORY}</article></body></html>")
        };
        assert_eq!(
            extract(&page(
                "https://example.org/reden/2003/03/20030331_rede.html"
            ))
            .unwrap()
            .published,
            None
        );
        assert_eq!(
            extract(&page("https://example.org/2019/05/12/ein-titel/"))
                .unwrap()
                .published,
            NaiveDate::from_ymd_opt(2019, 5, 12)
        );
    }
}
