//! Unit tests of the entity rules, one per pattern, on sentences written for them.
use super::*;

fn ents(text: &str) -> Vec<(String, String, &'static str)> {
    let doc = Document::from_plain_text("t", text.to_string());
    let sents: Vec<Sentence> = crate::sentences::split(text)
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph_id: 0,
            kind: ParagraphKind::Body,
        })
        .collect();
    let (m, _, _) = find_entities(&doc, &sents);
    m.iter()
        .map(|m| {
            (
                m.span.slice(text).to_string(),
                m.key.name.to_string(),
                m.key.entity_type.as_str(),
            )
        })
        .collect()
}

fn has(e: &[(String, String, &'static str)], surface: &str, name: &str, ty: &str) -> bool {
    e.iter()
        .any(|(s, n, t)| s == surface && n == name && *t == ty)
}

/// One step of the xorshift generator that the randomized tests draw their texts from.
fn xorshift(seed: &mut u64) {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
}

#[test]
fn title_names_exclude_the_title_and_coordinate() {
    let e = ents("They met Presidents Anna Berg and Tomas Lind in Vienna.");
    assert!(has(&e, "Anna Berg", "Anna Berg", "PERSON"), "{e:?}");
    assert!(has(&e, "Tomas Lind", "Tomas Lind", "PERSON"), "{e:?}");
    assert!(has(&e, "Vienna", "Vienna", "GPE"), "{e:?}");
}

#[test]
fn apposition_and_first_name_shape() {
    let e = ents("Marta Olsen, a senior fellow at the Nordic Policy Institute, disagreed.");
    assert!(has(&e, "Marta Olsen", "Marta Olsen", "PERSON"), "{e:?}");
    assert!(
        has(
            &e,
            "Nordic Policy Institute",
            "Nordic Policy Institute",
            "ORG"
        ),
        "{e:?}"
    );
}

#[test]
fn org_phrases_without_the_or_possessive() {
    let e = ents("Observers criticised the Portuguese Maritime Authority's report and the Lisbon Rowing Club.");
    assert!(
        has(
            &e,
            "Portuguese Maritime Authority",
            "Portuguese Maritime Authority",
            "ORG"
        ),
        "{e:?}"
    );
    assert!(
        has(&e, "Lisbon Rowing Club", "Lisbon Rowing Club", "ORG"),
        "{e:?}"
    );
    assert!(
        e.iter()
            .all(|(s, _, _)| !s.starts_with("the ") && !s.ends_with("'s")),
        "{e:?}"
    );
}

#[test]
fn acronym_definitions_and_letter_matching() {
    let e = ents("The Northern Rail Company (NRC) runs trains. Danube Ferries sailed on. Later NRC and DAFE agreed.");
    assert!(
        has(&e, "Northern Rail Company", "Northern Rail Company", "ORG"),
        "{e:?}"
    );
    assert!(has(&e, "NRC", "Northern Rail Company", "ORG"), "{e:?}");
    assert!(letters_match("AZAL", "Azerbaijan Airlines"));
    assert!(letters_match("DAFE", "Danube Ferries"));
    assert!(!letters_match("AZAL", "Azerbaijan Railways"));
}

#[test]
fn capital_metonymy_stays_gpe_with_codes() {
    let text = "Vienna rejected the offer, and Lisbon said nothing.";
    let doc = Document::from_plain_text("t", text.to_string());
    let sents: Vec<Sentence> = crate::sentences::split(text)
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph_id: 0,
            kind: ParagraphKind::Body,
        })
        .collect();
    let (m, ents, _) = find_entities(&doc, &sents);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m.iter().all(|m| m.key.entity_type == EntityType::GPE));
    let lisbon = ents
        .iter()
        .find(|e| &*e.key.name == "Lisbon")
        .expect("Lisbon");
    assert_eq!(lisbon.country_code.as_deref(), Some("PT"));
    assert!(lisbon.kb_id.is_some());
}

#[test]
fn sentence_initial_common_words_are_not_names() {
    let e = ents("Pilots landed safely. Officials said pilots were tired.");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn surnames_and_given_names_resolve_to_the_full_name() {
    let e = ents("Dr Tomas Lindqvist spoke. Later, Lindqvist's office agreed.");
    assert!(
        has(&e, "Tomas Lindqvist", "Tomas Lindqvist", "PERSON"),
        "{e:?}"
    );
    assert!(has(&e, "Lindqvist", "Tomas Lindqvist", "PERSON"), "{e:?}");
}

#[test]
fn hyphenated_lexicon_names() {
    let e = ents("A Kazakhstan-led panel asked the Central Statistics Office for data.");
    assert!(has(&e, "Kazakhstan", "Kazakhstan", "GPE"), "{e:?}");
    assert!(
        has(
            &e,
            "Central Statistics Office",
            "Central Statistics Office",
            "ORG"
        ),
        "{e:?}"
    );
}

#[test]
fn person_of_organisation_splits() {
    let e = ents("Critics included Maria Lopes of ZQRT, who spoke first.");
    assert!(has(&e, "Maria Lopes", "Maria Lopes", "PERSON"), "{e:?}");
    assert!(
        e.iter().any(|(s, _, t)| s == "ZQRT" && *t == "ORG"),
        "{e:?}"
    );
}

#[test]
fn title_phrase_names_its_holder() {
    let text = "Chilean President Ana Ruiz arrived. The Chilean president then left.";
    let doc = Document::from_plain_text("t", text.to_string());
    let sents: Vec<Sentence> = crate::sentences::split(text)
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph_id: 0,
            kind: ParagraphKind::Body,
        })
        .collect();
    let (m, _, _) = find_entities(&doc, &sents);
    let t = m
        .iter()
        .find(|m| m.kind == MentionKind::Title)
        .unwrap_or_else(|| panic!("{m:?}"));
    assert_eq!(t.key.name.as_ref(), "Ana Ruiz");
    assert_eq!(t.span.slice(text), "Chilean president");
}

#[test]
fn lexicon_loads_fast() {
    let t0 = std::time::Instant::now();
    let lex = lexicons();
    assert!(lex.names.contains_key("Baku") && lex.first_names.contains("Maria"));
    assert!(
        !lex.names.contains_key("Of") && !lex.names.contains_key("Reading"),
        "stop-list applied"
    );
    assert!(t0.elapsed().as_millis() < 1000);
}

#[test]
fn roles_in_a_bio_line_are_not_people() {
    let e = ents("Dr Tomas Lind, is a Senior Fellow at the Baltic Policy Institute and Visiting Lecturer at Riga Technical University in Riga, Latvia.");
    assert!(has(&e, "Tomas Lind", "Tomas Lind", "PERSON"), "{e:?}");
    assert!(
        !e.iter()
            .any(|(s, _, _)| s.contains("Fellow") || s.contains("Lecturer")),
        "{e:?}"
    );
}

#[test]
fn vocab_holds_whole_lower_case_words_only() {
    // Enough distinct words to make the table grow several times.
    let mut text = String::from("Zürich’s café said pilot, iPhone users and e-mail. ");
    for i in 0..600 {
        let w: String = format!("{i:03}")
            .bytes()
            .map(|d| (b'a' + d - b'0') as char)
            .collect();
        text.push_str(&format!("word{w} q{w} "));
    }
    let v = Vocab::new(&text, &ByteMasks::new(text.as_bytes()));
    // `caf` and `rich` are ASCII runs after a non-ASCII letter.
    for hit in ["Pilot", "SAID", "Users", "E", "Mail", "Qbcd", "Caf", "Rich"] {
        assert!(v.has_lower(hit), "{hit}");
    }
    // `hone` and `bcd` follow a letter, `word` only occurs inside longer words, non-ASCII
    // queries never match.
    for miss in ["Phone", "Hone", "Word", "Zürich", "Café", "", "Bcd", "Q"] {
        assert!(!v.has_lower(miss), "{miss}");
    }
}

#[test]
fn block_classes_agree_with_each_byte_classified_alone() {
    let mut seed = 0x1234_5678_9abc_def1u64;
    for round in 0..2000 {
        let mut block = [0u8; 64];
        for b in block.iter_mut() {
            xorshift(&mut seed);
            // every byte value, and often the edges of the classes
            let edges = b"`az{@AZ[/09:%&'(,-./\x7f\x80\xff";
            *b = if round % 2 == 0 {
                seed as u8
            } else {
                edges[(seed % edges.len() as u64) as usize]
            };
        }
        let mut naive = [0u64; 4];
        for (k, &c) in block.iter().enumerate() {
            let classes = [
                c.is_ascii_lowercase(),
                c.is_ascii_alphanumeric(),
                !c.is_ascii(),
                matches!(c, b'&' | b'\'' | b'-' | b'.'),
            ];
            for (m, is) in naive.iter_mut().zip(classes) {
                *m |= u64::from(is) << k;
            }
        }
        assert_eq!(block_classes(&block), naive, "{block:?}");
        assert_eq!(block_classes_swar(&block), naive, "{block:?}");
    }
}

#[test]
fn vocab_agrees_with_a_naive_word_set() {
    // Short words (the direct-mapped set) and long ones (the table), next to digits, capitals
    // and non-ASCII letters; every 1- and 2-letter query and the words of the text.
    let pieces = [
        "a", "an", "and", "ox", "z", "Be", "é", "1", " ", "-", "sandwich", "x",
    ];
    let mut seed = 0x853c_49e6_748f_ea9bu64;
    for round in 0..300 {
        let mut text = String::new();
        for _ in 0..round % 60 {
            xorshift(&mut seed);
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        // A vocabulary word: lower-case letters after no ASCII letter or digit, to the first
        // byte that is not one, at most `MAX_VOCAB_WORD` long.
        let b = text.as_bytes();
        let mut naive = std::collections::HashSet::new();
        for start in 0..b.len() {
            if b[start].is_ascii_lowercase()
                && (start == 0 || !b[start - 1].is_ascii_alphanumeric())
            {
                let len = b[start..]
                    .iter()
                    .take_while(|c| c.is_ascii_lowercase())
                    .count();
                if len <= MAX_VOCAB_WORD {
                    naive.insert(text[start..start + len].to_string());
                }
            }
        }
        let v = Vocab::new(&text, &ByteMasks::new(b));
        let letters = ('a'..='z').map(String::from);
        let pairs = ('a'..='z').flat_map(|x| ('a'..='z').map(move |y| format!("{x}{y}")));
        let words = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .map(str::to_string);
        for q in letters.chain(pairs).chain(words).filter(|q| !q.is_empty()) {
            let cap = q[..1].to_uppercase() + &q[1..];
            assert_eq!(
                v.has_lower(&cap),
                naive.contains(&q.to_lowercase()),
                "{q:?} in {text:?}"
            );
        }
    }
}

#[test]
fn tokens_keep_inner_joiners_and_cut_possessives_on_non_ascii_text() {
    let text = "«Zürich’s O’Brien met H. Ødegaard at AT&T in the U.S. — café-bar's end.";
    let mut toks = Vec::new();
    tokens(
        text,
        Span::new(0, text.len()),
        &ByteMasks::new(text.as_bytes()),
        &mut toks,
    );
    let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(
        words,
        [
            "Zürich",
            "O’Brien",
            "met",
            "H.",
            "Ødegaard",
            "at",
            "AT&T",
            "in",
            "the",
            "U.S.",
            "café-bar",
            "end"
        ]
    );
}

#[test]
fn vocab_word_scan_agrees_with_a_byte_loop() {
    // The reference: lower-case prefixes of maximal runs of ASCII letters and digits.
    fn reference(b: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_lowercase() {
                i += 1;
            }
            if i > start {
                out.push((start, i - start));
            }
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
        out
    }
    // Pseudo-random texts over a small alphabet (so runs cross the 64-byte blocks in every way),
    // with multi-byte characters, digits and words longer than a block.
    let pieces = [
        "a",
        "z",
        "Q",
        "7",
        " ",
        ".",
        "-",
        "é",
        "ß",
        "’",
        "\u{1F600}",
        "{",
        "`",
        "@",
        "[",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..400 {
        let mut text = String::new();
        let len = round % 300;
        for _ in 0..len {
            xorshift(&mut seed);
            let p = pieces[(seed % pieces.len() as u64) as usize];
            let reps = if seed.is_multiple_of(11) { 70 } else { 1 };
            text.push_str(&p.repeat(reps));
        }
        let mut got = Vec::new();
        for_each_vocab_word(&ByteMasks::new(text.as_bytes()), |s, l| got.push((s, l)));
        assert_eq!(got, reference(text.as_bytes()), "{text:?}");
    }
}

#[test]
fn tokens_jumping_with_byte_masks_agree_with_the_byte_loop() {
    let pieces = [
        "Ann",
        "o",
        "Z",
        "9",
        " ",
        ".",
        "-",
        "'",
        "’",
        "&",
        "s",
        "é",
        "Ø",
        "—",
        "U.S.",
        "’s",
        "'s",
        "\u{1F600}",
        ",",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..500 {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        let mut text = String::new();
        for _ in 0..round % 120 {
            xorshift(&mut seed);
            let p = pieces[(seed % pieces.len() as u64) as usize];
            text.push_str(&p.repeat(if seed.is_multiple_of(7) { 12 } else { 1 }));
        }
        // A span inside the text, so that the masks' offsets are tested too.
        let masks = ByteMasks::new(text.as_bytes());
        let from = text
            .char_indices()
            .nth(round % 5)
            .map_or(text.len(), |(k, _)| k);
        let span = Span::new(from, text.len());
        tokens_with(&text, span, Some(&masks), &mut fast);
        tokens_with(&text, span, None, &mut slow);
        let words = |t: &[Token]| -> Vec<String> {
            t.iter()
                .map(|t| {
                    assert_eq!(t.w, &text[t.start..t.end]);
                    t.w.to_string()
                })
                .collect()
        };
        assert_eq!(words(&fast), words(&slow), "{text:?}");
    }
}

#[test]
fn ascii_tokens_from_the_masks_agree_with_the_byte_loop() {
    // ASCII only, so that `tokens` takes the mask path; spans start and end anywhere, also
    // inside words and on joiners, with text on both sides.
    let pieces = [
        "Ann", "o", "Z", "9", " ", ".", "-", "'", "&", "s", "'s", "U.S.", "H.", ",", "AT&T", "--",
        "x.y", "\n",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..2000 {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        let mut text = String::new();
        for _ in 0..round % 150 {
            xorshift(&mut seed);
            let p = pieces[(seed % pieces.len() as u64) as usize];
            text.push_str(&p.repeat(if seed.is_multiple_of(13) { 30 } else { 1 }));
        }
        let masks = ByteMasks::new(text.as_bytes());
        let from = (seed as usize >> 8) % (text.len() + 1);
        let to = from + (seed as usize >> 24) % (text.len() - from + 1);
        let span = Span::new(from, to);
        assert!(masks.all_ascii(span));
        tokens(&text, span, &masks, &mut fast);
        tokens_with(&text, span, None, &mut slow);
        let words = |t: &[Token]| -> Vec<(usize, usize, bool)> {
            t.iter()
                .map(|t| {
                    assert_eq!(t.w, &text[t.start..t.end]);
                    (t.start, t.end, t.cap)
                })
                .collect()
        };
        assert_eq!(words(&fast), words(&slow), "{:?}", &text[from..to]);
    }
}

#[test]
fn a_span_is_ascii_only_when_no_byte_in_it_is_outside_ascii() {
    let text = format!("{}é{}", "a".repeat(70), "b".repeat(70));
    let masks = ByteMasks::new(text.as_bytes());
    assert!(masks.all_ascii(Span::new(0, 70)));
    assert!(masks.all_ascii(Span::new(72, text.len())));
    assert!(masks.all_ascii(Span::new(5, 5)));
    assert!(!masks.all_ascii(Span::new(69, 71)));
    assert!(!masks.all_ascii(Span::new(0, text.len())));
    assert!(!masks.all_ascii(Span::new(71, 72)));
}

#[test]
fn a_title_word_that_opens_an_organisation_name_is_no_title() {
    // `General` is a military title, but `General Zorvek Motors` ends in an organisation head
    let e = ents("Shares of General Zorvek Motors rose, and General Electric gained.");
    assert!(
        has(&e, "General Zorvek Motors", "General Zorvek Motors", "ORG"),
        "{e:?}"
    );
    let e = ents("The rival, General Motors, cut jobs.");
    assert!(has(&e, "General Motors", "General Motors", "ORG"), "{e:?}");
}

#[test]
fn a_given_name_before_a_head_word_that_is_also_a_surname_is_a_person() {
    let e = ents("The deal was announced by Jim Press in Detroit.");
    assert!(has(&e, "Jim Press", "Jim Press", "PERSON"), "{e:?}");
    let e = ents("The story ran in the Zorbex Press last week.");
    assert!(has(&e, "Zorbex Press", "Zorbex Press", "ORG"), "{e:?}");
}
