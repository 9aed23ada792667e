//! The crate's error: one variant per stage, each wrapping that stage's own error type.

use crate::io::LoadError;
use crate::model::{DateError, QuantityError, SchemaError, SlugError};
use crate::store::GraphError;

/// Any error from annals.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing files.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A write the store refused.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// An inconsistent schema.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A date that does not parse.
    #[error(transparent)]
    Date(#[from] DateError),
    /// A figure that does not parse.
    #[error(transparent)]
    Quantity(#[from] QuantityError),
    /// A query that cannot be run.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// An invalid id.
    #[error(transparent)]
    Slug(#[from] SlugError),
    /// A graph that could not be saved.
    #[error(transparent)]
    Save(#[from] crate::io::SaveError),
    /// Reading or writing a file of one's own (`?` on `std::fs` calls in a function that
    /// returns `annals::Error`).
    ///
    /// ```
    /// fn read_and_query() -> Result<usize, annals::Error> {
    ///     let text = std::fs::read_to_string("data/schema.toml")?;
    ///     let graph = annals::bundled();
    ///     Ok(text.len() + graph.query("people")?.len())
    /// }
    /// assert!(read_and_query()? > 0);
    /// # Ok::<_, annals::Error>(())
    /// ```
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
