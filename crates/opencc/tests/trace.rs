//! Provenance: what `Converter::trace` says about each part of the output.

use nianjian_opencc::{Config, Converter, Direction, Stage};

fn cc(config: Config) -> Converter {
    Converter::new(config).expect("embedded data")
}

#[test]
fn a_lone_one_to_many_character_is_a_default_choice() {
    let t = cc(Config::S2t).trace("干");
    assert_eq!(t.output, "幹");
    assert_eq!(t.spans.len(), 1);
    let s = &t.spans[0];
    assert_eq!(
        (s.stage, s.input.clone(), s.output.clone()),
        (Stage::Conversion(0), 0..3, 0..3)
    );
    assert_eq!(
        (s.key.as_str(), s.value, s.dictionary),
        ("干", "幹", "STCharacters")
    );
    assert_eq!(s.candidates().collect::<Vec<_>>(), ["幹", "乾", "干", "榦"]);
    assert!(s.is_default_choice() && !s.is_phrase());
}

#[test]
fn phrases_decide_without_warning() {
    let text = "干部在晒干的衣服上";
    let t = cc(Config::S2t).trace(text);
    assert_eq!(t.output, cc(Config::S2t).convert(text));
    assert_eq!(t.output, "幹部在曬乾的衣服上");
    let phrases: Vec<(&str, &str, &str)> = t
        .spans
        .iter()
        .filter(|s| s.is_phrase())
        .map(|s| (s.key.as_str(), s.value, &t.output[s.output.clone()]))
        .collect();
    assert_eq!(
        phrases,
        [("干部", "幹部", "幹部"), ("晒干", "曬乾", "曬乾")]
    );
    assert_eq!(t.default_choices().count(), 0);
    for s in &t.spans {
        assert_eq!(&text[s.input.clone()], s.key);
    }
}

#[test]
fn every_stage_maps_to_input_and_output() {
    // s2twp: the ST stage, then Taiwan phrases and variants. 软 becomes 軟
    // (件 stays), then the phrase 軟件 becomes 軟體, so 软's output is the
    // whole phrase; 里 alone is a default choice (裏), which the Taiwan
    // stage turns into 裡.
    let text = "在软件里";
    let t = cc(Config::S2twp).trace(text);
    assert_eq!(t.output, "在軟體裡");
    let stage0: Vec<(&str, &str)> = t
        .spans
        .iter()
        .filter(|s| s.stage == Stage::Conversion(0))
        .map(|s| (&text[s.input.clone()], &t.output[s.output.clone()]))
        .collect();
    assert_eq!(stage0, [("软", "軟體"), ("里", "裡")]);
    let tw = t
        .spans
        .iter()
        .find(|s| s.dictionary == "TWPhrases")
        .expect("a Taiwan phrase");
    assert_eq!((tw.key.as_str(), &text[tw.input.clone()]), ("軟件", "软件"));
    let li: Vec<_> = t.spans_at(text.find('里').unwrap()).collect();
    assert_eq!(li.len(), 2, "{li:?}");
    assert!(li[0].is_default_choice());
    assert_eq!(
        (li[1].stage, li[1].key.as_str(), li[1].value),
        (Stage::Conversion(1), "裏", "裡")
    );
}

#[test]
fn normalization_is_a_stage_and_shifts_offsets() {
    // U+2F800 (4 bytes) is the compatibility form of 丽 (3 bytes), which
    // s2t then makes 麗.
    let text = "\u{2F800}发";
    let t = cc(Config::S2t).trace(text);
    assert_eq!(t.output, "麗發");
    assert_eq!(t.output, cc(Config::S2t).convert(text));
    let norm = &t.spans[0];
    assert_eq!(
        (norm.stage, norm.input.clone(), norm.value),
        (Stage::Normalization, 0..4, "丽")
    );
    let fa = t
        .spans
        .iter()
        .find(|s| s.key == "发")
        .expect("发 converted");
    assert_eq!((fa.input.clone(), fa.output.clone()), (4..7, 3..6));
}

#[test]
fn ideographic_description_sequences_stay() {
    let c = cc(Config::S2t);
    assert_eq!(c.convert("⿰车工车"), "⿰车工車");
    assert_eq!(c.trace("⿰车工车").output, "⿰车工車");
}

#[test]
fn one_to_many_lists_come_from_the_dictionaries() {
    let st = Direction::ToTraditional.one_to_many();
    let gan = st
        .iter()
        .find(|o| o.character == "干")
        .expect("干 is one-to-many");
    assert_eq!(
        (gan.default_choice(), gan.dictionary),
        ("幹", "STCharacters")
    );
    let ts = Direction::ToSimplified.one_to_many();
    assert!(
        ts.iter()
            .any(|o| o.character == "乾" && o.default_choice() == "干")
    );
    for config in Config::ALL {
        let list = config.one_to_many();
        assert!(list.len() > 20, "{config}: {}", list.len());
        for o in list {
            assert_eq!(o.character.chars().count(), 1, "{o:?}");
            assert!(o.candidates().count() > 1, "{o:?}");
        }
    }
    // The tofu-risk extension shadows TSCharacters' rare pairs in t2s: 㑮
    // has one conversion there.
    assert!(!ts.iter().any(|o| o.character == "㑮"));
}

#[test]
fn trace_and_convert_agree_on_the_upstream_inputs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/testcases/testcases.json");
    let json = std::fs::read_to_string(path).expect("testcases.json");
    let cases = nianjian_opencc::compile::testcases::parse(&json).expect("parses");
    for config in Config::ALL {
        let c = cc(config);
        for case in &cases {
            assert_eq!(
                c.trace(&case.input).output,
                c.convert(&case.input),
                "{config} {}",
                case.id
            );
        }
    }
}
