//! What changed between two versions of an object, field by field, for the review shown
//! before every save and for a change made by someone else meanwhile. Pure and the same
//! for every API: a provider lists an object's fields ([`Field`]), this compares two
//! lists. Secret values are compared as they are but only ever shown as hints.

use crate::format::secret_hint;

/// One value of an object as the admin reads it. A label may hold several values (the
/// values of a header, the triggers or patterns of a webhook): they are compared as a set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
    pub secret: bool,
}

impl Field {
    pub fn plain(label: &str, value: &str) -> Self {
        Self {
            label: label.to_owned(),
            value: value.to_owned(),
            secret: false,
        }
    }

    /// A value shown only as a hint (`sk••••••abcd`).
    pub fn secret(label: &str, value: &str) -> Self {
        Self {
            secret: true,
            ..Self::plain(label, value)
        }
    }

    fn shown(&self) -> String {
        if self.secret {
            secret_hint(&self.value)
        } else {
            self.value.clone()
        }
    }
}

/// One row of a review: `before` is `None` for a value added, `after` for one removed.
/// Both are as shown (hints for secrets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The rows that turn `before` into `after`, in the order of the labels' first
/// appearance (`after`'s, then those only in `before`). Per label, a value removed and
/// one added pair up as one replaced row; the rest are added or removed rows.
pub fn changes(before: &[Field], after: &[Field]) -> Vec<Change> {
    let mut labels: Vec<&str> = Vec::new();
    for f in after.iter().chain(before) {
        if !labels.contains(&f.label.as_str()) {
            labels.push(&f.label);
        }
    }
    let mut out = Vec::new();
    for label in labels {
        let of = |list: &[Field]| -> Vec<Field> {
            list.iter().filter(|f| f.label == label).cloned().collect()
        };
        let (mut gone, mut new) = (of(before), of(after));
        // What both sides hold, value for value, is unchanged.
        gone.retain(|g| match new.iter().position(|n| n.value == g.value) {
            Some(i) => {
                new.remove(i);
                false
            }
            None => true,
        });
        let paired = gone.len().max(new.len());
        for i in 0..paired {
            out.push(Change {
                field: label.to_owned(),
                before: gone.get(i).map(Field::shown),
                after: new.get(i).map(Field::shown),
            });
        }
    }
    out
}

/// The rows of a create: every value it sends, in order. A value left empty is not sent,
/// so it has no row.
pub fn created(after: &[Field]) -> Vec<Change> {
    let sent: Vec<Field> = after
        .iter()
        .filter(|f| !f.value.is_empty())
        .cloned()
        .collect();
    changes(&[], &sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(field: &str, before: Option<&str>, after: Option<&str>) -> Change {
        Change {
            field: field.into(),
            before: before.map(Into::into),
            after: after.map(Into::into),
        }
    }

    #[test]
    fn equal_objects_have_no_changes() {
        let a = [Field::plain("Name", "n"), Field::secret("Header X", "s")];
        assert_eq!(changes(&a, &a), []);
    }

    #[test]
    fn a_changed_field_reads_old_then_new() {
        let before = [Field::plain("Name", "Billing"), Field::plain("URL", "u")];
        let after = [Field::plain("Name", "Orders"), Field::plain("URL", "u")];
        assert_eq!(
            changes(&before, &after),
            [row("Name", Some("Billing"), Some("Orders"))]
        );
    }

    #[test]
    fn secrets_are_compared_whole_but_shown_as_hints() {
        // Same hint, different values: still a change, and no value shown.
        let before = [Field::secret("Header X-Key", "sk_live_00000000abcd")];
        let after = [Field::secret("Header X-Key", "sk_live_11111111abcd")];
        let rows = changes(&before, &after);
        assert_eq!(
            rows,
            [row("Header X-Key", Some("••••••abcd"), Some("••••••abcd"))]
        );
        let text = format!("{rows:?}");
        assert!(!text.contains("0000") && !text.contains("1111"), "{text}");
    }

    #[test]
    fn set_values_are_added_removed_or_replaced() {
        let before = [
            Field::plain("Pattern", "a.*"),
            Field::plain("Pattern", "b.*"),
            Field::plain("Pattern", "c.*"),
        ];
        let after = [
            Field::plain("Pattern", "c.*"),
            Field::plain("Pattern", "a.*"),
            Field::plain("Pattern", "d.*"),
            Field::plain("Pattern", "e.*"),
            Field::plain("Header X-New", "value-of-header"),
        ];
        assert_eq!(
            changes(&before, &after),
            [
                row("Pattern", Some("b.*"), Some("d.*")),
                row("Pattern", None, Some("e.*")),
                row("Header X-New", None, Some("value-of-header")),
            ]
        );
        assert_eq!(
            changes(&after[..2], &before[..1]),
            [row("Pattern", Some("c.*"), None)]
        );
    }

    #[test]
    fn a_removed_label_comes_last() {
        let before = [
            Field::secret("Header X-Old", "x"),
            Field::plain("Name", "n"),
        ];
        let after = [Field::plain("Name", "n")];
        assert_eq!(
            changes(&before, &after),
            [row("Header X-Old", Some("••••••"), None)]
        );
    }

    #[test]
    fn a_create_lists_what_it_sends_and_skips_empty_values() {
        let after = [
            Field::plain("Name", "Orders"),
            Field::plain("Description", ""),
            Field::secret("Header X-Key", "sk_live_00000000abcd"),
            Field::plain("Pattern", "user.*"),
            Field::plain("Pattern", "vm.*"),
        ];
        assert_eq!(
            created(&after),
            [
                row("Name", None, Some("Orders")),
                row(
                    "Header X-Key",
                    None,
                    Some(&secret_hint("sk_live_00000000abcd"))
                ),
                row("Pattern", None, Some("user.*")),
                row("Pattern", None, Some("vm.*")),
            ]
        );
    }
}
