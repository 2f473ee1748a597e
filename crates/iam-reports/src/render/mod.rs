pub mod html;
pub mod markdown;
mod svg;
