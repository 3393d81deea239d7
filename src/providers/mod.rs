//! The shell boundary: which API a console speaks. One enum, one `match`, each arm behind
//! its cargo feature, so a one-provider build (what `cargo xtask dist` ships per API)
//! holds one arm and none of the other APIs' code.
//!
//! Each provider lives in its own folder with its client, its error mapping, its routes,
//! its words and its views; its rules and wire types are the rules crate's module of the
//! same name.

#[cfg(feature = "droplit")]
pub mod droplit;
#[cfg(feature = "instavm")]
pub mod instavm;
#[cfg(feature = "slashid")]
pub mod slashid;

use leptos::prelude::AnyView;
use wasm_bindgen::prelude::*;

use crate::host::{self, ConsoleHandle, Start};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    #[cfg(feature = "slashid")]
    SlashId,
    #[cfg(feature = "instavm")]
    InstaVm,
    #[cfg(feature = "droplit")]
    Droplit,
}

/// Every provider this build has, by the name a host gives (`provider: "slashid"`).
pub const BUILT: &[(&str, Provider)] = &[
    #[cfg(feature = "slashid")]
    ("slashid", Provider::SlashId),
    #[cfg(feature = "instavm")]
    ("instavm", Provider::InstaVm),
    #[cfg(feature = "droplit")]
    ("droplit", Provider::Droplit),
];

impl Provider {
    /// The provider a host asked for; none named means the first this build has
    /// (SlashID when built: deployments from before the other APIs name none).
    pub fn parse(name: Option<&str>) -> Result<Provider, String> {
        let wanted = name.map(str::trim).filter(|n| !n.is_empty());
        let found = match wanted {
            None => BUILT.first(),
            Some(w) => BUILT.iter().find(|(n, _)| n.eq_ignore_ascii_case(w)),
        };
        found.map(|(_, p)| *p).ok_or_else(|| {
            let mut text = String::from("webhook-console: unknown provider \"");
            text.push_str(wanted.unwrap_or_default());
            text.push_str("\" (this build has:");
            for (n, _) in BUILT {
                text.push_str(" \"");
                text.push_str(n);
                text.push('"');
            }
            text.push(')');
            text
        })
    }

    fn start(self, start: Start) -> AnyView {
        match self {
            #[cfg(feature = "slashid")]
            Provider::SlashId => slashid::start(start),
            #[cfg(feature = "instavm")]
            Provider::InstaVm => instavm::start(start),
            #[cfg(feature = "droplit")]
            Provider::Droplit => droplit::start(start),
        }
    }
}

/// Mounts a console into `element`. `options`: `apiBase`, `orgId`, `provider`
/// (`"slashid"`, `"instavm"`, `"droplit"`: one of those this build has), `theme`
/// (`light`|`dark`|`auto`), `hashRouting`, `apiKey` or `getCredentials` (an async
/// function giving `{ headers }`), `shadow` (default true), `cssUrl`, `chrome`
/// (`"none"` hides the brand and version header) and `headingLevel` (2 to 6, the level of
/// the views' titles): see `host::Outline`.
#[wasm_bindgen(js_name = mount)]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<ConsoleHandle, JsValue> {
    let opts = host::read_options(&options);
    let provider = Provider::parse(opts.provider.as_deref())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e)))?;
    host::mount_with(element, &options, opts, move |start| provider.start(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "slashid")]
    fn no_provider_named_is_slashid() {
        assert_eq!(Provider::parse(None), Ok(Provider::SlashId));
        assert_eq!(Provider::parse(Some(" ")), Ok(Provider::SlashId));
        assert_eq!(Provider::parse(Some("SlashID")), Ok(Provider::SlashId));
    }

    #[test]
    #[cfg(feature = "instavm")]
    fn instavm_is_named_instavm() {
        assert_eq!(Provider::parse(Some("instavm")), Ok(Provider::InstaVm));
        assert_eq!(Provider::parse(Some(" InstaVM ")), Ok(Provider::InstaVm));
    }

    #[test]
    #[cfg(feature = "droplit")]
    fn droplit_is_named_droplit() {
        assert_eq!(Provider::parse(Some("droplit")), Ok(Provider::Droplit));
        assert_eq!(Provider::parse(Some(" Droplit ")), Ok(Provider::Droplit));
    }

    #[test]
    fn an_unknown_provider_is_refused_with_the_built_ones() {
        let err = Provider::parse(Some("svix")).unwrap_err();
        assert!(err.contains("\"svix\""), "{err}");
        for (name, _) in BUILT {
            assert!(err.contains(name), "{err}");
        }
    }
}
