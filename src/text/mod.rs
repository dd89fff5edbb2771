//! Language services, in one place: Markdown (every rule, one parse per
//! body), clean-up of damaged text, script conversion, quotation marks by edition, collation, plural
//! rules, the headings of an index of names (pinyin initials, strokes), and
//! what is safe to publish (the URL policy, the raw-HTML sanitiser).

pub mod cleanup;
pub mod collate;
pub mod convert;
pub mod groups;
pub mod markdown;
pub mod names;
pub mod plural;
pub mod quotes;
pub mod sanitise;
pub mod url;
