//! Sets and counts of ids (webhook ids, the keys of fields a form has seen, the trigger
//! names a picker selects), kept as sorted vectors. Why not `HashSet`/`HashMap`/`BTreeSet`:
//! std's hash tables with their SipHash hasher cost the download about 8 KB of wasm for
//! these few uses, a `BTreeSet` about 5 KB more, while the sets hold dozens of ids and the
//! counts one per webhook seen: a binary search finds one at once.

/// A set, kept sorted: of ids (`IdSet`), or of the static names a picker selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedSet<T>(Vec<T>);

/// A set of ids.
pub type IdSet = SortedSet<String>;

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    fn find<Q: Ord + ?Sized>(&self, item: &Q) -> Result<usize, usize>
    where
        T: std::borrow::Borrow<Q>,
    {
        self.0.binary_search_by(|x| x.borrow().cmp(item))
    }

    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
    {
        self.find(item).is_ok()
    }

    /// `false` when `item` was already there.
    pub fn insert(&mut self, item: T) -> bool {
        match self.find(&item) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, item);
                true
            }
        }
    }

    /// `false` when `item` was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
    {
        match self.find(item) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// In order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = SortedSet::default();
        for item in items {
            set.insert(item);
        }
        set
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    /// In order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A number per id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdCounts(Vec<(String, usize)>);

impl IdCounts {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(x, _)| x.as_str().cmp(id))
    }

    pub fn get(&self, id: &str) -> Option<usize> {
        self.find(id).ok().map(|at| self.0[at].1)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    pub fn insert(&mut self, id: &str, count: usize) {
        match self.find(id) {
            Ok(at) => self.0[at].1 = count,
            Err(at) => self.0.insert(at, (id.to_owned(), count)),
        }
    }

    pub fn remove(&mut self, id: &str) {
        if let Ok(at) = self.find(id) {
            self.0.remove(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_each_id_once() {
        let mut set: IdSet = ["b", "a", "b"].map(String::from).into_iter().collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains("a") && set.contains("b") && !set.contains("c"));
        assert!(!set.insert("a".into()));
        assert!(set.insert("c".into()));
        assert!(set.remove("a"));
        assert!(!set.remove("a"));
        assert!(!set.contains("a"));
        set.clear();
        assert!(set.is_empty());
    }

    #[test]
    fn counts_are_found_replaced_and_removed() {
        let mut counts = IdCounts::default();
        for (i, id) in ["w9", "w1", "w5"].into_iter().enumerate() {
            counts.insert(id, i);
        }
        assert_eq!(counts.get("w1"), Some(1));
        counts.insert("w1", 7);
        assert_eq!(counts.get("w1"), Some(7));
        assert_eq!(counts.get("w2"), None);
        counts.remove("w9");
        assert!(!counts.contains("w9") && counts.contains("w5"));
    }
}
