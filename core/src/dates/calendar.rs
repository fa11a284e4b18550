//! Calendar points: what a resolved DATE value names, its TIMEX3 spelling and its real interval.
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A named stretch of the calendar at one granularity. Years are proleptic Gregorian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    Day(NaiveDate),
    /// ISO year and ISO week.
    Week(i32, u32),
    /// The Saturday and Sunday of an ISO week.
    Weekend(i32, u32),
    Month(i32, u32),
    Quarter(i32, u32),
    Half(i32, u32),
    /// Year and season index 0..4 (SP, SU, FA, WI).
    Season(i32, u8),
    Year(i32),
    /// `y / 10`: 199 = the 1990s.
    Decade(i32),
    /// `y / 100`: 19 = 1900..1999 (the 20th century).
    Century(i32),
}

/// The granularity of a value; also the unit of relative shifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gran {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Half,
    Season,
    Year,
    Decade,
    Century,
}

impl Gran {
    pub fn label(self) -> &'static str {
        match self {
            Gran::Day => "day",
            Gran::Week => "week",
            Gran::Weekend => "week",
            Gran::Month => "month",
            Gran::Quarter => "quarter",
            Gran::Half => "half",
            Gran::Season => "season",
            Gran::Year => "year",
            Gran::Decade => "decade",
            Gran::Century => "century",
        }
    }
    /// The value when nothing anchors the expression.
    pub fn unknown(self) -> &'static str {
        match self {
            Gran::Day => "XXXX-XX-XX",
            Gran::Week => "XXXX-WXX",
            Gran::Weekend => "XXXX-WXX-WE",
            Gran::Month => "XXXX-XX",
            Gran::Quarter => "XXXX-QX",
            Gran::Half => "XXXX-HX",
            Gran::Season => "XXXX-XX",
            Gran::Year => "XXXX",
            Gran::Decade => "XXX",
            Gran::Century => "XX",
        }
    }
}

pub const SEASONS: [&str; 4] = ["SP", "SU", "FA", "WI"];

pub fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).map(|d| d - Duration::days(1))
}

fn plausible(y: i32) -> bool {
    (0..=9999).contains(&y)
}

impl Point {
    pub fn gran(self) -> Gran {
        match self {
            Point::Day(_) => Gran::Day,
            Point::Week(..) => Gran::Week,
            Point::Weekend(..) => Gran::Weekend,
            Point::Month(..) => Gran::Month,
            Point::Quarter(..) => Gran::Quarter,
            Point::Half(..) => Gran::Half,
            Point::Season(..) => Gran::Season,
            Point::Year(_) => Gran::Year,
            Point::Decade(_) => Gran::Decade,
            Point::Century(_) => Gran::Century,
        }
    }

    /// The point of granularity `g` containing day `d`.
    pub fn of(d: NaiveDate, g: Gran) -> Point {
        let y = d.year();
        match g {
            Gran::Day => Point::Day(d),
            Gran::Week => {
                let w = d.iso_week();
                Point::Week(w.year(), w.week())
            }
            Gran::Weekend => {
                let w = d.iso_week();
                Point::Weekend(w.year(), w.week())
            }
            Gran::Month => Point::Month(y, d.month()),
            Gran::Quarter => Point::Quarter(y, (d.month() - 1) / 3 + 1),
            Gran::Half => Point::Half(y, (d.month() - 1) / 6 + 1),
            Gran::Season => {
                let m = d.month();
                match m {
                    3..=5 => Point::Season(y, 0),
                    6..=8 => Point::Season(y, 1),
                    9..=11 => Point::Season(y, 2),
                    12 => Point::Season(y, 3),
                    _ => Point::Season(y - 1, 3),
                }
            }
            Gran::Year => Point::Year(y),
            Gran::Decade => Point::Decade(y.div_euclid(10)),
            Gran::Century => Point::Century(y.div_euclid(100)),
        }
    }

    /// Inclusive real interval; `None` when out of the calendar's range.
    pub fn interval(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Point::Day(d) => Some((d, d)),
            Point::Week(y, w) => {
                let mon = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
                Some((mon, mon + Duration::days(6)))
            }
            Point::Weekend(y, w) => {
                let sat = NaiveDate::from_isoywd_opt(y, w, Weekday::Sat)?;
                Some((sat, sat + Duration::days(1)))
            }
            Point::Month(y, m) => Some((ymd(y, m, 1)?, last_of_month(y, m)?)),
            Point::Quarter(y, q) => {
                let m0 = (q - 1) * 3 + 1;
                Some((ymd(y, m0, 1)?, last_of_month(y, m0 + 2)?))
            }
            Point::Half(y, h) => {
                let m0 = (h - 1) * 6 + 1;
                Some((ymd(y, m0, 1)?, last_of_month(y, m0 + 5)?))
            }
            Point::Season(y, s) => match s {
                0 => Some((ymd(y, 3, 1)?, ymd(y, 5, 31)?)),
                1 => Some((ymd(y, 6, 1)?, ymd(y, 8, 31)?)),
                2 => Some((ymd(y, 9, 1)?, ymd(y, 11, 30)?)),
                _ => Some((ymd(y, 12, 1)?, last_of_month(y + 1, 2)?)),
            },
            Point::Year(y) => Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?)),
            Point::Decade(d) => Some((ymd(d * 10, 1, 1)?, ymd(d * 10 + 9, 12, 31)?)),
            Point::Century(c) => Some((ymd(c * 100, 1, 1)?, ymd(c * 100 + 99, 12, 31)?)),
        }
    }

    /// The TIMEX3 value.
    pub fn value(self) -> String {
        match self {
            Point::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Point::Week(y, w) => format!("{y:04}-W{w:02}"),
            Point::Weekend(y, w) => format!("{y:04}-W{w:02}-WE"),
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Point::Half(y, h) => format!("{y:04}-H{h}"),
            Point::Season(y, s) => format!("{y:04}-{}", SEASONS[s as usize & 3]),
            Point::Year(y) => format!("{y:04}"),
            Point::Decade(d) => format!("{d:03}"),
            Point::Century(c) => format!("{c:02}"),
        }
    }

    /// The point `n` units later (earlier when negative), same granularity.
    pub fn shift(self, n: i64) -> Option<Point> {
        let p = match self {
            Point::Day(d) => Point::Day(d.checked_add_signed(Duration::try_days(n)?)?),
            Point::Week(..) | Point::Weekend(..) => {
                let (mon, _) = self.interval()?;
                let d = mon.checked_add_signed(Duration::try_days(n.checked_mul(7)?)?)?;
                Point::of(d, self.gran())
            }
            Point::Month(y, m) => {
                let t = y as i64 * 12 + (m as i64 - 1) + n;
                Point::Month(
                    i32::try_from(t.div_euclid(12)).ok()?,
                    (t.rem_euclid(12) + 1) as u32,
                )
            }
            Point::Quarter(y, q) => {
                let t = y as i64 * 4 + (q as i64 - 1) + n;
                Point::Quarter(
                    i32::try_from(t.div_euclid(4)).ok()?,
                    (t.rem_euclid(4) + 1) as u32,
                )
            }
            Point::Half(y, h) => {
                let t = y as i64 * 2 + (h as i64 - 1) + n;
                Point::Half(
                    i32::try_from(t.div_euclid(2)).ok()?,
                    (t.rem_euclid(2) + 1) as u32,
                )
            }
            Point::Season(y, s) => {
                let t = y as i64 * 4 + s as i64 + n;
                Point::Season(i32::try_from(t.div_euclid(4)).ok()?, t.rem_euclid(4) as u8)
            }
            Point::Year(y) => Point::Year(i32::try_from(y as i64 + n).ok()?),
            Point::Decade(d) => Point::Decade(i32::try_from(d as i64 + n).ok()?),
            Point::Century(c) => Point::Century(i32::try_from(c as i64 + n).ok()?),
        };
        p.valid().then_some(p)
    }

    pub fn valid(self) -> bool {
        match self {
            Point::Day(d) => plausible(d.year()),
            Point::Week(y, _) | Point::Weekend(y, _) | Point::Year(y) => plausible(y),
            Point::Month(y, _) | Point::Quarter(y, _) | Point::Half(y, _) | Point::Season(y, _) => {
                plausible(y)
            }
            Point::Decade(d) => (0..=999).contains(&d),
            Point::Century(c) => (0..=99).contains(&c),
        }
    }
}

/// A modifier (START, MID, END) narrows an interval to its first, middle or last third.
pub fn narrow(iv: (NaiveDate, NaiveDate), modifier: &str) -> (NaiveDate, NaiveDate) {
    let (a, b) = iv;
    let n = (b - a).num_days() + 1;
    if n < 3 {
        return iv;
    }
    let third = n / 3;
    match modifier {
        "START" => (a, a + Duration::days(third - 1)),
        "MID" => (a + Duration::days(third), b - Duration::days(third)),
        "END" => (b - Duration::days(third - 1), b),
        _ => iv,
    }
}

/// The weekday `wd` (1 = Monday) nearest to `d` in direction `dir`: -1 on or before, +1 on or
/// after, -2 strictly before, +2 strictly after.
pub fn weekday_near(d: NaiveDate, wd: u32, dir: i32) -> Option<NaiveDate> {
    let cur = d.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let off = match dir {
        -1 => -((cur - wd).rem_euclid(7)),
        1 => (wd - cur).rem_euclid(7),
        -2 => -((cur - wd - 1).rem_euclid(7) + 1),
        _ => (wd - cur - 1).rem_euclid(7) + 1,
    };
    d.checked_add_signed(Duration::try_days(off)?)
}
