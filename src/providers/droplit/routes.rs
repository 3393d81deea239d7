//! The console's view as a location hash (`#/webhooks/<id>`), for hosts that turn on
//! hash routing. Pure, so it is tested natively.
//!
//! Droplit's ids are checked by the rules' id rule (letters, digits, `-` and `_`), so a
//! hash holds an id as it is: nothing to percent-encode, and a hash whose id Droplit would
//! refuse ("invalid id") is not the console's.

use webhook_rules::droplit::validate_webhook_id;

use crate::providers::droplit::state::View;

/// The hash for a view; `None` for the connect form (meaningless in a shared link), and
/// for a webhook whose id the rules would refuse (the hash is then left as it is).
pub fn hash_of(view: &View) -> Option<String> {
    let id_ok = |id: &str| validate_webhook_id(id).is_ok();
    Some(match view {
        View::Connect => return None,
        View::List => "#/webhooks".to_owned(),
        View::Create => "#/webhooks/new".to_owned(),
        View::Detail(id) if id_ok(id) => format!("#/webhooks/{id}"),
        View::Edit(id) if id_ok(id) => format!("#/webhooks/{id}/edit"),
        View::Detail(_) | View::Edit(_) => return None,
        View::Verify => "#/verify".to_owned(),
    })
}

/// The view a hash names; `None` for a hash that is not the console's (the host may use
/// the hash for its own anchors), so that it is left alone.
pub fn view_of(hash: &str) -> Option<View> {
    let path = hash.strip_prefix('#')?.strip_prefix('/')?;
    let parts: Vec<&str> = path.split('/').collect();
    let id = |id: &str| validate_webhook_id(id).is_ok().then(|| id.to_owned());
    Some(match parts.as_slice() {
        ["webhooks"] | ["webhooks", ""] => View::List,
        ["webhooks", "new"] => View::Create,
        ["webhooks", w] => View::Detail(id(w)?),
        ["webhooks", w, "edit"] => View::Edit(id(w)?),
        ["verify"] => View::Verify,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_round_trips() {
        for view in [
            View::List,
            View::Create,
            View::Detail("W5a1b2c3d4e5f6a7b8c9d0e1f".into()),
            View::Detail("my-hook_2".into()),
            View::Edit("W5a1b2c3d4e5f6a7b8c9d0e1f".into()),
            View::Verify,
        ] {
            let hash = hash_of(&view).unwrap();
            assert_eq!(view_of(&hash), Some(view.clone()), "{hash}");
        }
    }

    #[test]
    fn a_webhook_called_new_is_the_create_form() {
        // inferred: as in SlashID's console; Droplit's ids are ObjectId-like in practice.
        assert_eq!(view_of("#/webhooks/new"), Some(View::Create));
    }

    #[test]
    fn ids_droplit_would_refuse_have_no_hash() {
        assert_eq!(hash_of(&View::Detail("odd/id #1".into())), None);
        assert_eq!(hash_of(&View::Edit(String::new())), None);
        assert_eq!(hash_of(&View::Connect), None);
    }

    #[test]
    fn foreign_hashes_are_left_alone() {
        for hash in [
            "",
            "#",
            "#top",
            "#/",
            "#/billing",
            "#/webhooks/a/b/c",
            "#/webhooks/a%2Fb",
            "#/webhooks/é",
            "#/webhooks//edit",
            "#/keys",
        ] {
            assert_eq!(view_of(hash), None, "{hash}");
        }
    }
}
