//! The IAM Playground web app. State lives in one reducer (`state`), analysis
//! is a pure function of the state (`analysis`), components render plain data
//! (`components`), `persist` keeps work in storage and share links, and
//! `autosave` saves it (localStorage, else IndexedDB) and tells when it cannot.

pub mod analysis;
pub mod app;
pub mod autosave;
pub mod components;
pub mod data;
pub mod download;
pub mod highlight;
pub mod hooks;
pub mod idb;
pub mod org_rows;
pub mod persist;
pub mod startup;
pub mod state;
pub mod worker;
