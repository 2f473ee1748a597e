//! One component per file; props are plain data with `PartialEq`.

pub mod decision_panel;
pub mod policy_editor;
pub mod request_panel;
