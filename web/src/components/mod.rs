//! One component per file; props are plain data with `PartialEq`; shared
//! state comes from `hooks::use_app()`.

pub mod account_graph;
pub mod ask;
pub mod coming;
pub mod csv;
pub mod decision_panel;
pub mod entity_panel;
pub mod help;
pub mod matrix;
pub mod notice;
pub mod org_tree;
pub mod policy_editor;
pub mod request_panel;
pub mod results_panel;
pub mod topbar;
pub mod what_can;
pub mod who_can;
pub mod workshop;
