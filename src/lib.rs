#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The README shows a property test as a user writes it, `#[test]` included; it compiles here and
// `tests/arb_example.rs` runs the same kind of test.
#![allow(clippy::test_attr_in_doctest)]

#[cfg(feature = "proptest")]
pub mod arb;
mod bundled;
mod check;
pub mod draw;
mod error;
#[cfg(feature = "rdf")]
pub mod export;
#[cfg(feature = "generate")]
pub mod generate;
pub mod import;
pub mod io;
pub mod model;
pub mod query;
pub mod reason;
pub mod store;
mod text;

#[doc(hidden)]
pub use bundled::FILES as BUNDLED_FILES;
pub use bundled::bundled;
pub use error::Error;
pub use io::{LoadError, LoadReport, load, load_strict, load_with, load_with_report};
pub use store::Graph;
