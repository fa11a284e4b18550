//! The rules: a left-anchored parse at every trigger token, with optional prefixes
//! (approximators, `the`, position words) in front of a core expression.
use super::calendar::{narrow, weekday_near, ymd, Gran, Point};
use super::lexicon::{tokenize, Cls, Kw, Tok, Unit};
use super::DateContext;
use crate::document::{sentence_at, DateExpr, Label, Sentence, Span};
use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;

/// The core meaning of a match, before modifiers.
enum Kind {
    /// A calendar point; `x` is the value used when `p` is `None` (no anchor).
    Date {
        p: Option<Point>,
        x: String,
        anchor: &'static str,
    },
    /// PAST_REF, PRESENT_REF, FUTURE_REF.
    Ref(&'static str),
    Dur(String),
    Set(String),
    /// A time of day on a day: `suffix` is `T09:00`, `TMO`...; `x` is the day part when unanchored.
    Time {
        day: Option<NaiveDate>,
        x: String,
        suffix: String,
        anchor: &'static str,
    },
}

struct Hit {
    /// Token index one past the match.
    end: usize,
    kind: Kind,
    rule: &'static str,
    /// A modifier the core carries itself (`earlier this year` START).
    modifier: Option<&'static str>,
}

fn hit(end: usize, kind: Kind, rule: &'static str) -> Option<Hit> {
    Some(Hit {
        end,
        kind,
        rule,
        modifier: None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

pub struct Parser<'a> {
    text: &'a str,
    t: Vec<Tok>,
    dct: Option<NaiveDate>,
    month_first: bool,
    sentences: &'a [Sentence],
    /// Token where the match being parsed starts.
    cur_tok: usize,
    /// The last absolute DATE (explicit year) and its sentence.
    last_abs: Option<(Point, usize)>,
    /// The last DATE or TIME resolved to the calendar, whatever its anchor, and its sentence:
    /// what `that day`, `the following month`, `three days later` count from.
    last_date: Option<(Point, usize)>,
    /// The last quarter named, and its sentence.
    last_quarter: Option<(Point, usize)>,
    /// Sentence of the match being parsed.
    cur_sent: usize,
}

const PAST_REF: &str = "PAST_REF";
const PRESENT_REF: &str = "PRESENT_REF";
const FUTURE_REF: &str = "FUTURE_REF";

fn unit_gran(u: Unit) -> Option<Gran> {
    Some(match u {
        Unit::Y => Gran::Year,
        Unit::M => Gran::Month,
        Unit::W => Gran::Week,
        Unit::D => Gran::Day,
        Unit::Q => Gran::Quarter,
        Unit::De => Gran::Decade,
        Unit::Ce => Gran::Century,
        Unit::We => Gran::Weekend,
        _ => return None,
    })
}

fn dur(n: Option<u32>, u: Unit) -> String {
    let x = |k: u32| {
        n.map(|n| (n as u64 * k as u64).to_string())
            .unwrap_or_else(|| "X".into())
    };
    match u {
        Unit::Y => format!("P{}Y", x(1)),
        Unit::M => format!("P{}M", x(1)),
        Unit::W => format!("P{}W", x(1)),
        Unit::D => format!("P{}D", x(1)),
        Unit::H => format!("PT{}H", x(1)),
        Unit::Min => format!("PT{}M", x(1)),
        Unit::S => format!("PT{}S", x(1)),
        Unit::Q => format!("P{}Q", x(1)),
        Unit::We => format!("P{}WE", x(1)),
        Unit::Fn => format!("P{}W", x(2)),
        Unit::De => match n {
            Some(_) => format!("P{}Y", x(10)),
            None => "PXDE".into(),
        },
        Unit::Ce => match n {
            Some(_) => format!("P{}Y", x(100)),
            None => "PXCE".into(),
        },
        Unit::Ml => match n {
            Some(_) => format!("P{}Y", x(1000)),
            None => "PXML".into(),
        },
    }
}

/// `n` and a half units: the half goes to the next smaller unit when there is an exact one
/// (`P2Y6M`, `PT5H30M`), else a decimal (`P1.5W`).
fn dur_half(n: u32, u: Unit) -> String {
    match u {
        Unit::Y if n == 0 => "P6M".into(),
        Unit::Y => format!("P{n}Y6M"),
        Unit::D if n == 0 => "PT12H".into(),
        Unit::D => format!("P{n}DT12H"),
        Unit::H if n == 0 => "PT30M".into(),
        Unit::H => format!("PT{n}H30M"),
        Unit::Min if n == 0 => "PT30S".into(),
        Unit::Min => format!("PT{n}M30S"),
        Unit::De => format!("P{}Y", n as u64 * 10 + 5),
        Unit::Ce => format!("P{}Y", n as u64 * 100 + 50),
        Unit::Ml => format!("P{}Y", n as u64 * 1000 + 500),
        _ => {
            let whole = dur(Some(n), u);
            let cut = whole
                .rfind(|c: char| c.is_ascii_digit())
                .map_or(whole.len(), |i| i + 1);
            format!("{}.5{}", &whole[..cut], &whole[cut..])
        }
    }
}

const PAST_CUES: &[&str] = &[
    "said",
    "was",
    "were",
    "had",
    "did",
    "met",
    "told",
    "made",
    "took",
    "came",
    "went",
    "began",
    "left",
    "gave",
    "saw",
    "held",
    "won",
    "lost",
    "fell",
    "rose",
    "ago",
    "last",
    "yesterday",
];

/// Words after which a verb form is a noun or an adjective (`the plan`, `a scheduled stop`).
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "their", "his", "her", "our", "this",
];

const PARTS: [&str; 4] = ["MO", "AF", "EV", "NI"];

const FUTURE_CUES: &[&str] = &[
    "will",
    "ll",
    "shall",
    "would",
    "going",
    "plans",
    "planned",
    "plan",
    "slated",
    "expire",
    "expires",
    "planning",
    "scheduled",
    "expected",
    "expects",
    "upcoming",
    "intends",
    "payable",
    "tomorrow",
];

impl<'a> Parser<'a> {
    pub fn new(text: &'a str, sentences: &'a [Sentence], ctx: &DateContext) -> Parser<'a> {
        Parser {
            text,
            t: tokenize(text),
            dct: ctx.dct,
            month_first: ctx.month_first,
            sentences,
            cur_tok: 0,
            last_abs: None,
            last_date: None,
            last_quarter: None,
            cur_sent: 0,
        }
    }

    pub fn run(mut self) -> Vec<DateExpr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            let c = self.t[i].cls;
            let starter = c != Cls::No || (self.t[i].b0 == b'\'' && self.cls(i + 1) == Cls::Digits);
            if starter {
                self.cur_sent =
                    sentence_at(self.sentences, self.t[i].s as usize).unwrap_or(usize::MAX);
                self.cur_tok = i;
                if let Some(m) = self.parse_at(i) {
                    if m.end > i {
                        let e = self.finish(i, m);
                        let end_tok = e.1;
                        if let Some(d) = e.0 {
                            out.push(d);
                        }
                        i = end_tok;
                        continue;
                    }
                }
            }
            i += 1;
        }
        out
    }

    // ------------------------------------------------------------------ token helpers

    fn cls(&self, i: usize) -> Cls {
        self.t.get(i).map_or(Cls::No, |t| t.cls)
    }
    fn is(&self, i: usize, k: Kw) -> bool {
        self.cls(i) == Cls::Kw(k)
    }
    fn kw(&self, i: usize) -> Option<Kw> {
        match self.cls(i) {
            Cls::Kw(k) => Some(k),
            _ => None,
        }
    }
    fn punct(&self, i: usize, c: u8) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| t.cls == Cls::No && t.b0 == c && t.e - t.s <= 3)
    }
    /// Token `i` starts where token `i - 1` ends.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.t.len() && self.t[i - 1].e == self.t[i].s
    }
    fn txt(&self, i: usize) -> &'a str {
        self.t
            .get(i)
            .map_or("", |t| &self.text[t.s as usize..t.e as usize])
    }
    fn lower_is(&self, i: usize, words: &[&str]) -> bool {
        let s = self.txt(i);
        words.iter().any(|w| w.eq_ignore_ascii_case(s))
    }
    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.b0.is_ascii_uppercase())
    }
    /// All-digit token value (up to 9 digits) and its digit count.
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        if self.cls(i) != Cls::Digits {
            return None;
        }
        let s = self.txt(i);
        if s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(|n| (n, s.len()))
    }
    /// A digit token with a letter suffix: (value, suffix).
    fn num_sfx(&self, i: usize) -> Option<(u32, &'a str)> {
        if self.cls(i) != Cls::Digits {
            return None;
        }
        let s = self.txt(i);
        let k = s.bytes().position(|b| !b.is_ascii_digit())?;
        if k > 9 {
            return None;
        }
        Some((s[..k].parse().ok()?, &s[k..]))
    }
    fn ordinal_digits(&self, i: usize) -> Option<u32> {
        let (n, sfx) = self.num_sfx(i)?;
        ["st", "nd", "rd", "th"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(sfx))
            .then_some(n)
    }

    // ------------------------------------------------------------------ context

    /// The word right before the expression may settle it: `by May`, `effective June 1`,
    /// `holders of record Nov. 6`, `as soon as Tuesday` look ahead. Otherwise scans back from the
    /// expression (at most twelve tokens, same sentence): a future cue (`will`, `scheduled`,
    /// `is to`, `to be -ed`...) makes it future unless a `had` just before it turns it into a
    /// past plan (`had been scheduled to`); a past form met first (`said`, `-ed` not used as an
    /// adjective after a determiner) makes it past. Past is the news default.
    fn tense(&mut self) -> Tense {
        let i = self.cur_tok;
        let lo_b = match self.sentences.get(self.cur_sent) {
            Some(s) => s.span.start as u32,
            None => 0,
        };
        let in_sent = |k: usize| self.t[k].s >= lo_b;
        if i > 0 && in_sent(i - 1) && !self.is(i, Kw::The) {
            if self.lower_is(i - 1, &["effective", "record", "payable"]) {
                return Tense::Future;
            }
            // `by May`, but `had filed by Wednesday`
            if self.lower_is(i - 1, &["by"]) {
                let had =
                    (i.saturating_sub(8)..i - 1).any(|x| in_sent(x) && self.lower_is(x, &["had"]));
                return if had { Tense::Past } else { Tense::Future };
            }
            if i >= 3
                && self.lower_is(i - 1, &["as"])
                && self.lower_is(i - 3, &["as"])
                && self.lower_is(i - 2, &["soon", "early"])
            {
                return Tense::Future;
            }
        }
        let lo = i.saturating_sub(12);
        for k in (lo..i).rev() {
            let t = self.t[k];
            if t.s < lo_b {
                break;
            }
            if t.cls == Cls::Digits {
                continue;
            }
            // `the plan`, `its expected return`: nouns and adjectives, not cues.
            let determiner = k > 0 && self.lower_is(k - 1, DETERMINERS);
            let future = self.lower_is(k, FUTURE_CUES) && !determiner
                || self.is(k + 1, Kw::To)
                    && self.lower_is(
                        k,
                        &["is", "are", "set", "ready", "due", "likely", "supposed"],
                    );
            if future {
                let had =
                    (k.saturating_sub(3)..k).any(|x| in_sent(x) && self.lower_is(x, &["had"]));
                return if had { Tense::Past } else { Tense::Future };
            }
            let w = self.txt(k);
            if w.len() > 3 && w.as_bytes()[0].is_ascii_lowercase() && w.ends_with("ed") {
                if k > 1 && self.lower_is(k - 1, &["be"]) {
                    // `to be published`; `could be located` says nothing.
                    if self.is(k - 2, Kw::To) {
                        return Tense::Future;
                    }
                    continue;
                }
                let adjective = determiner || k > 0 && self.lower_is(k - 1, &["still", "newly"]);
                if !adjective {
                    return Tense::Past;
                }
            }
            if self.lower_is(k, PAST_CUES) {
                return Tense::Past;
            }
        }
        Tense::Past
    }

    fn dir(&mut self) -> i32 {
        if self.tense() == Tense::Future {
            1
        } else {
            -1
        }
    }

    /// Whether the current sentence, or a recent one, talks about quarters.
    fn quarter_context(&self) -> bool {
        if let Some((_, s)) = self.last_quarter {
            if s <= self.cur_sent && self.cur_sent - s <= 4 {
                return true;
            }
        }
        if let Some(s) = self.sentences.get(self.cur_sent) {
            let t = &self.text[s.span.start.min(self.text.len())..s.span.end.min(self.text.len())];
            return t.contains("quarter");
        }
        false
    }

    /// The quarter financial news is about: the last one named, else the one before the dct's.
    fn ref_quarter(&self) -> Option<Point> {
        if let Some((p, _)) = self.last_quarter {
            return Some(p);
        }
        self.dct.and_then(|d| Point::of(d, Gran::Quarter).shift(-1))
    }

    /// A year taken from an absolute date earlier in the same sentence (`on May 3, 1997 and on
    /// June 5`), when it differs from the dct's and agrees with the tense (a future sentence
    /// does not borrow a past year). Across sentences news moves on: the dct decides.
    fn previous_year(&mut self) -> Option<i32> {
        let (p, s) = self.last_abs?;
        if s != self.cur_sent || !matches!(p.gran(), Gran::Day | Gran::Month) {
            return None;
        }
        let y = p.interval()?.0.year();
        let dy = self.dct.map(|d| d.year());
        if Some(y) == dy {
            return None;
        }
        if dy.is_some_and(|dy| y < dy) && self.tense() == Tense::Future {
            return None;
        }
        Some(y)
    }

    fn rel_point(&self, g: Gran, n: i64) -> Kind {
        match self.dct.and_then(|d| Point::of(d, g).shift(n)) {
            Some(p) => Kind::Date {
                p: Some(p),
                x: String::new(),
                anchor: "dct",
            },
            None => Kind::Date {
                p: None,
                x: g.unknown().into(),
                anchor: "none",
            },
        }
    }

    // ------------------------------------------------------------------ the parse

    fn parse_at(&mut self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut approx = None;
        if let Some((m, nj)) = self.approx_prefix(j) {
            approx = Some(m);
            j = nj;
        }
        if self.is(j, Kw::Sometime) {
            j += 1;
        }
        let mut the = false;
        if self.is(j, Kw::The) {
            the = true;
            j += 1;
        }
        let mut pos = None;
        if let Some((p, nj, the2)) = self.pos_prefix(j) {
            pos = Some(p);
            j = nj;
            the |= the2;
        }
        if approx.is_some() && self.is(j, Kw::The) && pos.is_none() {
            return None;
        }
        // `the Aug. 7 attack`, `the late-November trip`: `the` belongs to the noun phrase.
        if the && matches!(self.cls(j), Cls::Month(_)) && !self.is(j.saturating_sub(1), Kw::Of) {
            return None;
        }
        let mut h = self.core(j, the, pos)?;
        if h.modifier.is_none() {
            h.modifier = pos.or(approx);
        }
        Some(h)
    }

    fn approx_prefix(&self, j: usize) -> Option<(&'static str, usize)> {
        let k = self.kw(j)?;
        let (m, n) = match k {
            Kw::About | Kw::Around | Kw::Roughly | Kw::Approximately => ("APPROX", 1),
            Kw::Some
                if self.cls(j + 1) == Cls::Digits || matches!(self.cls(j + 1), Cls::Num(_)) =>
            {
                ("APPROX", 1)
            }
            Kw::Nearly | Kw::Almost | Kw::Under => ("LESS_THAN", 1),
            Kw::Over => ("MORE_THAN", 1),
            Kw::Just if self.is(j + 1, Kw::Over) => ("MORE_THAN", 2),
            Kw::Just if self.is(j + 1, Kw::Under) => ("LESS_THAN", 2),
            Kw::More if self.is(j + 1, Kw::Than) => ("MORE_THAN", 2),
            Kw::Less if self.is(j + 1, Kw::Than) => ("LESS_THAN", 2),
            Kw::At if self.is(j + 1, Kw::Least) => ("EQUAL_OR_MORE", 2),
            Kw::Up if self.is(j + 1, Kw::To) => ("EQUAL_OR_LESS", 2),
            _ => return None,
        };
        // Only in front of a quantity or a date, never `over the past year` (`over` stays out).
        let nx = self.cls(j + n);
        let ok = matches!(
            nx,
            Cls::Digits | Cls::Num(_) | Cls::Month(_) | Cls::Weekday(_)
        ) || matches!(
            nx,
            Cls::Kw(Kw::A | Kw::An | Kw::Noon | Kw::Midnight | Kw::Several | Kw::Few)
        );
        ok.then_some((m, j + n))
    }

    /// `early`, `late`, `mid-`, `the end of (the)`...: (modifier, next index, consumed a `the`).
    fn pos_prefix(&self, j: usize) -> Option<(&'static str, usize, bool)> {
        let k = self.kw(j)?;
        let m = match k {
            Kw::Early | Kw::Earlier => "START",
            Kw::Late | Kw::Later => "END",
            Kw::Mid => "MID",
            Kw::End | Kw::Beginning | Kw::Start | Kw::Middle => {
                if !self.is(j + 1, Kw::Of) {
                    return None;
                }
                let m = match k {
                    Kw::End => "END",
                    Kw::Middle => "MID",
                    _ => "START",
                };
                let mut n = j + 2;
                let the = self.is(n, Kw::The);
                if the {
                    n += 1;
                }
                return Some((m, n, the));
            }
            _ => return None,
        };
        let mut n = j + 1;
        if self.punct(n, b'-') && self.glued(n) {
            n += 1;
        }
        Some((m, n, false))
    }

    fn core(&mut self, j: usize, the: bool, pos: Option<&'static str>) -> Option<Hit> {
        match self.cls(j) {
            Cls::Kw(k) => match k {
                Kw::Last
                | Kw::Next
                | Kw::This
                | Kw::Past
                | Kw::Coming
                | Kw::Previous
                | Kw::Following
                | Kw::Current
                | Kw::Latest
                | Kw::Same
                | Kw::That
                | Kw::These => self.rel(j, the),
                Kw::Fiscal => {
                    if matches!(self.cls(j + 1), Cls::Kw(Kw::Fiscal)) {
                        return None;
                    }
                    self.core(j + 1, the, pos)
                }
                Kw::A | Kw::An | Kw::Few | Kw::Several | Kw::Couple | Kw::Many => {
                    self.quantity(j, the)
                }
                Kw::Now if !the => hit(j + 1, Kind::Ref(PRESENT_REF), "timex.now"),
                Kw::Currently | Kw::Nowadays if !the => {
                    hit(j + 1, Kind::Ref(PRESENT_REF), "timex.present")
                }
                Kw::Recently | Kw::Lately if !the => hit(j + 1, Kind::Ref(PAST_REF), "timex.past"),
                Kw::Recent if !the => match self.cls(j + 1) {
                    Cls::UnitPl(u) => hit(j + 2, Kind::Dur(dur(None, u)), "timex.recent_units"),
                    _ => None,
                },
                Kw::Future => {
                    if matches!(self.cls(j + 1), Cls::UnitPl(_)) {
                        hit(j + 2, Kind::Ref(FUTURE_REF), "timex.future")
                    } else if the {
                        hit(j + 1, Kind::Ref(FUTURE_REF), "timex.future")
                    } else {
                        None
                    }
                }
                Kw::Near if the && self.is(j + 1, Kw::Future) || self.is(j + 1, Kw::Term) => {
                    hit(j + 2, Kind::Ref(FUTURE_REF), "timex.near_future")
                }
                Kw::Short | Kw::Long if the && self.is(j + 1, Kw::Term) => {
                    hit(j + 2, Kind::Ref(FUTURE_REF), "timex.term")
                }
                Kw::Today | Kw::Yesterday | Kw::Tomorrow | Kw::Tonight => self.deictic_day(j),
                Kw::Daily
                | Kw::Weekly
                | Kw::Monthly
                | Kw::Annually
                | Kw::Yearly
                | Kw::Hourly
                | Kw::Biweekly
                    if !the =>
                {
                    let v = match k {
                        Kw::Daily => "P1D",
                        Kw::Weekly => "P1W",
                        Kw::Monthly => "P1M",
                        Kw::Quarterly => "P1Q",
                        Kw::Hourly => "PT1H",
                        Kw::Biweekly => "P2W",
                        _ => "P1Y",
                    };
                    hit(j + 1, Kind::Set(v.into()), "timex.set_adverb")
                }
                Kw::Every | Kw::Each if !the => self.every(j),
                Kw::Per if !the => match self.cls(j + 1) {
                    Cls::Unit(u) => hit(j + 2, Kind::Set(dur(Some(1), u)), "timex.set_per"),
                    _ => None,
                },
                Kw::Noon | Kw::Midnight => self.time(j),
                Kw::Christmas
                | Kw::Thanksgiving
                | Kw::Halloween
                | Kw::New
                | Kw::Independence
                | Kw::Easter
                | Kw::Good
                | Kw::Election
                | Kw::Memorial
                | Kw::Labor
                | Kw::Veterans
                | Kw::Valentine
                | Kw::Mother
                | Kw::Father
                | Kw::Boxing
                | Kw::Columbus
                | Kw::Presidents => self.holiday(j),
                _ => None,
            },
            Cls::Month(_) => self.month(j),
            Cls::Weekday(_) => self.weekday(j, None),
            Cls::WeekdayPl(d) if !the => {
                let mut end = j + 1;
                let mut v = format!("XXXX-WXX-{d}");
                if let Cls::Part(p) | Cls::PartPl(p) = self.cls(j + 1) {
                    v.push('T');
                    v.push_str(PARTS[p as usize]);
                    end += 1;
                }
                hit(end, Kind::Set(v), "timex.weekday_plural")
            }
            Cls::Digits => self.digits(j, the),
            Cls::Num(_) => {
                if let Some((y, e)) = self.spoken_year(j, false) {
                    return hit(
                        e,
                        Kind::Date {
                            p: Some(Point::Year(y)),
                            x: String::new(),
                            anchor: "absolute",
                        },
                        "timex.spoken_year",
                    );
                }
                self.quantity(j, the)
            }
            Cls::Ord(_) => self.ordinal(j, the),
            Cls::Unit(_) => self.unit_alone(j, the, pos),
            Cls::UnitPl(u) if !the && pos.is_none() => {
                // `for years`, `in decades`: an unknown number of units.
                let prev_ok = j > 0
                    && self.lower_is(
                        j - 1,
                        &["for", "over", "within", "in", "take", "takes", "took"],
                    );
                if prev_ok && matches!(u, Unit::Y | Unit::De | Unit::Ce | Unit::M | Unit::W) {
                    hit(j + 1, Kind::Dur(dur(None, u)), "timex.units_vague")
                } else {
                    None
                }
            }
            Cls::Season(s) => self.season(j, s, the),
            Cls::No if self.punct(j, b'\'') => {
                // `'80s`
                let (n, sfx) = self.num_sfx(j + 1)?;
                if self.glued(j + 1) && sfx.eq_ignore_ascii_case("s") && n < 100 && n % 10 == 0 {
                    let p = Point::Decade(190 + n as i32 / 10);
                    return hit(
                        j + 2,
                        Kind::Date {
                            p: Some(p),
                            x: String::new(),
                            anchor: "absolute",
                        },
                        "timex.decade",
                    );
                }
                None
            }
            _ => None,
        }
    }

    // ------------------------------------------------------------------ relative words

    fn rel(&mut self, j: usize, the: bool) -> Option<Hit> {
        let w = self.kw(j)?;
        let mut k = j + 1;
        if w == Kw::This && matches!(self.kw(k), Some(Kw::Past | Kw::Coming)) {
            k += 1;
        }
        if self.is(k, Kw::Fiscal) {
            k += 1;
        }
        let nx = self.cls(k);
        match w {
            Kw::Past
                if !matches!(
                    nx,
                    Cls::Unit(_)
                        | Cls::UnitPl(_)
                        | Cls::Num(_)
                        | Cls::Digits
                        | Cls::Kw(Kw::A | Kw::Several | Kw::Few)
                ) =>
            {
                return if the {
                    hit(j + 1, Kind::Ref(PAST_REF), "timex.the_past")
                } else {
                    None
                };
            }
            Kw::Current if !matches!(nx, Cls::Unit(_)) => {
                return if the {
                    None
                } else {
                    hit(j + 1, Kind::Ref(PRESENT_REF), "timex.current")
                };
            }
            Kw::These => {
                return if nx == Cls::UnitPl(Unit::D) {
                    hit(k + 1, Kind::Ref(PRESENT_REF), "timex.these_days")
                } else {
                    None
                };
            }
            _ => {}
        }
        let shift: i64 = match w {
            Kw::Last | Kw::Past | Kw::Previous => -1,
            Kw::Next | Kw::Coming | Kw::Following => 1,
            _ => 0,
        };
        match nx {
            Cls::Unit(u) => {
                if self.cap(k) && self.cap(j) {
                    return None;
                }
                let g = unit_gran(u);
                let end = k + 1;
                if matches!(w, Kw::That | Kw::Same) {
                    let (p, _) = self.last_date?;
                    let g = g?;
                    let (a, _) = p.interval()?;
                    if p.gran() as u8 > g as u8 && g == Gran::Day {
                        return None;
                    }
                    let q = Point::of(a, g);
                    return hit(
                        end,
                        Kind::Date {
                            p: Some(q),
                            x: String::new(),
                            anchor: "previous",
                        },
                        "timex.that_unit",
                    );
                }
                if w == Kw::Latest {
                    return match u {
                        Unit::Q => {
                            let p = self.ref_quarter();
                            hit(
                                end,
                                date_or_x(p, Gran::Quarter, "dct"),
                                "timex.latest_quarter",
                            )
                        }
                        Unit::Y => hit(end, self.rel_point(Gran::Year, -1), "timex.latest_year"),
                        _ => None,
                    };
                }
                let Some(g) = g else {
                    // `the last hour`: a duration.
                    return if shift != 0 && the {
                        hit(end, Kind::Dur(dur(Some(1), u)), "timex.rel_duration")
                    } else {
                        None
                    };
                };
                if matches!(u, Unit::De | Unit::Ce) && shift < 0 {
                    return hit(end, Kind::Dur(dur(Some(1), u)), "timex.past_decade");
                }
                if u == Unit::We {
                    return self.weekend(end, shift);
                }
                // `the following day`: anchored on the previous date when there is one.
                if the && matches!(w, Kw::Following | Kw::Previous | Kw::Next) {
                    if let Some((p, _)) = self.last_date {
                        if let Some((a, _)) = p.interval() {
                            if p.gran() == Gran::Day || g != Gran::Day {
                                let q = Point::of(a, g).shift(shift);
                                return hit(end, date_or_x(q, g, "previous"), "timex.rel_previous");
                            }
                        }
                    }
                }
                let mut kind = self.rel_point(g, shift);
                let mut end = end;
                // `this year's third quarter`
                if let Kind::Date {
                    p: Some(Point::Year(y)),
                    ..
                } = kind
                {
                    if self.punct(end, b'\'') && self.lower_is(end + 1, &["s"]) {
                        if let (Cls::Ord(q), Cls::Unit(Unit::Q)) =
                            (self.cls(end + 2), self.cls(end + 3))
                        {
                            if (1..=4).contains(&q) {
                                kind = Kind::Date {
                                    p: Some(Point::Quarter(y, q as u32)),
                                    x: String::new(),
                                    anchor: "dct",
                                };
                                end += 4;
                            }
                        }
                    }
                }
                hit(end, kind, "timex.rel_unit")
            }
            Cls::UnitPl(u) => match w {
                Kw::Past | Kw::Last => hit(k + 1, Kind::Ref(PAST_REF), "timex.past_units"),
                Kw::Coming if !the => hit(k + 1, Kind::Dur(dur(None, u)), "timex.coming_units"),
                _ => None,
            },
            Cls::Num(_) | Cls::Digits | Cls::Kw(Kw::A | Kw::Several | Kw::Few)
                if shift != 0 || w == Kw::Past =>
            {
                let mut h = self.quantity(k, true)?;
                let vague = matches!(self.cls(k), Cls::Kw(Kw::Several | Kw::Few | Kw::Many))
                    || (self.is(k, Kw::A) && self.is(k + 1, Kw::Few));
                match h.kind {
                    Kind::Dur(_) if vague && shift < 0 => {
                        h.kind = Kind::Ref(PAST_REF);
                        Some(h)
                    }
                    Kind::Dur(_) => Some(h),
                    _ => None,
                }
            }
            Cls::Weekday(wd) => {
                // `the previous Friday`, `the following Monday`: from the story's last day.
                if the && matches!(w, Kw::Previous | Kw::Following) && self.cap(k) {
                    if let Some((Point::Day(d), _)) = self.last_date {
                        let dir = if w == Kw::Previous { -2 } else { 2 };
                        let day = weekday_near(d, wd as u32, dir).map(Point::Day);
                        return hit(
                            k + 1,
                            date_or_x(day, Gran::Day, "previous"),
                            "timex.rel_weekday_previous",
                        );
                    }
                }
                let dir = match w {
                    Kw::Last | Kw::Past | Kw::Previous => -2,
                    Kw::Next | Kw::Following => 2,
                    Kw::This | Kw::Coming => 1,
                    _ => return None,
                };
                self.weekday(k, Some(dir))
            }
            Cls::Month(m) => {
                let dir = match w {
                    Kw::Last | Kw::Past | Kw::Previous => -2,
                    Kw::Next | Kw::Coming | Kw::Following => 2,
                    Kw::This => 0,
                    _ => return None,
                };
                if !self.cap(k) {
                    return None;
                }
                let mut end = k + 1;
                if self.month_abbrev(k) && self.punct(end, b'.') && self.num(end + 1).is_some()
                    || self.num(end).is_some_and(|(d, l)| l <= 2 && d >= 1)
                {
                    return None;
                }
                if self.punct(end, b'.')
                    && self.glued(end)
                    && self.month_abbrev(k)
                    && self.cls(end + 1) != Cls::No
                {
                    end += 1;
                }
                let kind = match self.dct {
                    Some(d) => {
                        let y = month_year(d, m as u32, dir);
                        Kind::Date {
                            p: Some(Point::Month(y, m as u32)),
                            x: String::new(),
                            anchor: "dct",
                        }
                    }
                    None => Kind::Date {
                        p: None,
                        x: format!("XXXX-{m:02}"),
                        anchor: "none",
                    },
                };
                hit(end, kind, "timex.rel_month")
            }
            Cls::Season(s) => {
                let off = match w {
                    Kw::Last | Kw::Previous => -1,
                    Kw::Next | Kw::Following => 1,
                    Kw::This | Kw::Coming | Kw::Past | Kw::Current => 0,
                    _ => return None,
                };
                let kind = match self.dct {
                    Some(d) => Kind::Date {
                        p: Some(Point::Season(d.year() + off, s)),
                        x: String::new(),
                        anchor: "dct",
                    },
                    None => Kind::Date {
                        p: None,
                        x: format!("XXXX-{}", super::calendar::SEASONS[s as usize & 3]),
                        anchor: "none",
                    },
                };
                hit(k + 1, kind, "timex.rel_season")
            }
            Cls::Part(p) => {
                let off = match (w, p) {
                    (Kw::This, _) => 0,
                    (Kw::Last, 3) => -1,
                    _ => return None,
                };
                let day = self
                    .dct
                    .and_then(|d| d.checked_add_signed(chrono::Duration::days(off)));
                hit(
                    k + 1,
                    Kind::Time {
                        day,
                        x: "XXXX-XX-XX".into(),
                        suffix: format!("T{}", PARTS[p as usize]),
                        anchor: if day.is_some() { "dct" } else { "none" },
                    },
                    "timex.rel_part_of_day",
                )
            }
            Cls::Kw(Kw::Half) if w == Kw::Last => self.half(k, 2, the),
            _ => None,
        }
    }

    fn weekend(&mut self, end: usize, shift: i64) -> Option<Hit> {
        let kind = match self.dct {
            Some(d) => {
                let sat = if shift == 0 {
                    let dir = self.dir();
                    weekday_near(d, 6, dir)
                } else {
                    weekday_near(d, 6, if shift < 0 { -2 } else { 2 })
                };
                match sat {
                    Some(s) => Kind::Date {
                        p: Some(Point::of(s, Gran::Weekend)),
                        x: String::new(),
                        anchor: "dct",
                    },
                    None => Kind::Date {
                        p: None,
                        x: Gran::Weekend.unknown().into(),
                        anchor: "none",
                    },
                }
            }
            None => Kind::Date {
                p: None,
                x: Gran::Weekend.unknown().into(),
                anchor: "none",
            },
        };
        hit(end, kind, "timex.weekend")
    }

    // ------------------------------------------------------------------ quantities and durations

    /// A number (None = unknown) starting at `j`, and the index after it.
    fn number(&self, j: usize) -> Option<(Option<u32>, usize)> {
        match self.cls(j) {
            Cls::Digits => {
                let (n, len) = self.num(j)?;
                if len >= 4 {
                    return None;
                }
                // `2 1/2`: keep the integer part.
                if self.num(j + 1).is_some() && self.punct(j + 2, b'/') {
                    return Some((Some(n), j + 4));
                }
                // Thousands separators and decimals are not small counts.
                if (self.punct(j + 1, b',') || self.punct(j + 1, b'.'))
                    && self.glued(j + 1)
                    && self.num(j + 2).is_some()
                    && self.glued(j + 2)
                {
                    return None;
                }
                Some((Some(n), j + 1))
            }
            Cls::Num(n) => {
                let mut v = n as u32;
                let mut k = j + 1;
                if (20..100).contains(&v) {
                    let mut k2 = k;
                    if self.punct(k2, b'-') && self.glued(k2) {
                        k2 += 1;
                    }
                    if let Cls::Num(u) = self.cls(k2) {
                        if (1..10).contains(&u) {
                            v += u as u32;
                            k = k2 + 1;
                        }
                    }
                }
                if let Cls::Num(m @ (100 | 1000)) = self.cls(k) {
                    v *= m as u32;
                    k += 1;
                }
                Some((Some(v), k))
            }
            Cls::Kw(Kw::A | Kw::An) => match self.cls(j + 1) {
                Cls::Num(m @ (12 | 100 | 1000)) => Some((Some(m as u32), j + 2)),
                Cls::Kw(Kw::Few) => Some((None, j + 2)),
                Cls::Kw(Kw::Couple) => {
                    let k = if self.is(j + 2, Kw::Of) { j + 3 } else { j + 2 };
                    Some((Some(2), k))
                }
                _ => Some((Some(1), j + 1)),
            },
            Cls::Kw(Kw::Few | Kw::Several | Kw::Many) => Some((None, j + 1)),
            _ => None,
        }
    }

    /// A year in words at `j`: `nineteen ninety-seven` always; `two thousand (and) five` only
    /// when `context` says a year is expected (after a month, `the year`, `the winter of`),
    /// since it is a plain count elsewhere.
    fn spoken_year(&self, j: usize, context: bool) -> Option<(i32, usize)> {
        let Cls::Num(n) = self.cls(j) else {
            return None;
        };
        let not_counted = |e: usize| !matches!(self.cls(e), Cls::Unit(_) | Cls::UnitPl(_));
        if (11..=20).contains(&n) {
            if let Some((Some(m), e)) = self.number(j + 1) {
                if (10..100).contains(&m) && not_counted(e) {
                    return Some((n as i32 * 100 + m as i32, e));
                }
            }
            return None;
        }
        if !context || n != 2 || self.cls(j + 1) != Cls::Num(1000) {
            return None;
        }
        let mut e = j + 2;
        let mut y = 2000;
        let k = if self.is(e, Kw::And) { e + 1 } else { e };
        if let Cls::Num(_) = self.cls(k) {
            if let Some((Some(m), e2)) = self.number(k) {
                if (1..100).contains(&m) {
                    y += m as i32;
                    e = e2;
                }
            }
        }
        not_counted(e).then_some((y, e))
    }

    /// `and a half` at `k`.
    fn and_a_half(&self, k: usize) -> bool {
        self.is(k, Kw::And) && self.is(k + 1, Kw::A) && self.is(k + 2, Kw::Half)
    }

    fn quantity(&mut self, j: usize, the: bool) -> Option<Hit> {
        let (n, mut k) = self.number(j)?;
        // `2 1/2 years`, `two and a half hours`
        let mut half = self.num(j).is_some()
            && self.num(j + 1).is_some_and(|(x, _)| x == 1)
            && self.punct(j + 2, b'/')
            && self.num(j + 3).is_some_and(|(x, _)| x == 2);
        if !half && self.and_a_half(k) && n.is_some() {
            half = true;
            k += 3;
        }
        // `two to three weeks`, `12 to 18 months`, `two or three days`: one span, a vague count.
        let mut n = n;
        if !half && n.is_some() && (self.is(k, Kw::To) || self.is(k, Kw::Or)) {
            if let Some((Some(m), k2)) = self.number(k + 1) {
                if matches!(self.cls(k2), Cls::UnitPl(_)) && m > n.unwrap_or(0) {
                    n = None;
                    k = k2;
                }
            }
        }
        if self.is(k, Kw::More) {
            k += 1;
        }
        let hyphen = self.punct(k, b'-') && self.glued(k) && self.glued(k + 1);
        if hyphen {
            k += 1;
        }
        let (u, plural) = match self.cls(k) {
            Cls::Unit(u) => (u, false),
            Cls::UnitPl(u) => (u, true),
            _ => return None,
        };
        if hyphen && plural {
            return None;
        }
        // `a year-earlier quarter`: the compound starts at the unit.
        if !hyphen
            && self.punct(k + 1, b'-')
            && self.glued(k + 1)
            && !self.lower_is(k + 2, &["old"])
        {
            return None;
        }
        let is_a = matches!(self.cls(j), Cls::Kw(Kw::A | Kw::An));
        let mut end = k + 1;
        // `five-year-old`: an age, not a duration.
        if self.punct(end, b'-') && self.glued(end) && self.lower_is(end + 1, &["old"]) {
            return None;
        }
        if hyphen {
            return hit(end, Kind::Dur(dur(n, u)), "timex.duration_adj");
        }
        if self.lower_is(end, &["old"]) {
            return None;
        }
        // `a minute and a half`
        if !half && n.is_some() && self.and_a_half(end) {
            half = true;
            end += 3;
        }
        if half {
            return hit(end, Kind::Dur(dur_half(n?, u)), "timex.duration_half");
        }
        // `twice a year`, `$5 a month`: a frequency.
        if is_a && !the && j > 0 {
            let p = &self.t[j - 1];
            let prev_qty = matches!(
                p.cls,
                Cls::Digits | Cls::Num(_) | Cls::Kw(Kw::Twice | Kw::Once | Kw::Times | Kw::Thrice)
            ) || (p.cls == Cls::No && p.b0 == b'%')
                || self.lower_is(
                    j - 1,
                    &[
                        "million", "billion", "trillion", "cents", "dollars", "percent", "tons",
                        "barrels", "visits", "trips",
                    ],
                );
            if prev_qty && !self.is(end, Kw::Ago) && !self.is(end, Kw::Earlier) {
                return hit(end, Kind::Set(dur(Some(1), u)), "timex.set_a_unit");
            }
        }
        // `two years ago`, `a year earlier`
        let ago = self.is(end, Kw::Ago);
        let earlier = self.is(end, Kw::Earlier);
        let later = self.is(end, Kw::Later) || self.is(end, Kw::Hence);
        let or_so = self.is(end, Kw::Or) && self.is(end + 1, Kw::So);
        if or_so && self.is(end + 2, Kw::Ago) {
            end += 2;
        }
        let ago = ago || (or_so && self.is(end, Kw::Ago));
        if (ago || earlier || later) && !the {
            end += 1;
            let sign: i64 = if later { 1 } else { -1 };
            let Some(n) = n else {
                if !ago {
                    return hit(end - 1, Kind::Dur(dur(None, u)), "timex.duration");
                }
                return hit(end, Kind::Ref(PAST_REF), "timex.vague_ago");
            };
            // Financial news: `a year earlier` is the same quarter one year back.
            if u == Unit::Y && n == 1 && !later && self.quarter_context() {
                let p = self.ref_quarter().and_then(|q| q.shift(-4));
                return hit(
                    end,
                    date_or_x(p, Gran::Quarter, "dct"),
                    "timex.year_ago_quarter",
                );
            }
            let (g, m) = match u {
                Unit::De => (Gran::Year, 10),
                Unit::Ce => (Gran::Year, 100),
                Unit::Fn => (Gran::Week, 2),
                _ => (unit_gran(u)?, 1),
            };
            if g == Gran::Weekend {
                return None;
            }
            let base: Option<(NaiveDate, &'static str)> = if ago {
                self.dct.map(|d| (d, "dct"))
            } else {
                // `three days later` counts from the story's last date; `a year earlier` from
                // an explicit one only (financial news compares with the dct's year).
                let base = if later { self.last_date } else { self.last_abs };
                match base {
                    Some((p, _)) if p.gran() as u8 <= g as u8 => {
                        p.interval().map(|iv| (iv.0, "previous"))
                    }
                    _ => {
                        if later {
                            None
                        } else {
                            self.dct.map(|d| (d, "dct"))
                        }
                    }
                }
            };
            let Some((b, anchor)) = base else {
                if later {
                    return hit(end, Kind::Dur(dur(Some(n), u)), "timex.duration");
                }
                return hit(
                    end,
                    Kind::Date {
                        p: None,
                        x: g.unknown().into(),
                        anchor: "none",
                    },
                    "timex.ago",
                );
            };
            let p = Point::of(b, g).shift(sign * n as i64 * m);
            return hit(end, date_or_x(p, g, anchor), "timex.ago");
        }
        hit(end, Kind::Dur(dur(n, u)), "timex.duration")
    }

    // ------------------------------------------------------------------ digits

    fn digits(&mut self, j: usize, the: bool) -> Option<Hit> {
        if let Some((n, len)) = self.num(j) {
            // Not part of a bigger number, price or identifier.
            if j > 0 {
                let p = &self.t[j - 1];
                if p.cls == Cls::No
                    && matches!(p.b0, b'$' | b'#' | b'.' | b',' | b'/' | b':')
                    && p.e == self.t[j].s
                {
                    return None;
                }
            }
            // 2026-02-06
            if len == 4
                && self.punct(j + 1, b'-')
                && self.glued(j + 1)
                && self.glued(j + 2)
                && self.punct(j + 3, b'-')
                && self.glued(j + 3)
                && self.glued(j + 4)
            {
                if let (Some((m, 1..=2)), Some((d, 1..=2))) = (self.num(j + 2), self.num(j + 4)) {
                    let p = ymd(n as i32, m, d).map(Point::Day);
                    if p.is_some() {
                        return hit(j + 5, date_or_x(p, Gran::Day, "absolute"), "timex.iso_date");
                    }
                }
            }
            // 06/02/2026
            if len <= 2
                && self.punct(j + 1, b'/')
                && self.glued(j + 1)
                && self.glued(j + 2)
                && self.punct(j + 3, b'/')
                && self.glued(j + 3)
                && self.glued(j + 4)
            {
                if let (Some((b, 1..=2)), Some((y, yl @ (2 | 4)))) =
                    (self.num(j + 2), self.num(j + 4))
                {
                    let y = if yl == 2 {
                        if y < 50 {
                            2000 + y
                        } else {
                            1900 + y
                        }
                    } else {
                        y
                    };
                    let (d, m) = if self.month_first { (b, n) } else { (n, b) };
                    let p = ymd(y as i32, m, d).map(Point::Day);
                    if p.is_some() {
                        return hit(
                            j + 5,
                            date_or_x(p, Gran::Day, "absolute"),
                            "timex.numeric_date",
                        );
                    }
                }
                return None;
            }
            // Times of day.
            if len <= 2 && n <= 24 {
                if let Some(h) = self.time(j) {
                    return Some(h);
                }
            }
            // 6 February 2026
            if (1..=31).contains(&n) && len <= 2 {
                if let Cls::Month(m) = self.cls(j + 1) {
                    if self.cap(j + 1) {
                        return self.day_month(j, n, m as u32, j + 2);
                    }
                }
            }
            if let Some(h) = self.quantity(j, the) {
                return Some(h);
            }
            // 1990's
            if len == 4
                && n % 10 == 0
                && self.punct(j + 1, b'\'')
                && self.glued(j + 1)
                && self.lower_is(j + 2, &["s"])
                && self.glued(j + 2)
            {
                let p = Point::Decade(n as i32 / 10);
                return hit(
                    j + 3,
                    Kind::Date {
                        p: Some(p),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.decade",
                );
            }
            // `the 1988 third quarter`, `the 1988 period`
            if len == 4 && the && self.plausible_year(j, n) {
                let y = n as i32;
                let q_ref = self.ref_quarter();
                return match (self.cls(j + 1), self.cls(j + 2)) {
                    (Cls::Ord(o), Cls::Unit(Unit::Q)) if (1..=4).contains(&o) => hit(
                        j + 3,
                        Kind::Date {
                            p: Some(Point::Quarter(y, o as u32)),
                            x: String::new(),
                            anchor: "absolute",
                        },
                        "timex.year_quarter",
                    ),
                    (Cls::Unit(Unit::Q) | Cls::Kw(Kw::Period), _) => {
                        let p = match q_ref {
                            Some(Point::Quarter(_, q)) if self.quarter_context() => {
                                Point::Quarter(y, q)
                            }
                            _ => Point::Year(y),
                        };
                        hit(
                            j + 2,
                            Kind::Date {
                                p: Some(p),
                                x: String::new(),
                                anchor: "absolute",
                            },
                            "timex.year_period",
                        )
                    }
                    _ => None,
                };
            }
            if len == 4 && !the && self.plausible_year(j, n) {
                return hit(
                    j + 1,
                    Kind::Date {
                        p: Some(Point::Year(n as i32)),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.year",
                );
            }
            return None;
        }
        let (n, sfx) = self.num_sfx(j)?;
        if sfx.eq_ignore_ascii_case("s") {
            if (1000..2100).contains(&n) && n % 10 == 0 {
                let p = Point::Decade(n as i32 / 10);
                return hit(
                    j + 1,
                    Kind::Date {
                        p: Some(p),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.decade",
                );
            }
            return None;
        }
        if sfx.eq_ignore_ascii_case("am") || sfx.eq_ignore_ascii_case("pm") {
            return self.time(j);
        }
        let o = self.ordinal_digits(j)?;
        match self.cls(j + 1) {
            Cls::Unit(Unit::Ce) if (1..=30).contains(&o) => {
                let p = Point::Century(o as i32 - 1);
                hit(
                    j + 2,
                    Kind::Date {
                        p: Some(p),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.century",
                )
            }
            Cls::Kw(Kw::Of) => match self.cls(j + 2) {
                Cls::Month(m) if (1..=31).contains(&o) => self.day_month(j, o, m as u32, j + 3),
                _ => None,
            },
            Cls::Month(m) if (1..=31).contains(&o) && self.cap(j + 1) => {
                self.day_month(j, o, m as u32, j + 2)
            }
            _ => None,
        }
    }

    fn plausible_year(&self, j: usize, n: u32) -> bool {
        if !(1000..=2100).contains(&n) {
            return false;
        }
        if self.punct(j + 1, b'%') || self.lower_is(j + 1, &["percent", "per", "pct"]) {
            return false;
        }
        // `2026.5`, `2,026`
        if (self.punct(j + 1, b'.') || self.punct(j + 1, b','))
            && self.glued(j + 1)
            && self.num(j + 2).is_some()
            && self.glued(j + 2)
        {
            return false;
        }
        if self.punct(j + 1, b':') && self.glued(j + 1) {
            return false;
        }
        true
    }

    /// `6 February [2026]` once the day and month are read; `k` is the token after the month.
    fn day_month(&mut self, j: usize, d: u32, m: u32, mut k: usize) -> Option<Hit> {
        if self.punct(k, b'.') && self.glued(k) && self.month_abbrev(k - 1) {
            k += 1;
        }
        let mut kk = k;
        if self.punct(kk, b',') {
            kk += 1;
        }
        if let Some((y, 4)) = self.num(kk) {
            let p = ymd(y as i32, m, d).map(Point::Day);
            return p.and_then(|_| {
                hit(
                    kk + 1,
                    date_or_x(p, Gran::Day, "absolute"),
                    "timex.day_month_year",
                )
            });
        }
        let _ = j;
        let kind = self.resolve_md(m, d)?;
        hit(k, kind, "timex.day_month")
    }

    fn month_abbrev(&self, i: usize) -> bool {
        self.txt(i).len() <= 4
    }

    /// A month and day without a year: the year comes from a nearby absolute date or the dct and
    /// the tense.
    fn resolve_md(&mut self, m: u32, d: u32) -> Option<Kind> {
        if !(1..=31).contains(&d) {
            return None;
        }
        if let Some(y) = self.previous_year() {
            return ymd(y, m, d).map(|x| Kind::Date {
                p: Some(Point::Day(x)),
                x: String::new(),
                anchor: "previous",
            });
        }
        let Some(dct) = self.dct else {
            ymd(2000, m, d)?;
            return Some(Kind::Date {
                p: None,
                x: format!("XXXX-{m:02}-{d:02}"),
                anchor: "none",
            });
        };
        let tense = self.tense();
        let y = dct.year();
        let cands = [ymd(y - 1, m, d), ymd(y, m, d), ymd(y + 1, m, d)];
        let mut best: Option<NaiveDate> = None;
        for c in cands.into_iter().flatten() {
            let delta = (c - dct).num_days();
            // Past: on or before the dct, or shortly after it (see `PAST_LOOKAHEAD_DAYS`).
            let ok = match tense {
                Tense::Future => delta >= 0,
                Tense::Past => delta <= PAST_LOOKAHEAD_DAYS,
            };
            if !ok {
                continue;
            }
            if best.is_none_or(|b| (c - dct).num_days().abs() < (b - dct).num_days().abs()) {
                best = Some(c);
            }
        }
        let best = best.or_else(|| ymd(y, m, d))?;
        Some(Kind::Date {
            p: Some(Point::Day(best)),
            x: String::new(),
            anchor: "dct",
        })
    }

    // ------------------------------------------------------------------ names of months and days

    fn month(&mut self, j: usize) -> Option<Hit> {
        let Cls::Month(m) = self.cls(j) else {
            return None;
        };
        let m = m as u32;
        if !self.cap(j) {
            return None;
        }
        let full_len = self.txt(j).len();
        let mut k = j + 1;
        let dotted = self.punct(k, b'.') && self.glued(k);
        let abbrev = full_len <= 4 && !self.lower_is(j, &["june", "july", "may"]);
        if dotted && abbrev {
            k += 1;
        }
        // Day: `Feb. 6`, `February 6th`, `March eighth`.
        let day = if let Some((d, 1..=2)) = self.num(k) {
            {
                // `6:30` is a time and `6.5` a number, not a day.
                let glued_num = self.glued(k + 1) && self.num(k + 2).is_some();
                let time_or_decimal =
                    (self.punct(k + 1, b':') || self.punct(k + 1, b'.')) && glued_num;
                (!time_or_decimal).then_some(d)
            }
        } else if let Some(o) = self.ordinal_digits(k) {
            Some(o)
        } else if let Cls::Ord(o) = self.cls(k) {
            Some(o as u32)
        } else {
            None
        };
        if let Some(d) = day {
            if (1..=31).contains(&d) {
                let mut kk = k + 1;
                if self.punct(kk, b',') {
                    kk += 1;
                }
                if let Some((y, 4)) = self.num(kk) {
                    if self.plausible_year(kk, y) {
                        let p = ymd(y as i32, m, d).map(Point::Day);
                        if p.is_some() {
                            return hit(
                                kk + 1,
                                date_or_x(p, Gran::Day, "absolute"),
                                "timex.month_day_year",
                            );
                        }
                    }
                }
                let kind = self.resolve_md(m, d)?;
                return hit(k + 1, kind, "timex.month_day");
            }
        }
        if abbrev && !dotted {
            return None;
        }
        // Month and year: `October 2025`, `July of 1997`, `March, 1997`.
        let mut kk = k;
        if self.is(kk, Kw::Of) || self.punct(kk, b',') {
            kk += 1;
        }
        // `January nineteen ninety-seven`
        let spoken = if self.num(kk).is_none() {
            self.spoken_year(kk, true)
        } else {
            None
        };
        if let Some((y, e)) = spoken {
            return hit(
                e,
                Kind::Date {
                    p: Some(Point::Month(y, m)),
                    x: String::new(),
                    anchor: "absolute",
                },
                "timex.month_spoken_year",
            );
        }
        if let Some((y, 4)) = self.num(kk) {
            if self.plausible_year(kk, y) {
                let p = Point::Month(y as i32, m);
                return hit(
                    kk + 1,
                    Kind::Date {
                        p: Some(p),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.month_year",
                );
            }
        }
        // `January this year`, `June last year`
        if let (Some(w @ (Kw::This | Kw::Last | Kw::Next)), Cls::Unit(Unit::Y)) =
            (self.kw(k), self.cls(k + 1))
        {
            let off = match w {
                Kw::Last => -1,
                Kw::Next => 1,
                _ => 0,
            };
            let kind = match self.dct {
                Some(d) => Kind::Date {
                    p: Some(Point::Month(d.year() + off, m)),
                    x: String::new(),
                    anchor: "dct",
                },
                None => Kind::Date {
                    p: None,
                    x: format!("XXXX-{m:02}"),
                    anchor: "none",
                },
            };
            return hit(k + 2, kind, "timex.month_rel_year");
        }
        // A month alone. `May` and `March` are verbs too: they need a cue word before.
        if self.lower_is(j, &["may", "march"]) {
            let cue = j > 0
                && (self.lower_is(
                    j - 1,
                    &[
                        "in", "since", "until", "by", "of", "from", "through", "during", "before",
                        "after", "early", "late", "mid", "last", "next", "this", "till", "between",
                        "and", "or",
                    ],
                ) || self.punct(j - 1, b'-'));
            if !cue {
                return None;
            }
        }
        let end = if dotted && !abbrev { j + 1 } else { k };
        if let Some(y) = self.previous_year() {
            return hit(
                end,
                Kind::Date {
                    p: Some(Point::Month(y, m)),
                    x: String::new(),
                    anchor: "previous",
                },
                "timex.month",
            );
        }
        let kind = match self.dct {
            Some(d) => {
                let y = match self.tense() {
                    Tense::Future => month_year(d, m, 1),
                    Tense::Past => past_month_year(d, m),
                };
                Kind::Date {
                    p: Some(Point::Month(y, m)),
                    x: String::new(),
                    anchor: "dct",
                }
            }
            None => Kind::Date {
                p: None,
                x: format!("XXXX-{m:02}"),
                anchor: "none",
            },
        };
        hit(end, kind, "timex.month")
    }

    /// A weekday; `dir` as in [`weekday_near`], `None` = from the tense.
    fn weekday(&mut self, j: usize, dir: Option<i32>) -> Option<Hit> {
        let Cls::Weekday(wd) = self.cls(j) else {
            return None;
        };
        if !self.cap(j) {
            return None;
        }
        // `Thursday, April 6`: the explicit date decides.
        let mut k = j + 1;
        if self.punct(k, b',') {
            k += 1;
        }
        if let Cls::Month(_) = self.cls(k) {
            if let Some(h) = self.month(k) {
                if matches!(
                    h.kind,
                    Kind::Date {
                        p: Some(Point::Day(_)),
                        ..
                    } | Kind::Date { p: None, .. }
                ) && h.rule != "timex.month"
                {
                    return Some(h);
                }
            }
        }
        let dir = match dir {
            Some(d) => d,
            None => self.dir(),
        };
        let day = self.dct.and_then(|d| weekday_near(d, wd as u32, dir));
        if let Cls::PartPl(p) = self.cls(j + 1) {
            return hit(
                j + 2,
                Kind::Set(format!("XXXX-WXX-{wd}T{}", PARTS[p as usize])),
                "timex.weekday_plural",
            );
        }
        if let Cls::Part(p) = self.cls(j + 1) {
            return hit(
                j + 2,
                Kind::Time {
                    day,
                    x: format!("XXXX-WXX-{wd}"),
                    suffix: format!("T{}", PARTS[p as usize]),
                    anchor: if day.is_some() { "dct" } else { "none" },
                },
                "timex.weekday_part",
            );
        }
        let kind = match day {
            Some(d) => Kind::Date {
                p: Some(Point::Day(d)),
                x: String::new(),
                anchor: "dct",
            },
            None => Kind::Date {
                p: None,
                x: format!("XXXX-WXX-{wd}"),
                anchor: "none",
            },
        };
        hit(j + 1, kind, "timex.weekday")
    }

    fn deictic_day(&mut self, j: usize) -> Option<Hit> {
        let k = self.kw(j)?;
        let off = match k {
            Kw::Yesterday => -1,
            Kw::Tomorrow => 1,
            _ => 0,
        };
        let day = self
            .dct
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(off)));
        let part = if k == Kw::Tonight {
            Some(3)
        } else if let Cls::Part(p) = self.cls(j + 1) {
            Some(p)
        } else {
            None
        };
        if let Some(p) = part {
            let end = if k == Kw::Tonight { j + 1 } else { j + 2 };
            return hit(
                end,
                Kind::Time {
                    day,
                    x: "XXXX-XX-XX".into(),
                    suffix: format!("T{}", PARTS[p as usize]),
                    anchor: if day.is_some() { "dct" } else { "none" },
                },
                "timex.deictic_part",
            );
        }
        hit(
            j + 1,
            date_or_x(day.map(Point::Day), Gran::Day, "dct"),
            "timex.deictic_day",
        )
    }

    fn season(&mut self, j: usize, s: u8, the: bool) -> Option<Hit> {
        let mut k = j + 1;
        if self.is(k, Kw::Of) {
            k += 1;
        }
        let spoken = if k > j + 1 {
            self.spoken_year(k, true)
        } else {
            None
        };
        if let Some((y, e)) = spoken {
            return hit(
                e,
                Kind::Date {
                    p: Some(Point::Season(y, s)),
                    x: String::new(),
                    anchor: "absolute",
                },
                "timex.season_spoken_year",
            );
        }
        if let Some((y, 4)) = self.num(k) {
            return hit(
                k + 1,
                Kind::Date {
                    p: Some(Point::Season(y as i32, s)),
                    x: String::new(),
                    anchor: "absolute",
                },
                "timex.season_year",
            );
        }
        let cue = the
            || (j > 0 && self.lower_is(j - 1, &["in", "during", "since", "until", "by", "this"]));
        if !cue {
            return None;
        }
        let kind = match self.dct {
            Some(d) => {
                let cur = Point::of(d, Gran::Season);
                let Point::Season(cy, cs) = cur else {
                    return None;
                };
                let dir = self.dir();
                let y = if dir < 0 && s > cs {
                    cy - 1
                } else if dir > 0 && s < cs {
                    cy + 1
                } else {
                    cy
                };
                Kind::Date {
                    p: Some(Point::Season(y, s)),
                    x: String::new(),
                    anchor: "dct",
                }
            }
            None => Kind::Date {
                p: None,
                x: format!("XXXX-{}", super::calendar::SEASONS[s as usize & 3]),
                anchor: "none",
            },
        };
        hit(j + 1, kind, "timex.season")
    }

    // ------------------------------------------------------------------ quarters, halves, ordinals

    fn ordinal(&mut self, j: usize, the: bool) -> Option<Hit> {
        let Cls::Ord(o) = self.cls(j) else {
            return None;
        };
        let mut k = j + 1;
        if self.punct(k, b'-') && self.glued(k) {
            k += 1;
        }
        match self.cls(k) {
            Cls::Unit(Unit::Q) if (1..=4).contains(&o) => self.quarter(k + 1, o as u32),
            Cls::Kw(Kw::Half) if o <= 2 => self.half(k, o as u32, the),
            Cls::Unit(Unit::Ce) if o <= 21 => {
                let p = Point::Century(o as i32 - 1);
                hit(
                    k + 1,
                    Kind::Date {
                        p: Some(p),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.century",
                )
            }
            Cls::Num(_) | Cls::Digits if the => {
                let h = self.quantity(k, true)?;
                matches!(h.kind, Kind::Dur(_)).then_some(h)
            }
            Cls::Kw(Kw::Of) => match self.cls(k + 1) {
                Cls::Month(m) if the && self.cap(k + 1) => {
                    self.day_month(j, o as u32, m as u32, k + 2)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The year that follows `of`: `of 1984`, `of next year`, `of the year`.
    fn of_year(&self, k: usize) -> Option<(Option<i32>, usize)> {
        if !self.is(k, Kw::Of) {
            return None;
        }
        if let Some((y, 4)) = self.num(k + 1) {
            return Some((Some(y as i32), k + 2));
        }
        let (w, u) = (self.kw(k + 1), self.cls(k + 2));
        if u == Cls::Unit(Unit::Y) {
            let off = match w? {
                Kw::Last => -1,
                Kw::Next => 1,
                Kw::This | Kw::The => 0,
                _ => return None,
            };
            return Some((self.dct.map(|d| d.year() + off), k + 3));
        }
        None
    }

    fn quarter(&mut self, end: usize, q: u32) -> Option<Hit> {
        if let Some((y, e)) = self.of_year(end) {
            let anchor = if self.num(end + 1).is_some() {
                "absolute"
            } else {
                "dct"
            };
            return hit(
                e,
                date_or_x(y.map(|y| Point::Quarter(y, q)), Gran::Quarter, anchor),
                "timex.quarter_of_year",
            );
        }
        if let Some((y, 4)) = self.num(end) {
            return hit(
                end + 1,
                Kind::Date {
                    p: Some(Point::Quarter(y as i32, q)),
                    x: String::new(),
                    anchor: "absolute",
                },
                "timex.quarter_year",
            );
        }
        let kind = match self.dct {
            Some(d) => {
                let cq = (d.month() - 1) / 3 + 1;
                let y = if q > cq && self.tense() == Tense::Past {
                    d.year() - 1
                } else {
                    d.year()
                };
                Kind::Date {
                    p: Some(Point::Quarter(y, q)),
                    x: String::new(),
                    anchor: "dct",
                }
            }
            None => Kind::Date {
                p: None,
                x: format!("XXXX-Q{q}"),
                anchor: "none",
            },
        };
        hit(end, kind, "timex.quarter")
    }

    fn half(&mut self, k: usize, h: u32, the: bool) -> Option<Hit> {
        if !the && !self.glued(k) {
            // `first half` needs `the` or `first-half`.
            if k == 0 || !self.punct(k - 1, b'-') {
                return None;
            }
        }
        let end = k + 1;
        if let Some((y, e)) = self.of_year(end) {
            let anchor = if self.num(end + 1).is_some() {
                "absolute"
            } else {
                "dct"
            };
            return hit(
                e,
                date_or_x(y.map(|y| Point::Half(y, h)), Gran::Half, anchor),
                "timex.half_of_year",
            );
        }
        let kind = match self.dct {
            Some(d) => {
                let ch = (d.month() - 1) / 6 + 1;
                let y = if h > ch && self.tense() == Tense::Past {
                    d.year() - 1
                } else {
                    d.year()
                };
                Kind::Date {
                    p: Some(Point::Half(y, h)),
                    x: String::new(),
                    anchor: "dct",
                }
            }
            None => Kind::Date {
                p: None,
                x: format!("XXXX-H{h}"),
                anchor: "none",
            },
        };
        hit(end, kind, "timex.half")
    }

    fn unit_alone(&mut self, j: usize, the: bool, pos: Option<&'static str>) -> Option<Hit> {
        let Cls::Unit(u) = self.cls(j) else {
            return None;
        };
        // `year-earlier`, `year-ago`, `year-end`
        if u == Unit::Y && self.punct(j + 1, b'-') && self.glued(j + 1) && self.glued(j + 2) {
            match self.kw(j + 2) {
                Some(Kw::Earlier | Kw::Ago) => {
                    let mut end = j + 3;
                    let qctx = self.quarter_context();
                    let mut kind = if qctx {
                        let p = self.ref_quarter().and_then(|q| q.shift(-4));
                        date_or_x(p, Gran::Quarter, "dct")
                    } else {
                        self.rel_point(Gran::Year, -1)
                    };
                    match (self.cls(end), self.cls(end + 1)) {
                        (Cls::Kw(Kw::Period), _) | (Cls::Unit(Unit::Q), _) => end += 1,
                        (Cls::Ord(o), Cls::Unit(Unit::Q)) if (1..=4).contains(&o) && !qctx => {
                            if let Some(d) = self.dct {
                                kind = Kind::Date {
                                    p: Some(Point::Quarter(d.year() - 1, o as u32)),
                                    x: String::new(),
                                    anchor: "dct",
                                };
                            }
                            end += 2;
                        }
                        _ if the => return None,
                        (Cls::Ord(o), Cls::Unit(Unit::Q)) if (1..=4).contains(&o) => {
                            if let Some(d) = self.dct {
                                kind = Kind::Date {
                                    p: Some(Point::Quarter(d.year() - 1, o as u32)),
                                    x: String::new(),
                                    anchor: "dct",
                                };
                            }
                            end += 2;
                        }
                        _ => {}
                    }
                    return hit(end, kind, "timex.year_ago");
                }
                Some(Kw::End) => {
                    let kind = match self.dct {
                        Some(d) => {
                            date_or_x(ymd(d.year(), 12, 31).map(Point::Day), Gran::Day, "dct")
                        }
                        None => Kind::Date {
                            p: None,
                            x: "XXXX-12-31".into(),
                            anchor: "none",
                        },
                    };
                    return hit(j + 3, kind, "timex.year_end");
                }
                _ => {}
            }
        }
        if !the {
            return None;
        }
        // `the year 2000`, `the year two thousand`
        if u == Unit::Y {
            let y = match self.num(j + 1) {
                Some((y, 4)) if self.plausible_year(j + 1, y) => Some((y as i32, j + 2)),
                Some(_) => None,
                None => self.spoken_year(j + 1, true),
            };
            if let Some((y, e)) = y {
                return hit(
                    e,
                    Kind::Date {
                        p: Some(Point::Year(y)),
                        x: String::new(),
                        anchor: "absolute",
                    },
                    "timex.the_year_n",
                );
            }
        }
        // `the week of March 6`: the week holding that day.
        if u == Unit::W && self.is(j + 1, Kw::Of) && matches!(self.cls(j + 2), Cls::Month(_)) {
            if let Some(h) = self.month(j + 2) {
                match h.kind {
                    Kind::Date {
                        p: Some(Point::Day(d)),
                        anchor,
                        ..
                    } => {
                        return hit(
                            h.end,
                            date_or_x(Some(Point::of(d, Gran::Week)), Gran::Week, anchor),
                            "timex.week_of",
                        );
                    }
                    Kind::Date { p: None, .. } => {
                        return hit(h.end, date_or_x(None, Gran::Week, "none"), "timex.week_of");
                    }
                    _ => {}
                }
            }
        }
        match u {
            // `for the year` is a span of a year; `the end of the year` a date.
            Unit::Y if pos.is_none() => hit(j + 1, Kind::Dur("P1Y".into()), "timex.the_year"),
            Unit::Y => hit(j + 1, self.rel_point(Gran::Year, 0), "timex.the_year"),
            Unit::Q => {
                let p = self.ref_quarter();
                hit(
                    j + 1,
                    date_or_x(p, Gran::Quarter, "dct"),
                    "timex.the_quarter",
                )
            }
            Unit::We => self.weekend(j + 1, 0),
            Unit::M => hit(j + 1, self.rel_point(Gran::Month, 0), "timex.the_month"),
            _ => None,
        }
    }

    // ------------------------------------------------------------------ sets, times, holidays

    fn every(&mut self, j: usize) -> Option<Hit> {
        let k = j + 1;
        match self.cls(k) {
            Cls::Unit(u) => hit(k + 1, Kind::Set(dur(Some(1), u)), "timex.set_every"),
            Cls::Weekday(d) => {
                let mut v = format!("XXXX-WXX-{d}");
                let mut end = k + 1;
                if let Cls::Part(p) = self.cls(end) {
                    v.push('T');
                    v.push_str(PARTS[p as usize]);
                    end += 1;
                }
                hit(end, Kind::Set(v), "timex.set_weekday")
            }
            Cls::Month(m) if self.cap(k) => {
                hit(k + 1, Kind::Set(format!("XXXX-{m:02}")), "timex.set_month")
            }
            Cls::Part(p) => hit(
                k + 1,
                Kind::Set(format!("TXX{}", PARTS[p as usize])),
                "timex.set_part",
            ),
            Cls::Num(_) | Cls::Digits | Cls::Kw(Kw::Few) => {
                let (n, e) = self.number(k)?;
                match self.cls(e) {
                    Cls::UnitPl(u) | Cls::Unit(u) => {
                        hit(e + 1, Kind::Set(dur(n, u)), "timex.set_every_n")
                    }
                    _ => None,
                }
            }
            Cls::Ord(2) if self.cls(k + 1) == Cls::Unit(Unit::Y) => {
                hit(k + 2, Kind::Set("P2Y".into()), "timex.set_every_other")
            }
            _ => None,
        }
    }

    /// A time of day at `j`, then an optional zone and day.
    fn time(&mut self, j: usize) -> Option<Hit> {
        let (h, m, mut k) = match self.cls(j) {
            Cls::Kw(Kw::Noon) => (12, 0, j + 1),
            Cls::Kw(Kw::Midnight) => (24, 0, j + 1),
            Cls::Digits => {
                let pure = self.num(j).map(|(n, _)| (n, ""));
                if let Some((n, sfx)) = pure.or_else(|| self.num_sfx(j)) {
                    let pm = sfx.eq_ignore_ascii_case("pm");
                    if (pm || sfx.eq_ignore_ascii_case("am")) && (1..=12).contains(&n) {
                        (to24(n, pm), 0, j + 1)
                    } else if !sfx.is_empty() {
                        return None;
                    } else {
                        let (mut mm, mut k) = (0, j + 1);
                        let mut colon = false;
                        if self.punct(k, b':') && self.glued(k) && self.glued(k + 1) {
                            if let Some((x, 2)) = self.num(k + 1) {
                                if x < 60 {
                                    mm = x;
                                    k += 2;
                                    colon = true;
                                }
                            }
                        }
                        let (ampm, k2) = self.ampm(k);
                        match ampm {
                            Some(pm) if (1..=12).contains(&n) => (to24(n, pm), mm, k2),
                            None if colon && n <= 23 => (n, mm, k),
                            _ => return None,
                        }
                    }
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        // UTC and GMT are ISO 8601's zone `Z`; other zones are left unstated, as TimeML corpora do
        let mut zone = "";
        if self.is(k, Kw::Tz) && self.cap(k) {
            if matches!(self.txt(k), "UTC" | "GMT") {
                zone = "Z";
            }
            k += 1;
        }
        let mut kk = k;
        if self.punct(kk, b',') {
            kk += 1;
        }
        let mut day: Option<NaiveDate> = self.dct;
        let mut x = String::from("XXXX-XX-XX");
        let mut anchor = if day.is_some() { "dct" } else { "none" };
        let mut end = k;
        match self.cls(kk) {
            Cls::Weekday(_) | Cls::Kw(Kw::Today | Kw::Yesterday | Kw::Tomorrow) | Cls::Month(_) => {
                let sub = match self.cls(kk) {
                    Cls::Weekday(_) => self.weekday(kk, None),
                    Cls::Month(_) => self.month(kk),
                    _ => self.deictic_day(kk),
                };
                if let Some(sh) = sub {
                    match sh.kind {
                        Kind::Date {
                            p: Some(Point::Day(d)),
                            anchor: a,
                            ..
                        } => {
                            day = Some(d);
                            anchor = a;
                            end = sh.end;
                        }
                        Kind::Date { p: None, x: sx, .. }
                            if sx.len() == 10 || sx.starts_with("XXXX-WXX") =>
                        {
                            day = None;
                            x = sx;
                            anchor = "none";
                            end = sh.end;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let suffix = format!("T{h:02}:{m:02}{zone}");
        hit(
            end,
            Kind::Time {
                day,
                x,
                suffix,
                anchor,
            },
            "timex.time_of_day",
        )
    }

    /// `a.m.`, `p.m.`, `am`, `pm` at `k`: (is pm, index after). The final dot stays outside
    /// when it ends the sentence.
    fn ampm(&self, k: usize) -> (Option<bool>, usize) {
        match self.kw(k) {
            Some(Kw::Am) => return (Some(false), k + 1),
            Some(Kw::Pm) => return (Some(true), k + 1),
            _ => {}
        }
        let a = self.txt(k);
        let pm = if a.eq_ignore_ascii_case("a") {
            false
        } else if a.eq_ignore_ascii_case("p") {
            true
        } else {
            return (None, k);
        };
        if !(self.punct(k + 1, b'.')
            && self.glued(k + 1)
            && self.lower_is(k + 2, &["m"])
            && self.glued(k + 2))
        {
            return (None, k);
        }
        let mut e = k + 3;
        if self.punct(e, b'.') && self.glued(e) {
            let next_starts_sentence = match self.t.get(e + 1) {
                None => true,
                Some(t) => {
                    t.b0.is_ascii_uppercase()
                        && !matches!(t.cls, Cls::Weekday(_) | Cls::Month(_) | Cls::Kw(Kw::Tz))
                }
            };
            if !next_starts_sentence {
                e += 1;
            }
        }
        (Some(pm), e)
    }

    /// Named days: fixed dates (`Christmas`, `Veterans Day`), nth weekdays of a month
    /// (`Thanksgiving`, `Labor Day`, `Election Day`), and Easter and the days tied to it.
    /// `Easter week` is the ISO week that ends on Easter Sunday.
    fn holiday(&mut self, j: usize) -> Option<Hit> {
        let k = self.kw(j)?;
        if !self.cap(j) {
            return None;
        }
        let mut end = j + 1;
        // `Day` (capitalised) after the name, optionally after a possessive: `Mother's Day`.
        let day_after = |p: &Self, e: usize| -> Option<usize> {
            let mut e = e;
            if p.punct(e, b'\'') {
                e += 1;
                if p.lower_is(e, &["s"]) && p.glued(e) {
                    e += 1;
                }
            } else if p.lower_is(e, &["s"]) {
                return None;
            }
            (p.cls(e) == Cls::Unit(Unit::D) && p.cap(e)).then_some(e + 1)
        };
        let mut week = false;
        let h = match k {
            Kw::Christmas => {
                if self.is(end, Kw::Eve) {
                    end += 1;
                    Hol::Fixed(12, 24)
                } else {
                    if self.cls(end) == Cls::Unit(Unit::D) && self.cap(end) {
                        end += 1;
                    }
                    Hol::Fixed(12, 25)
                }
            }
            Kw::Halloween => Hol::Fixed(10, 31),
            Kw::Thanksgiving => {
                if self.cls(end) == Cls::Unit(Unit::D) && self.cap(end) {
                    end += 1;
                }
                Hol::Nth(11, 4, 4)
            }
            Kw::Easter => {
                let mut off = 0;
                match self.cls(end) {
                    Cls::Weekday(7) if self.cap(end) => end += 1,
                    Cls::Weekday(1) if self.cap(end) => {
                        end += 1;
                        off = 1;
                    }
                    Cls::Unit(Unit::D) if self.cap(end) => end += 1,
                    Cls::Unit(Unit::W) => {
                        end += 1;
                        week = true;
                    }
                    _ => {}
                }
                Hol::Easter(off)
            }
            Kw::Good if self.cls(end) == Cls::Weekday(5) && self.cap(end) => {
                end += 1;
                Hol::Easter(-2)
            }
            Kw::Independence
            | Kw::Election
            | Kw::Memorial
            | Kw::Labor
            | Kw::Veterans
            | Kw::Valentine
            | Kw::Mother
            | Kw::Father
            | Kw::Boxing
            | Kw::Columbus
            | Kw::Presidents => {
                end = day_after(self, end)?;
                match k {
                    Kw::Independence => Hol::Fixed(7, 4),
                    Kw::Election => Hol::Nth(11, 2, 0),
                    Kw::Memorial => Hol::Nth(5, 1, -1),
                    Kw::Labor => Hol::Nth(9, 1, 1),
                    Kw::Veterans => Hol::Fixed(11, 11),
                    Kw::Valentine => Hol::Fixed(2, 14),
                    Kw::Mother => Hol::Nth(5, 7, 2),
                    Kw::Father => Hol::Nth(6, 7, 3),
                    Kw::Boxing => Hol::Fixed(12, 26),
                    Kw::Columbus => Hol::Nth(10, 1, 2),
                    _ => Hol::Nth(2, 1, 3),
                }
            }
            Kw::New
                if self.cls(end) == Cls::Unit(Unit::Y)
                    && self.cap(end)
                    && self.punct(end + 1, b'\'')
                    && self.lower_is(end + 2, &["s"]) =>
            {
                end += 3;
                if self.is(end, Kw::Eve) {
                    end += 1;
                    Hol::Fixed(12, 31)
                } else if self.cls(end) == Cls::Unit(Unit::D) {
                    end += 1;
                    Hol::Fixed(1, 1)
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let g = if week { Gran::Week } else { Gran::Day };
        let point = |d: Option<NaiveDate>| d.map(|d| Point::of(d, g));
        if let Some((y, 4)) = self.num(end) {
            return hit(
                end + 1,
                date_or_x(point(h.on(y as i32)), g, "absolute"),
                "timex.holiday_year",
            );
        }
        let kind = match self.dct {
            Some(dct) => {
                let dir = self.dir();
                let y = dct.year();
                let this = h.on(y)?;
                let day = if dir < 0 && this > dct + chrono::Duration::days(PAST_LOOKAHEAD_DAYS) {
                    h.on(y - 1)
                } else if dir > 0 && this < dct {
                    h.on(y + 1)
                } else {
                    Some(this)
                };
                date_or_x(point(day), g, "dct")
            }
            None => Kind::Date {
                p: None,
                x: match h {
                    _ if week => Gran::Week.unknown().into(),
                    Hol::Fixed(m, d) => format!("XXXX-{m:02}-{d:02}"),
                    Hol::Nth(m, ..) => format!("XXXX-{m:02}-XX"),
                    Hol::Easter(_) => Gran::Day.unknown().into(),
                },
                anchor: "none",
            },
        };
        hit(end, kind, "timex.holiday")
    }

    // ------------------------------------------------------------------ output

    /// Builds the row; returns it (when it has a non-empty span) and the token to resume at.
    fn finish(&mut self, i: usize, h: Hit) -> (Option<DateExpr>, usize) {
        let end_tok = h.end.min(self.t.len());
        if end_tok <= i {
            return (None, i + 1);
        }
        let span = Span::new(self.t[i].s as usize, self.t[end_tok - 1].e as usize);
        let sentence = sentence_at(self.sentences, span.start);
        let modifier = h.modifier;
        let (ty, value, start, end, gran, anchor): (
            &'static str,
            String,
            Option<NaiveDate>,
            Option<NaiveDate>,
            Option<&'static str>,
            &'static str,
        ) = match h.kind {
            Kind::Date {
                p: Some(p), anchor, ..
            } => {
                let iv = p.interval().map(|iv| match modifier {
                    Some(m @ ("START" | "MID" | "END")) => narrow(iv, m),
                    _ => iv,
                });
                if anchor == "absolute" {
                    self.last_abs = Some((p, self.cur_sent));
                }
                self.last_date = Some((p, self.cur_sent));
                if matches!(p, Point::Quarter(..)) && h.rule.starts_with("timex.quarter") {
                    self.last_quarter = Some((p, self.cur_sent));
                }
                (
                    "DATE",
                    p.value(),
                    iv.map(|x| x.0),
                    iv.map(|x| x.1),
                    Some(p.gran().label()),
                    anchor,
                )
            }
            Kind::Date { p: None, x, anchor } => {
                let g = granularity_of_x(&x);
                ("DATE", x, None, None, g, anchor)
            }
            Kind::Ref(r) => ("DATE", r.to_string(), None, None, None, "none"),
            Kind::Dur(v) => ("DURATION", v, None, None, None, "none"),
            Kind::Set(v) => ("SET", v, None, None, None, "none"),
            Kind::Time {
                day: Some(d),
                suffix,
                anchor,
                ..
            } => {
                self.last_date = Some((Point::Day(d), self.cur_sent));
                let v = format!("{}{}", Point::Day(d).value(), suffix);
                ("TIME", v, Some(d), Some(d), Some("time"), anchor)
            }
            Kind::Time {
                day: None,
                x,
                suffix,
                ..
            } => (
                "TIME",
                format!("{x}{suffix}"),
                None,
                None,
                Some("time"),
                "none",
            ),
        };
        let d = DateExpr {
            id: crate::RowId::default(),
            sentence,
            span,
            timex_type: Cow::Borrowed(ty),
            value,
            modifier: modifier.map(Label::Borrowed),
            date_start: start,
            date_end: end,
            granularity: gran.map(Label::Borrowed),
            anchor: Cow::Borrowed(anchor),
            rule: Cow::Borrowed(h.rule),
        };
        (Some(d), end_tok)
    }
}

/// How a holiday falls in a given year.
#[derive(Clone, Copy)]
enum Hol {
    /// Month and day.
    Fixed(u32, u32),
    /// Month, weekday (1 = Monday), n: the nth such weekday (-1 the last; 0 the one after the
    /// first Monday, for US Election Day).
    Nth(u32, u32, i32),
    /// Days from Easter Sunday.
    Easter(i64),
}

impl Hol {
    fn on(self, y: i32) -> Option<NaiveDate> {
        match self {
            Hol::Fixed(m, d) => ymd(y, m, d),
            Hol::Nth(m, wd, 0) => weekday_near(ymd(y, m, 2)?, wd, 1),
            Hol::Nth(m, wd, -1) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                weekday_near(ymd(ny, nm, 1)?.pred_opt()?, wd, -1)
            }
            Hol::Nth(m, wd, n) => {
                let first = weekday_near(ymd(y, m, 1)?, wd, 1)?;
                first.checked_add_signed(chrono::Duration::days(7 * (n as i64 - 1)))
            }
            Hol::Easter(off) => easter(y)?.checked_add_signed(chrono::Duration::days(off)),
        }
    }
}

/// Easter Sunday (Gregorian computus, anonymous algorithm).
fn easter(y: i32) -> Option<NaiveDate> {
    if y < 1583 {
        return None;
    }
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

fn granularity_of_x(x: &str) -> Option<&'static str> {
    Some(match x.len() {
        2 => "century",
        3 => "decade",
        4 => "year",
        _ if x.contains("-W") => "week",
        _ if x.contains("-Q") => "quarter",
        _ if x.contains("-H") => "half",
        7 if x.as_bytes()[5].is_ascii_alphabetic() => "season",
        7 => "month",
        10 => "day",
        _ => return None,
    })
}

fn to24(h: u32, pm: bool) -> u32 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// How far past the dct a yearless date may lie in a past-tense sentence: news reports
/// deadlines and meetings in the past tense (`said it would close the deal Nov. 13`).
const PAST_LOOKAHEAD_DAYS: i64 = 120;
const PAST_LOOKAHEAD_MONTHS: u32 = 2;

/// The year of month `m` in a past-tense sentence: on or before `d`, except that the next
/// [`PAST_LOOKAHEAD_MONTHS`] months stay ahead.
fn past_month_year(d: NaiveDate, m: u32) -> i32 {
    let ahead = (m + 12 - d.month()) % 12;
    if (1..=PAST_LOOKAHEAD_MONTHS).contains(&ahead) {
        month_year(d, m, 1)
    } else {
        month_year(d, m, -1)
    }
}

/// The year of month `m` seen from `d`: `dir` -1 on or before, +1 on or after, -2 strictly
/// before, +2 strictly after, 0 the same year.
fn month_year(d: NaiveDate, m: u32, dir: i32) -> i32 {
    let (y, cm) = (d.year(), d.month());
    match dir {
        -1 => {
            if m <= cm {
                y
            } else {
                y - 1
            }
        }
        1 => {
            if m >= cm {
                y
            } else {
                y + 1
            }
        }
        -2 => {
            if m < cm {
                y
            } else {
                y - 1
            }
        }
        2 => {
            if m > cm {
                y
            } else {
                y + 1
            }
        }
        _ => y,
    }
}

fn date_or_x(p: Option<Point>, g: Gran, anchor: &'static str) -> Kind {
    match p {
        Some(p) => Kind::Date {
            p: Some(p),
            x: String::new(),
            anchor,
        },
        None => Kind::Date {
            p: None,
            x: g.unknown().into(),
            anchor: "none",
        },
    }
}
