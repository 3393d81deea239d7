//! SlashID's views, one file per screen or part of one.

pub mod connect_form;
pub mod consistency_settings;
pub mod header_editor;
pub mod recorded_deliveries;
pub mod test_events;
pub mod timeout_field;
pub mod trigger_counts;
pub mod trigger_picker;
pub mod verification_keys;
pub mod verify_delivery;
pub mod webhook_detail;
pub mod webhook_edit;
pub mod webhook_form;
pub mod webhook_list;
