//! Every reference between entities, declared once: the field it is written
//! in, the kinds it joins, and the names its two ends go by on pages. The
//! resolver (resolve.rs) runs one generic pass over this table; views read the
//! result through the typed handles below. Adding a relation is a row here, a
//! line in the `References` impl of its kind, a view field and a template line.

use std::marker::PhantomData;

use crate::model::{City, Council, Event, Kind, Kinded, Ref};

/// A relation's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    CityParent,
    Tie,
    TieEvent,
    CouncilParent,
    Seat,
    Member,
    Place,
    EventCouncil,
    Host,
    Participant,
}

/// One row of the table.
#[derive(Debug)]
pub struct Relation {
    pub rel: Rel,
    /// Where it is written, as a path of YAML keys (for messages).
    pub field: &'static str,
    pub from: Kind,
    pub to: Kind,
    /// What the referring entity's page calls the other end, and what the
    /// referred entity's page calls the back-link (view and template names).
    pub forward: &'static str,
    pub back: &'static str,
}

const fn row(
    rel: Rel,
    field: &'static str,
    from: Kind,
    to: Kind,
    forward: &'static str,
    back: &'static str,
) -> Relation {
    Relation {
        rel,
        field,
        from,
        to,
        forward,
        back,
    }
}

/// The table. Order is `Rel`'s order.
pub const RELATIONS: [Relation; 10] = [
    row(
        Rel::CityParent,
        "parent",
        Kind::City,
        Kind::City,
        "parent",
        "children",
    ),
    // Symmetric: declared on either side, merged by ties.rs.
    row(
        Rel::Tie,
        "ties.city",
        Kind::City,
        Kind::City,
        "ties",
        "ties",
    ),
    // Back-links come from the merged ties (`Graph::ties_signed`).
    row(
        Rel::TieEvent,
        "ties.event",
        Kind::City,
        Kind::Event,
        "signed_at",
        "ties_signed",
    ),
    row(
        Rel::CouncilParent,
        "parent",
        Kind::Council,
        Kind::Council,
        "parent",
        "committees",
    ),
    row(
        Rel::Seat,
        "seat",
        Kind::Council,
        Kind::City,
        "seat",
        "seat_of",
    ),
    row(
        Rel::Member,
        "members.city",
        Kind::Council,
        Kind::City,
        "members",
        "memberships",
    ),
    row(
        Rel::Place,
        "city",
        Kind::Event,
        Kind::City,
        "place",
        "events_held",
    ),
    row(
        Rel::EventCouncil,
        "councils",
        Kind::Event,
        Kind::Council,
        "councils",
        "events",
    ),
    row(
        Rel::Host,
        "hosts",
        Kind::Event,
        Kind::City,
        "hosts",
        "hosted",
    ),
    row(
        Rel::Participant,
        "participants",
        Kind::Event,
        Kind::City,
        "participants",
        "participated_in",
    ),
];

impl Rel {
    pub fn def(self) -> &'static Relation {
        &RELATIONS[self as usize]
    }
}

/// A reference as written: its relation, which item of the field it is (the
/// 3rd member, the 2nd tie) so views can read the item's other fields, and
/// the slug with its position.
pub struct Reference<'a> {
    pub rel: Rel,
    pub item: usize,
    pub slug: &'a Ref,
}

/// The references an entity's data makes, in the order they are written.
pub trait References {
    fn references(&self) -> Vec<Reference<'_>>;
}

fn each<'a, T>(
    rel: Rel,
    items: &'a [T],
    slug: impl Fn(&'a T) -> Option<&'a Ref>,
) -> impl Iterator<Item = Reference<'a>> {
    items
        .iter()
        .enumerate()
        .filter_map(move |(item, x)| slug(x).map(|slug| Reference { rel, item, slug }))
}

impl<T> References for City<T> {
    fn references(&self) -> Vec<Reference<'_>> {
        let mut out: Vec<Reference<'_>> =
            each(Rel::CityParent, self.parent.as_slice(), Some).collect();
        out.extend(each(Rel::Tie, &self.ties, |t| Some(&t.city)));
        out.extend(each(Rel::TieEvent, &self.ties, |t| t.event.as_ref()));
        out
    }
}

impl<T> References for Council<T> {
    fn references(&self) -> Vec<Reference<'_>> {
        let mut out: Vec<Reference<'_>> =
            each(Rel::CouncilParent, self.parent.as_slice(), Some).collect();
        out.extend(each(Rel::Seat, self.seat.as_slice(), Some));
        out.extend(each(Rel::Member, &self.members, |m| Some(&m.city)));
        out
    }
}

impl<T> References for Event<T> {
    fn references(&self) -> Vec<Reference<'_>> {
        let mut out: Vec<Reference<'_>> = each(Rel::Place, self.city.as_slice(), Some).collect();
        out.extend(each(Rel::EventCouncil, &self.councils, Some));
        out.extend(each(Rel::Host, &self.hosts, Some));
        out.extend(each(Rel::Participant, &self.participants, Some));
        out
    }
}

/// A relation with its two kinds in its type, for typed lookups:
/// `graph.targets(PARTICIPANTS, event)` gives `Id<City>`s.
pub struct Link<F, T> {
    pub rel: Rel,
    kinds: PhantomData<fn() -> (F, T)>,
}

impl<F, T> Clone for Link<F, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F, T> Copy for Link<F, T> {}

const fn link<F: Kinded, T: Kinded>(rel: Rel) -> Link<F, T> {
    Link {
        rel,
        kinds: PhantomData,
    }
}

pub const CITY_PARENT: Link<City, City> = link(Rel::CityParent);
pub const COUNCIL_PARENT: Link<Council, Council> = link(Rel::CouncilParent);
pub const SEAT: Link<Council, City> = link(Rel::Seat);
pub const MEMBERS: Link<Council, City> = link(Rel::Member);
pub const PLACE: Link<Event, City> = link(Rel::Place);
pub const EVENT_COUNCILS: Link<Event, Council> = link(Rel::EventCouncil);
pub const HOSTS: Link<Event, City> = link(Rel::Host);
pub const PARTICIPANTS: Link<Event, City> = link(Rel::Participant);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_rel_order_and_typed_handles_match_it() {
        for (i, r) in RELATIONS.iter().enumerate() {
            assert_eq!(r.rel as usize, i, "{:?}", r.rel);
        }
        assert_eq!(PARTICIPANTS.rel.def().back, "participated_in");
        assert_eq!(PARTICIPANTS.rel.def().from, Kind::Event);
        assert_eq!(MEMBERS.rel.def().to, Kind::City);
    }
}
