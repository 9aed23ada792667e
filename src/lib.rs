#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
pub mod io;
pub mod model;
pub mod query;
pub mod reason;
pub mod store;
mod text;

pub use error::Error;
pub use io::{LoadError, LoadReport, load, load_with};
pub use store::Graph;
