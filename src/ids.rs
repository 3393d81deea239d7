//! Sets and counts of ids (webhook ids, the keys of fields a form has seen), kept as
//! sorted vectors. Why not `HashSet`/`HashMap`: std's hash tables, with their SipHash
//! hasher, cost the download about 8 KB of wasm for these few uses, while the sets hold
//! dozens of ids and the counts one per webhook seen: a binary search finds one at once.

/// A set of ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet(Vec<String>);

impl IdSet {
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|x| x.as_str().cmp(id))
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// `false` when `id` was already there.
    pub fn insert(&mut self, id: String) -> bool {
        match self.find(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// `false` when `id` was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.find(id) {
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

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }
}

impl FromIterator<String> for IdSet {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        let mut set = IdSet::default();
        for id in ids {
            set.insert(id);
        }
        set
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
