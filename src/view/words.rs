//! How pages word numbers and spans of time in each edition's language:
//! counted nouns by the language's plural rules ("1 member", "2 members"),
//! date ranges the way its readers write them ("2024年9月24日至26日",
//! "24–26 September 2024", "2018年起", "since 2018"). The patterns are UI
//! strings of the theme; this file only chooses between them.

use super::common::Cx;
use crate::model::{City, Id, PartialDate};

impl<'v, 'a: 'v> Cx<'v, 'a> {
    /// `n` with a counted noun: the UI string `<key>_<category>` of `n`'s
    /// plural category (`members_count_one`), else `<key>_other`, with `{n}`
    /// replaced.
    pub fn count(&self, key: &str, n: usize) -> String {
        let category = self
            .views
            .plurals
            .get(&self.e)
            .map_or("other", |p| p.category(n));
        let exact = format!("{key}_{category}");
        let pattern = match self.views.strings.get(&self.e).and_then(|s| s.get(&exact)) {
            Some(p) => p.clone(),
            None => self.ui(&format!("{key}_other")),
        };
        pattern.replace("{n}", &n.to_string())
    }

    /// A date without the parts it shares with the other end of a range,
    /// by the UI pattern `key` (`date_day`, `date_day_month`, `date_month_alone`).
    pub(super) fn date_part(&self, d: &PartialDate, key: &str) -> String {
        let month = d.month.unwrap_or(1);
        self.ui(key)
            .replace("{m}", &month.to_string())
            .replace("{d}", &d.day.unwrap_or(1).to_string())
            .replace("{month}", &self.ui(&format!("month_{month}")))
    }

    /// A span of time: both ends, one end (`…起`, `since …`), or none.
    /// Parts both ends share are written once, on the side the language
    /// writes them (`range_shorten: end` drops them from the end, as in
    /// 2024年9月24日至26日; `start` from the start, as in 24–26 September 2024).
    pub fn range(&self, from: Option<&PartialDate>, to: Option<&PartialDate>) -> Option<String> {
        match (from, to) {
            (None, None) => None,
            (Some(f), None) => Some(self.ui("range_since").replace("{from}", &self.date(f))),
            (None, Some(t)) => Some(self.ui("range_until").replace("{to}", &self.date(t))),
            (Some(f), Some(t)) if f == t => Some(self.date(f)),
            (Some(f), Some(t)) => Some(self.both_ends(f, t, false)),
        }
    }

    /// When an event was, on a page of its year: without the year when
    /// it starts and ends in it (9月24日至26日).
    pub fn when_in_year(&self, from: &PartialDate, to: Option<&PartialDate>) -> String {
        match to {
            Some(t) if t != from && t.year == from.year => self.both_ends(from, t, true),
            Some(t) if t != from => self.both_ends(from, t, false),
            _ => self.date_in_year(from),
        }
    }

    /// The date a list of one year shows: without the year.
    pub fn date_in_year(&self, d: &PartialDate) -> String {
        match (d.month, d.day) {
            (Some(_), Some(_)) => self.date_part(d, "date_day_month"),
            (Some(_), None) => self.date_part(d, "date_month_alone"),
            _ => self.ui("date_in_year"),
        }
    }

    fn both_ends(&self, f: &PartialDate, t: &PartialDate, in_year: bool) -> String {
        let precision = |d: &PartialDate| (d.month.is_some(), d.day.is_some());
        let same = precision(f) == precision(t) && f.year == t.year;
        // What stays of the shortened end, when the two share a year.
        let kept = match precision(f) {
            (true, true) if same && f.month == t.month => Some("date_day"),
            (true, true) if same => Some("date_day_month"),
            (true, false) if same => Some("date_month_alone"),
            _ => None,
        };
        // Written without spaces around the dash: days of one month, years.
        let years = precision(f) == (false, false) && precision(t) == (false, false);
        let tight = kept == Some("date_day") || years;
        let pattern = self.ui(if tight { "range_tight" } else { "range" });
        let full = |d: &PartialDate| {
            if in_year {
                self.date_in_year(d)
            } else {
                self.date(d)
            }
        };
        let (from, to) = match kept {
            Some(k) if self.ui("range_shorten") == "start" => (self.date_part(f, k), full(t)),
            Some(k) => (full(f), self.date_part(t, k)),
            None => (self.date(f), self.date(t)),
        };
        pattern.replace("{from}", &from).replace("{to}", &to)
    }

    /// "1996年成立", "founded 1996".
    pub fn founded(&self, d: &Option<PartialDate>) -> Option<String> {
        d.as_ref()
            .map(|d| self.ui("founded_in").replace("{date}", &self.date(d)))
    }

    /// A city's tier, with what it is where the content says
    /// ("municipality (province-level)", 直辖市（省级）).
    pub fn level(&self, city: Id<City>) -> String {
        self.read(city);
        let c = &self.views.graph.city(city).data;
        let level = self.label("level", &c.level);
        match &c.type_name {
            Some(t) => self
                .ui("level_typed")
                .replace("{type}", self.text(t).text)
                .replace("{level}", &level),
            None => level,
        }
    }
}
