//! Plural forms of UI strings, by the Unicode CLDR plural rules of each
//! edition's language (ICU4X): "1 member", "2 members"; Chinese has one form.
//!
//! A counted string is written in the theme's UI strings as one key per
//! plural category, Hugo's way: `members_count_one: "{n} member"`,
//! `members_count_other: "{n} members"`. `other` is required; a category
//! the theme leaves out falls back to it.

use icu_locale::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::model::Edition;

pub struct Plurals(PluralRules);

impl Plurals {
    pub fn for_edition(edition: Edition) -> Result<Plurals, String> {
        let tag = match edition {
            Edition::ZhHans | Edition::ZhHant => "zh",
            Edition::En => "en",
        };
        let locale: Locale = tag
            .parse()
            .map_err(|e| format!("bad plural locale {tag}: {e:?}"))?;
        PluralRules::try_new(locale.into(), Default::default())
            .map(Plurals)
            .map_err(|e| format!("no plural rules for {tag}: {e}"))
    }

    /// The CLDR category of `n`: `one`, `other`, …
    pub fn category(&self, n: usize) -> &'static str {
        match self.0.category_for(n) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_one_and_other_chinese_only_other() {
        let en = Plurals::for_edition(Edition::En).unwrap();
        assert_eq!(
            [0, 1, 2, 21].map(|n| en.category(n)),
            ["other", "one", "other", "other"]
        );
        let zh = Plurals::for_edition(Edition::ZhHant).unwrap();
        assert_eq!([1, 2].map(|n| zh.category(n)), ["other", "other"]);
    }
}
