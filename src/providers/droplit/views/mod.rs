//! Droplit's views, one file per screen or part of one.

pub mod connect_form;
pub mod deliveries;
pub mod secret_input;
pub mod verify_delivery;
pub mod webhook_detail;
pub mod webhook_edit;
pub mod webhook_form;
pub mod webhook_list;
