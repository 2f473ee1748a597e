//! The IAM Playground web app. State lives in one reducer (`state`), analysis
//! is a pure function of the state (`analysis`), components render plain data.

pub mod analysis;
pub mod app;
pub mod components;
pub mod state;
