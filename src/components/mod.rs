//! One component per file.

pub mod confirm_dialog;
pub mod connect_form;
pub mod consistency_settings;
pub mod header_editor;
pub mod keyed_list;
pub mod long_text;
pub mod notice;
pub mod recorded_deliveries;
pub mod reveal_button;
pub mod show_if;
pub mod test_events;
pub mod text_field;
pub mod timeout_field;
pub mod trigger_counts;
pub mod trigger_picker;
pub mod verification_keys;
pub mod verify_delivery;
pub mod webhook_detail;
pub mod webhook_edit;
pub mod webhook_form;
pub mod webhook_list;
