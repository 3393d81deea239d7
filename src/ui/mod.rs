//! The widget kit every provider's views are made of. Each widget is compiled once for
//! the whole console (see ARCHITECTURE.md, "Weight"): `keyed_list` instead of a `<For>`
//! per site, `show_if` instead of `<Show>`, `Busy` instead of `Action`.

pub mod busy;
pub mod confirm_dialog;
pub mod heading;
pub mod keyed_list;
pub mod long_text;
pub mod notice;
pub mod reveal_button;
pub mod review;
pub mod show_if;
pub mod text_field;
pub mod time;
