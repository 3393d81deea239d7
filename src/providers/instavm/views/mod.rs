//! InstaVM's views, one file per screen or part of one.

pub mod connect_form;
pub mod deliveries;
pub mod endpoint_detail;
pub mod endpoint_edit;
pub mod endpoint_form;
pub mod endpoint_list;
pub mod pattern_editor;
pub mod secret_dialog;
pub mod verify_delivery;
