//! Dates as written: a year, a month or a day.

use std::fmt;

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A year, a year and month, or a full date: `2007`, `2007-05`, `2007-05-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.split('-');
        let year_s = parts.next()?;
        if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_s.parse().ok()?;
        let two = |p: Option<&str>| -> Option<Option<u8>> {
            match p {
                None => Some(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().ok().map(Some)
                }
                Some(_) => None,
            }
        };
        let month = two(parts.next())?;
        let day = two(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let max = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if d == 0 || d > max {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a year (2007) or a date (2007-05-12)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{v}`: write a year (2007) or a date as YYYY-MM-DD (2007-05-12)"
                    ))
                })
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(PartialDate::parse("2007").unwrap().to_string(), "2007");
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(PartialDate::parse("2023-02-29").is_none());
        assert!(PartialDate::parse("2024-13-01").is_none());
        assert!(PartialDate::parse("24-01-01").is_none());
        assert!(PartialDate::parse("2024-1-1").is_none());
    }
}
