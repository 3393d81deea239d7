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

/// What an action came to, said under it: whether it went as asked, and in words. One type
/// for every view (each signal type is compiled anew in the wasm).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    pub text: String,
}
