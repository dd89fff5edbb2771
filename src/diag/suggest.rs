//! Did-you-mean: the nearest known word for a typo.

/// The known word closest to `word`, if it is close enough to be a likely
/// typo, or the one it is a clear abbreviation of (`gangnam` → `gangnam-seoul`).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let by_distance = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c);
    by_distance.or_else(|| {
        let mut prefixed = candidates
            .iter()
            .filter(|c| word.chars().count() >= 3 && (c.starts_with(word) || word.starts_with(*c)));
        match (prefixed.next(), prefixed.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// The content language meant by a common but wrong tag: `zh-TW` → `zh-Hant`.
pub fn suggest_language(tag: &str) -> Option<&'static str> {
    match tag.to_ascii_lowercase().as_str() {
        "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant-tw" | "zh-hant-hk" | "zh_tw" | "tc" | "cht" => {
            Some("zh-Hant")
        }
        "zh-cn" | "zh-sg" | "zh-hans-cn" | "zh_cn" | "sc" | "chs" => Some("zh-Hans"),
        "en-us" | "en-gb" | "eng" | "english" => Some("en"),
        "zh-hans" => Some("zh-Hans"),
        "zh-hant" => Some("zh-Hant"),
        _ => None,
    }
}
