//! The IAM Playground web app. State lives in one reducer (`state`), analysis
//! is a pure function of the state (`analysis`), components render plain data
//! (`components`), and `persist` keeps work in localStorage and share links.

pub mod analysis;
pub mod app;
pub mod components;
pub mod data;
pub mod highlight;
pub mod hooks;
pub mod org_rows;
pub mod persist;
pub mod startup;
pub mod state;
pub mod worker;
