//! Typed entity ids: `Id<City>` is an index into the site's cities and cannot
//! be used where a council is meant.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use super::{City, Council, Event, Kind};

/// The entity kind a type stands for.
pub trait Kinded {
    const KIND: Kind;
}

impl<T> Kinded for City<T> {
    const KIND: Kind = Kind::City;
}
impl<T> Kinded for Council<T> {
    const KIND: Kind = Kind::Council;
}
impl<T> Kinded for Event<T> {
    const KIND: Kind = Kind::Event;
}

/// The position of an entity of kind `K` in the site's list of that kind.
pub struct Id<K> {
    index: usize,
    kind: PhantomData<fn() -> K>,
}

impl<K> Id<K> {
    /// Ids are made by the stages that own the lists, in load's order.
    pub fn new(index: usize) -> Id<K> {
        Id {
            index,
            kind: PhantomData,
        }
    }

    pub fn index(self) -> usize {
        self.index
    }
}

// Derives would demand the same traits of `K`; an id is a number whatever `K` is.
impl<K> Clone for Id<K> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K> Copy for Id<K> {}
impl<K> PartialEq for Id<K> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<K> Eq for Id<K> {}
impl<K> PartialOrd for Id<K> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<K> Ord for Id<K> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.index.cmp(&other.index)
    }
}
impl<K> Hash for Id<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
impl<K: Kinded> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", K::KIND.dir(), self.index)
    }
}
