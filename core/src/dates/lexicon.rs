//! Tokens and the trigger-word lexicon (`data/lexicons/dates_words.tsv`).
//!
//! The scanner cuts the text into ASCII words, digit runs (with letters glued on: `1990s`, `6th`),
//! and single punctuation characters; whitespace is skipped. Every word is looked up once in a
//! small open-addressing table keyed by its ASCII-lowercased bytes: the only per-token work.
use std::sync::OnceLock;

const LEXICON: &str = include_str!("../../../data/lexicons/dates_words.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Y,
    M,
    W,
    D,
    H,
    Min,
    S,
    Q,
    De,
    Ce,
    We,
    Fn,
    Ml,
}

/// Keywords (class `kw` in the lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kw {
    The,
    A,
    An,
    Now,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Currently,
    Current,
    Recently,
    Recent,
    Soon,
    Previously,
    Lately,
    Nowadays,
    Formerly,
    Presently,
    Future,
    Past,
    Last,
    Next,
    This,
    Coming,
    Previous,
    Following,
    Early,
    Earlier,
    Late,
    Later,
    Mid,
    Middle,
    End,
    Beginning,
    Start,
    About,
    Around,
    Nearly,
    Almost,
    Roughly,
    Approximately,
    Over,
    More,
    Less,
    Than,
    At,
    Least,
    Up,
    To,
    Under,
    Just,
    Ago,
    Hence,
    Of,
    Every,
    Each,
    Per,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Annually,
    Yearly,
    Hourly,
    Biweekly,
    Noon,
    Midnight,
    Fiscal,
    Half,
    Few,
    Several,
    Many,
    Couple,
    Some,
    Sometime,
    Christmas,
    Thanksgiving,
    Halloween,
    Eve,
    New,
    Independence,
    Easter,
    Good,
    Election,
    Memorial,
    Labor,
    Veterans,
    Valentine,
    Mother,
    Father,
    Boxing,
    Columbus,
    Presidents,
    These,
    Same,
    That,
    Latest,
    Period,
    Near,
    Short,
    Long,
    Term,
    Ahead,
    And,
    Or,
    So,
    Twice,
    Once,
    Times,
    Thrice,
    Tz,
    Am,
    Pm,
    Overnight,
    Moment,
}

fn kw(s: &str) -> Option<Kw> {
    use Kw::*;
    Option::Some(match s {
        "THE" => The,
        "A" => A,
        "AN" => An,
        "NOW" => Now,
        "TODAY" => Today,
        "YESTERDAY" => Yesterday,
        "TOMORROW" => Tomorrow,
        "TONIGHT" => Tonight,
        "CURRENTLY" => Currently,
        "CURRENT" => Current,
        "RECENTLY" => Recently,
        "RECENT" => Recent,
        "SOON" => Soon,
        "PREVIOUSLY" => Previously,
        "LATELY" => Lately,
        "NOWADAYS" => Nowadays,
        "FORMERLY" => Formerly,
        "PRESENTLY" => Presently,
        "FUTURE" => Future,
        "PAST" => Past,
        "LAST" => Last,
        "NEXT" => Next,
        "THIS" => This,
        "COMING" => Coming,
        "PREVIOUS" => Previous,
        "FOLLOWING" => Following,
        "EARLY" => Early,
        "EARLIER" => Earlier,
        "LATE" => Late,
        "LATER" => Later,
        "MID" => Mid,
        "MIDDLE" => Middle,
        "END" => End,
        "BEGINNING" => Beginning,
        "START" => Start,
        "ABOUT" => About,
        "AROUND" => Around,
        "NEARLY" => Nearly,
        "ALMOST" => Almost,
        "ROUGHLY" => Roughly,
        "APPROXIMATELY" => Approximately,
        "OVER" => Over,
        "MORE" => More,
        "LESS" => Less,
        "THAN" => Than,
        "AT" => At,
        "LEAST" => Least,
        "UP" => Up,
        "TO" => To,
        "UNDER" => Under,
        "JUST" => Just,
        "AGO" => Ago,
        "HENCE" => Hence,
        "OF" => Of,
        "EVERY" => Every,
        "EACH" => Each,
        "PER" => Per,
        "DAILY" => Daily,
        "WEEKLY" => Weekly,
        "MONTHLY" => Monthly,
        "QUARTERLY" => Quarterly,
        "ANNUALLY" => Annually,
        "YEARLY" => Yearly,
        "HOURLY" => Hourly,
        "BIWEEKLY" => Biweekly,
        "NOON" => Noon,
        "MIDNIGHT" => Midnight,
        "FISCAL" => Fiscal,
        "HALF" => Half,
        "FEW" => Few,
        "SEVERAL" => Several,
        "MANY" => Many,
        "COUPLE" => Couple,
        "SOME" => Some,
        "SOMETIME" => Sometime,
        "CHRISTMAS" => Christmas,
        "THANKSGIVING" => Thanksgiving,
        "HALLOWEEN" => Halloween,
        "EVE" => Eve,
        "NEW" => New,
        "INDEPENDENCE" => Independence,
        "EASTER" => Easter,
        "GOOD" => Good,
        "ELECTION" => Election,
        "MEMORIAL" => Memorial,
        "LABOR" => Labor,
        "VETERANS" => Veterans,
        "VALENTINE" => Valentine,
        "MOTHER" => Mother,
        "FATHER" => Father,
        "BOXING" => Boxing,
        "COLUMBUS" => Columbus,
        "PRESIDENTS" => Presidents,
        "THESE" => These,
        "SAME" => Same,
        "THAT" => That,
        "LATEST" => Latest,
        "PERIOD" => Period,
        "NEAR" => Near,
        "SHORT" => Short,
        "LONG" => Long,
        "TERM" => Term,
        "AHEAD" => Ahead,
        "AND" => And,
        "OR" => Or,
        "SO" => So,
        "TWICE" => Twice,
        "ONCE" => Once,
        "TIMES" => Times,
        "THRICE" => Thrice,
        "EDT" | "EST" | "GMT" | "PST" | "PDT" | "CST" | "CDT" | "ET" | "UTC" | "BST" | "CET" => Tz,
        "AM" => Am,
        "PM" => Pm,
        "OVERNIGHT" => Overnight,
        "MOMENT" => Moment,
        _ => return None,
    })
}

/// What a word token is, from the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cls {
    /// Not in the lexicon (most words) or punctuation.
    No,
    /// A digit run, possibly with letters glued on.
    Digits,
    Month(u8),
    Weekday(u8),
    WeekdayPl(u8),
    Unit(Unit),
    UnitPl(Unit),
    Num(u16),
    Ord(u8),
    Season(u8),
    Part(u8),
    PartPl(u8),
    Kw(Kw),
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: u32,
    pub e: u32,
    pub cls: Cls,
    /// First byte (punctuation identity, capitalisation).
    pub b0: u8,
}

/// Open addressing over words packed into one number each (`pack`): a probe compares two
/// numbers, never bytes.
struct Table {
    /// 0 = empty slot.
    keys: Vec<u128>,
    vals: Vec<Cls>,
    mask: usize,
}

/// The bytes of a word of at most 16 bytes as one number, zero-padded. Words hold no 0 byte, so
/// words of different lengths never share a number.
#[inline]
fn pack(word: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    buf[..word.len()].copy_from_slice(word);
    u128::from_le_bytes(buf)
}

#[inline]
fn slot(key: u128, mask: usize) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let size = 1024;
        let mut t = Table {
            keys: vec![0; size],
            vals: vec![Cls::No; size],
            mask: size - 1,
        };
        for line in LEXICON.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(w), Some(c), Some(a)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let n: u16 = a.parse().unwrap_or(0);
            let unit = || match a {
                "Y" => Unit::Y,
                "M" => Unit::M,
                "W" => Unit::W,
                "D" => Unit::D,
                "H" => Unit::H,
                "MIN" => Unit::Min,
                "S" => Unit::S,
                "Q" => Unit::Q,
                "DE" => Unit::De,
                "CE" => Unit::Ce,
                "WE" => Unit::We,
                "FN" => Unit::Fn,
                _ => Unit::Ml,
            };
            let part = || match a {
                "MO" => 0,
                "AF" => 1,
                "EV" => 2,
                _ => 3,
            };
            let cls = match c {
                "month" => Cls::Month(n as u8),
                "weekday" => Cls::Weekday(n as u8),
                "weekday_pl" => Cls::WeekdayPl(n as u8),
                "unit" => Cls::Unit(unit()),
                "unit_pl" => Cls::UnitPl(unit()),
                "num" => Cls::Num(n),
                "ord" => Cls::Ord(n as u8),
                "season" => Cls::Season(match a {
                    "SP" => 0,
                    "SU" => 1,
                    "FA" => 2,
                    _ => 3,
                }),
                "part" => Cls::Part(part()),
                "part_pl" => Cls::PartPl(part()),
                "kw" => match kw(a) {
                    Some(k) => Cls::Kw(k),
                    None => continue,
                },
                _ => continue,
            };
            // A key longer than a looked-up word can be never matches.
            if w.is_empty() || w.len() > MAX_WORD {
                continue;
            }
            let key = pack(w.as_bytes());
            let mut h = slot(key, t.mask);
            while t.keys[h] != 0 && t.keys[h] != key {
                h = (h + 1) & t.mask;
            }
            t.keys[h] = key;
            t.vals[h] = cls;
        }
        t
    })
}

/// Longest word the table is asked about.
const MAX_WORD: usize = 13;

/// The class of `word`, a run of ASCII letters, in any case.
#[inline]
fn lookup(t: &Table, word: &[u8]) -> Cls {
    debug_assert!(word.iter().all(u8::is_ascii_alphabetic));
    if word.is_empty() || word.len() > MAX_WORD {
        return Cls::No;
    }
    // Setting bit 5 of every byte lower-cases ASCII letters, and the word holds only those.
    let lower = pack(word) | (u128::from_le_bytes([0x20; 16]) >> (8 * (16 - word.len())));
    probe(t, lower)
}

#[inline]
fn probe(t: &Table, lower: u128) -> Cls {
    let mut h = slot(lower, t.mask);
    loop {
        let k = t.keys[h];
        if k == lower {
            return t.vals[h];
        }
        if k == 0 {
            return Cls::No;
        }
        h = (h + 1) & t.mask;
    }
}

/// Cuts `text` into tokens (see the module doc).
pub fn tokenize(text: &str) -> Vec<Tok> {
    let t = table();
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            // Words glued to digits (`A380`) are not temporal.
            if i < b.len() && b[i].is_ascii_digit() {
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                out.push(Tok {
                    s: s as u32,
                    e: i as u32,
                    cls: Cls::No,
                    b0: c,
                });
                continue;
            }
            let cls = lookup(t, &b[s..i]);
            out.push(Tok {
                s: s as u32,
                e: i as u32,
                cls,
                b0: c,
            });
        } else if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Tok {
                s: s as u32,
                e: i as u32,
                cls: Cls::Digits,
                b0: c,
            });
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            let s = i;
            let len = if c < 0x80 {
                1
            } else if c >= 0xF0 {
                4
            } else if c >= 0xE0 {
                3
            } else {
                2
            };
            i = (i + len).min(b.len());
            while i < b.len() && !text.is_char_boundary(i) {
                i += 1;
            }
            // Curly apostrophes and dashes act like their ASCII twins.
            let b0 = match &b[s..i] {
                [0xE2, 0x80, 0x98] | [0xE2, 0x80, 0x99] => b'\'',
                [0xE2, 0x80, 0x93] | [0xE2, 0x80, 0x94] => b'-',
                _ => c,
            };
            out.push(Tok {
                s: s as u32,
                e: i as u32,
                cls: Cls::No,
                b0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lexicon word is found in any case, and only whole words are: the packed lookup
    /// answers what comparing lower-cased bytes answered.
    #[test]
    fn lexicon_words_are_found_in_any_case_and_only_whole() {
        let t = table();
        let mut found = 0;
        for line in LEXICON.lines().filter(|l| !l.starts_with('#')) {
            let Some(w) = line.split('\t').next().filter(|w| {
                !w.is_empty() && w.len() <= MAX_WORD && w.bytes().all(|b| b.is_ascii_lowercase())
            }) else {
                continue;
            };
            let cls = lookup(t, w.as_bytes());
            if cls == Cls::No {
                continue; // a line of a class the table does not keep
            }
            found += 1;
            let mut title = w.to_string();
            title[..1].make_ascii_uppercase();
            assert_eq!(lookup(t, w.to_ascii_uppercase().as_bytes()), cls, "{w}");
            assert_eq!(lookup(t, title.as_bytes()), cls, "{w}");
            if w.len() + 2 <= MAX_WORD {
                assert_eq!(lookup(t, format!("{w}qq").as_bytes()), Cls::No, "{w}qq");
            }
        }
        assert!(found > 50, "only {found} lexicon words found");
        assert_eq!(lookup(t, b"january"), lookup(t, b"JANUARY"));
        assert_ne!(lookup(t, b"january"), Cls::No);
        assert_eq!(lookup(t, b"januaryjanuary"), Cls::No);
    }
}
