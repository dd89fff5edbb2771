//! Static search: an index per edition, written as plain script files that a
//! page loads with `<script src>` (so it works from `file://` and under any
//! sub-path), sharded so a query loads only the few shards its terms hash to.
//!
//! Chinese in either script is folded to Simplified, and name variants to one
//! canonical form, both when indexing and when querying ([`fold`]); Chinese
//! matches any substring (character unigrams and bigrams with positions),
//! other scripts by word and prefix ([`index`]).
//!
//! The input is plain data, one [`SearchDoc`] per entity page, already in the
//! edition's script; `view::search` makes them from the views. See
//! docs/search.md for the file formats.

mod files;
pub mod fold;
pub mod index;
pub mod query;
pub mod text;

pub use files::SearchFiles;
pub use fold::{Fold, PhraseGroup};
pub use index::{IndexFile, IndexStats, Options, SearchIndex, build};
pub use query::{Hit, Reader};

/// A text as the page shows it, with its language when that is not the
/// edition's (a BCP 47 tag: a fallback name, a native name, another edition's
/// name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    pub text: String,
    pub lang: Option<String>,
}

impl SearchText {
    pub fn new(text: impl Into<String>) -> SearchText {
        SearchText {
            text: text.into(),
            lang: None,
        }
    }

    pub fn in_lang(text: impl Into<String>, lang: Option<&str>) -> SearchText {
        SearchText {
            text: text.into(),
            lang: lang.map(str::to_owned),
        }
    }
}

/// One searchable page of an edition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// The page, relative to the edition's folder (`cities/jinan/index.html`).
    pub url: String,
    /// What the entity is, in the edition's language (`城市`, `Event`).
    pub kind: String,
    pub name: SearchText,
    /// Other names: the other editions' names, aliases, short names.
    pub aliases: Vec<SearchText>,
    /// Names in the entity's own languages (강남구, Улаанбаатар).
    pub native: Vec<SearchText>,
    /// The body's title and headings.
    pub titles: Vec<SearchText>,
    /// Other short facts the page shows: countries, venue, focus.
    pub facts: Vec<SearchText>,
    /// The body as plain text.
    pub body: Option<SearchText>,
    /// Source citations.
    pub sources: Vec<SearchText>,
}

/// The fields of a document, in the order of the weights in the index; the
/// number is the field's code in the files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name = 0,
    Alias = 1,
    Native = 2,
    Title = 3,
    Body = 4,
    Source = 5,
    Fact = 6,
}

impl Field {
    /// Ranking weight of a match in this field: names above everything,
    /// body text above the short facts every page of a kind shares.
    pub const WEIGHTS: [u32; 7] = [100, 50, 50, 20, 10, 4, 3];

    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl SearchDoc {
    /// Every text with its field, name first.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &SearchText)> {
        fn list(f: Field, v: &[SearchText]) -> impl Iterator<Item = (Field, &SearchText)> {
            v.iter().map(move |t| (f, t))
        }
        std::iter::once((Field::Name, &self.name))
            .chain(list(Field::Alias, &self.aliases))
            .chain(list(Field::Native, &self.native))
            .chain(list(Field::Title, &self.titles))
            .chain(self.body.iter().map(|b| (Field::Body, b)))
            .chain(list(Field::Source, &self.sources))
            .chain(list(Field::Fact, &self.facts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(groups: &[PhraseGroup]) -> Fold {
        use crate::model::{HansConfig, HantConfig};
        use crate::text::convert::{hans_backend, hant_backend};
        let to_hans = hans_backend(HansConfig::T2s).expect("dictionaries are embedded");
        let to_hant = hant_backend(HantConfig::S2t).expect("dictionaries are embedded");
        let chars = "韓國南韓首爾代表團訪問韩国这是一段简单的测试文本烏蘭巴托";
        Fold::new(fold::char_map(chars.chars(), &*to_hans, &*to_hant), groups)
    }

    fn doc(url: &str, name: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            kind: "城市".into(),
            name: SearchText::new(name),
            body: (!body.is_empty()).then(|| SearchText::new(body)),
            ..SearchDoc::default()
        }
    }

    fn urls(index: &SearchIndex, q: &str) -> Vec<String> {
        let reader = Reader::new(&index.files).expect("the index reads back");
        reader.search(q).into_iter().map(|h| h.url).collect()
    }

    #[test]
    fn both_scripts_and_a_variant_find_the_same_pages() {
        let korea = PhraseGroup {
            canonical: "韩国".into(),
            variants: vec!["南韓".into()],
        };
        let docs = [
            doc("a", "首爾", "韓國的首都"),
            doc("b", "代表團", "代表團訪問南韓"),
            doc("c", "韩国", ""),
            doc("d", "南方", "韓"),
        ];
        let index = build(&docs, &fold(&[korea]), &Options::default());
        for q in ["韩国", "韓國", "南韓", "南韩"] {
            // The name match first, then the bodies in document order.
            assert_eq!(urls(&index, q), ["c", "a", "b"], "query {q}");
        }
        let mut one = urls(&index, "韓");
        assert_eq!(one.remove(0), "c");
        one.sort();
        assert_eq!(one, ["a", "b", "d"]);
        assert!(urls(&index, "北韓").is_empty());
    }

    #[test]
    fn chinese_matches_any_substring_and_only_a_contiguous_one() {
        let docs = [
            doc("test", "文本", "这是一段简单的测试文本"),
            doc("other", "另一", "这段是简单"),
        ];
        let index = build(&docs, &fold(&[]), &Options::default());
        assert_eq!(urls(&index, "段简"), ["test"]);
        assert_eq!(urls(&index, "一段简单的"), ["test"]);
        assert_eq!(urls(&index, "这段"), ["other"]);
        assert_eq!(urls(&index, "简单"), ["test", "other"]);
        assert!(urls(&index, "段单").is_empty());
        // Two substrings: both must be there.
        assert_eq!(urls(&index, "测试 这是"), ["test"]);
    }

    #[test]
    fn words_match_by_prefix_in_any_case_and_without_diacritics() {
        let docs = [
            doc("ub", "Ulaanbaatar", ""),
            doc("chuy", "Chüy Region", "A region in Kyrgyzstan."),
            doc("ulsan", "Ulsan", "Near Ulaanbaatar? No."),
        ];
        let index = build(&docs, &fold(&[]), &Options::default());
        assert_eq!(urls(&index, "ULAAN"), ["ub", "ulsan"]);
        assert_eq!(urls(&index, "ulaanbaatar"), ["ub", "ulsan"]);
        assert_eq!(urls(&index, "chuy"), ["chuy"]);
        assert_eq!(urls(&index, "CHÜY"), ["chuy"]);
        assert_eq!(urls(&index, "Région"), ["chuy"]);
        assert!(urls(&index, "laan").is_empty());
    }

    #[test]
    fn a_latin_variant_finds_the_chinese_name() {
        let ub = PhraseGroup {
            canonical: "乌兰巴托".into(),
            variants: vec!["烏蘭巴托".into(), "Ulaanbaatar".into()],
        };
        let docs = [
            doc("city", "乌兰巴托市", ""),
            doc("en", "Mongolia", "Flights to Ulaanbaatar."),
        ];
        let index = build(&docs, &fold(&[ub]), &Options::default());
        assert_eq!(urls(&index, "ulaanbaatar"), ["city", "en"]);
        assert_eq!(urls(&index, "烏蘭巴托"), ["city", "en"]);
        assert_eq!(urls(&index, "ulaan"), ["en"]);
    }

    #[test]
    fn many_documents_spread_over_shards() {
        let docs: Vec<SearchDoc> = (0..3000)
            .map(|i| {
                doc(
                    &format!("d{i}"),
                    &format!("City {i}"),
                    &format!("第{i}号城市"),
                )
            })
            .collect();
        let index = build(&docs, &fold(&[]), &Options::default());
        assert!(index.stats.shards > 4, "{:?}", index.stats);
        assert!(index.stats.doc_blocks > 4, "{:?}", index.stats);
        assert_eq!(urls(&index, "city 2999"), ["d2999"]);
        assert_eq!(urls(&index, "2999号"), ["d2999"]);
        assert_eq!(urls(&index, "号城").len(), 3000);
    }
}
