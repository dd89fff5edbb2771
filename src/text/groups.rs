//! Built-in conversion groups, like MediaWiki's `CGroup`s: words whose
//! usage differs between the mainland and the region the zh-Hant edition
//! follows, not only their characters: country names (韩国 / 南韓 / 南韓,
//! 老挝 / 寮國 / 老撾) and regional vocabulary (信息 / 資訊).
//!
//! Each term reads every form, in either script, and writes the mainland
//! form in zh-Hans and the region's form in zh-Hant, so one edition never
//! mixes 吉爾吉斯斯坦 and 吉爾吉斯. The converter layers them under the
//! yearbook's own glossary and names (docs/content-format.md,
//! "Conversion groups").
//!
//! - Countries: every ISO 3166-1 country in Unicode CLDR's zh_Hans_CN,
//!   zh_Hant_TW and zh_Hant_HK (`groups/countries.tsv`, written by
//!   `scripts/country-groups.py`).
//! - Vocabulary: the phrase tables of the region's OpenCC configurations
//!   (`TWPhrases` of s2twp into zh-Hant, `TWPhrasesRev` of tw2sp into
//!   zh-Hans; `HKPhrases`, `HKPhrasesRev`), read from the embedded upstream
//!   data, so the vocabulary follows the region whichever configuration
//!   converts the characters. Each table applies in its own direction
//!   only: 新增 is mainland usage too, so 添加 → 新增 into zh-Hant does
//!   not make every 新增 written in Traditional 添加 in zh-Hans, unless
//!   the reverse table says so.
//! - Kept words (`groups/keep.txt`): words that hold a group's name without
//!   being it (朝鲜半岛, 哈萨克族, 理查德); the dictionaries convert them.

use crate::model::{Groups, Region};

const COUNTRIES: &str = include_str!("groups/countries.tsv");
const KEEP: &str = include_str!("groups/keep.txt");

/// One term of a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupTerm {
    /// The mainland form: Simplified for countries, the upstream key
    /// (Traditional characters) for vocabulary. zh-Hans shows it
    /// converted to Simplified.
    pub mainland: &'static str,
    /// The region's form, in Traditional characters: what zh-Hant shows.
    pub regional: &'static str,
    /// The other region's form, read as this term too.
    pub other: Option<&'static str>,
    /// Into which editions the term converts.
    pub way: Way,
}

/// The directions a term applies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    /// Any form into zh-Hans and zh-Hant (names).
    Both,
    /// Mainland into regional, text converted into zh-Hant only.
    ToRegional,
    /// Regional into mainland, text converted into zh-Hans only.
    ToMainland,
}

/// The terms of the groups `groups` leaves on, for `region`; none without
/// a region (`s2t` with `t2s` asks for characters only).
pub fn terms(groups: Groups, region: Option<Region>) -> Vec<GroupTerm> {
    let Some(region) = region else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if groups.countries {
        out.extend(countries(region));
    }
    if groups.vocabulary {
        out.extend(vocabulary(region));
    }
    out
}

/// Countries whose name differs between the mainland and `region` (in
/// characters or in words; the converter drops the ones its dictionaries
/// already get right).
fn countries(region: Region) -> impl Iterator<Item = GroupTerm> {
    lines(COUNTRIES).filter_map(move |line| {
        let mut cols = line.split('\t').skip(1);
        let (cn, tw, hk) = (cols.next()?, cols.next()?, cols.next()?);
        let (regional, other) = match region {
            Region::Taiwan => (tw, hk),
            Region::HongKong => (hk, tw),
        };
        Some(GroupTerm {
            mainland: cn,
            regional,
            other: (other != regional).then_some(other),
            way: Way::Both,
        })
    })
}

/// The region's phrase tables, each in its direction: key → its first
/// value. An entry that lists its key among the values (高級 → 高階 進階
/// 高級: the region uses the key too) leaves the choice to the author, and
/// one-character keys would apply inside every word: both are left out.
fn vocabulary(region: Region) -> impl Iterator<Item = GroupTerm> {
    let (to_regional, to_mainland) = match region {
        Region::Taiwan => (nianjian_opencc::TW_PHRASES, nianjian_opencc::TW_PHRASES_REV),
        Region::HongKong => (nianjian_opencc::HK_PHRASES, nianjian_opencc::HK_PHRASES_REV),
    };
    let table = |text: &'static str, way: Way| {
        lines(text).filter_map(move |line| {
            let (key, values) = line.split_once('\t')?;
            let first = values.split(' ').next()?;
            if values.split(' ').any(|v| v == key) || key.chars().nth(1).is_none() {
                return None;
            }
            let (mainland, regional) = match way {
                Way::ToMainland => (first, key),
                _ => (key, first),
            };
            Some(GroupTerm {
                mainland,
                regional,
                other: None,
                way,
            })
        })
    };
    table(to_regional, Way::ToRegional).chain(table(to_mainland, Way::ToMainland))
}

/// Words the groups must not convert, each written in one script.
pub fn kept() -> impl Iterator<Item = &'static str> {
    lines(KEEP)
}

fn lines(table: &'static str) -> impl Iterator<Item = &'static str> {
    table
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(region: Region, mainland: &str) -> Option<GroupTerm> {
        terms(Groups::default(), Some(region))
            .into_iter()
            .find(|t| t.mainland == mainland && t.way != Way::ToMainland)
    }

    #[test]
    fn every_iso_country_is_listed_once() {
        let codes: Vec<&str> = lines(COUNTRIES)
            .filter_map(|l| l.split('\t').next())
            .collect();
        // 249 ISO 3166-1 codes, less CN, TW, HK and MO.
        assert_eq!(codes.len(), 245);
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert!(lines(COUNTRIES).all(|l| l.split('\t').count() == 4));
    }

    #[test]
    fn names_follow_the_region() {
        let kr = find(Region::Taiwan, "韩国").unwrap();
        assert_eq!((kr.regional, kr.other), ("南韓", None));
        let la = find(Region::Taiwan, "老挝").unwrap();
        assert_eq!((la.regional, la.other), ("寮國", Some("老撾")));
        let la = find(Region::HongKong, "老挝").unwrap();
        assert_eq!((la.regional, la.other), ("老撾", Some("寮國")));
        assert_eq!(
            find(Region::Taiwan, "吉尔吉斯斯坦").unwrap().regional,
            "吉爾吉斯"
        );
    }

    #[test]
    fn vocabulary_comes_from_the_regional_table() {
        assert_eq!(find(Region::Taiwan, "信息").unwrap().regional, "資訊");
        assert_eq!(
            find(Region::Taiwan, "人工智能").unwrap().regional,
            "人工智慧"
        );
        // 數字 → 數字 數位 and 高級 → 高階 進階 高級: left to the author.
        assert!(find(Region::Taiwan, "數字").is_none());
        assert!(find(Region::Taiwan, "高級").is_none());
        // Back into the mainland's, by tw2sp's own table.
        let back = terms(Groups::default(), Some(Region::Taiwan))
            .into_iter()
            .find(|t| t.regional == "資訊" && t.way == Way::ToMainland)
            .unwrap();
        assert_eq!(back.mainland, "信息");
    }

    #[test]
    fn switches_and_region() {
        assert!(terms(Groups::default(), None).is_empty());
        let off = Groups {
            countries: false,
            vocabulary: false,
        };
        assert!(terms(off, Some(Region::Taiwan)).is_empty());
        let countries_only = Groups {
            vocabulary: false,
            ..Groups::default()
        };
        assert!(
            terms(countries_only, Some(Region::Taiwan))
                .iter()
                .all(|t| t.mainland != "信息")
        );
    }
}
