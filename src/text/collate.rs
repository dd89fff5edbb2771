//! Sorting names the way readers of each edition expect: pinyin for
//! Simplified, stroke order for Traditional, alphabetical for English.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::Locale;

use crate::model::Edition;

pub struct Collation(CollatorBorrowed<'static>);

impl Collation {
    pub fn for_edition(edition: Edition) -> Result<Collation, String> {
        let tag = match edition {
            Edition::ZhHans => "zh",
            Edition::ZhHant => "zh-u-co-stroke",
            Edition::En => "en",
        };
        let locale: Locale = tag
            .parse()
            .map_err(|e| format!("bad collation locale {tag}: {e:?}"))?;
        Collator::try_new(locale.into(), CollatorOptions::default())
            .map(Collation)
            .map_err(|e| format!("no collation data for {tag}: {e}"))
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        self.0.compare(a, b)
    }

    /// A sort key of `s`: keys in byte order are texts in `compare`'s
    /// order (as UTS #10 defines sort keys; the test below checks it on
    /// Han, Latin, accented and empty strings). Sorting thousands of names
    /// by their keys collates each name once, not at every comparison.
    pub fn key(&self, s: &str) -> Vec<u8> {
        let mut key = Vec::new();
        let Ok(()) = self.0.write_sort_key_to(s, &mut key);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_and_stroke_orders_differ() {
        // 北 běi before 上 shàng in pinyin; 上 (3 strokes) before 北 (5) by strokes.
        let hans = Collation::for_edition(Edition::ZhHans).unwrap();
        let hant = Collation::for_edition(Edition::ZhHant).unwrap();
        assert_eq!(hans.compare("北京", "上海"), Ordering::Less);
        assert_eq!(hant.compare("北京", "上海"), Ordering::Greater);
        let en = Collation::for_edition(Edition::En).unwrap();
        assert_eq!(en.compare("incheon", "Jeju"), Ordering::Less);
    }

    #[test]
    fn keys_sort_as_compare_does() {
        let words = [
            "北京",
            "上海",
            "首尔",
            "釜山",
            "蒙古国",
            "乌兰巴托",
            "Jeju",
            "incheon",
            "Île",
            "ile",
            "首爾",
            "臺北",
            "台北",
            "",
            "2024",
            "ÅLAND",
            "aland",
        ];
        for e in [Edition::ZhHans, Edition::ZhHant, Edition::En] {
            let c = Collation::for_edition(e).unwrap();
            for a in words {
                for b in words {
                    assert_eq!(c.key(a).cmp(&c.key(b)), c.compare(a, b), "{e:?} {a} {b}");
                }
            }
        }
    }
}
