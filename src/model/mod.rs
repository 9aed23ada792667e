//! The model: ids, the schema, entities, claims, dates and quantities.
//!
//! Everything here is plain data with no graph behind it; the [`crate::store`] owns the graph and
//! checks that claims fit the schema.

mod builder;
mod claim;
pub mod date;
mod entity;
mod id;
mod invariant;
mod name;
pub mod quantity;
mod rule;
mod schema;
pub mod truth;

pub use builder::{EventKindSpec, RelationSpec, SchemaBuilder};
pub use claim::{Certainty, CertaintyError, Citation, Claim, Fact, Rank, RankError, Value};
pub use date::{Calendar, Date, DateError, Day, Precision};
pub use entity::{Entity, SourceInfo};
pub use id::{ClaimId, EntityId, EventKindId, KindId, RelationId, Slug, SlugError};
pub use invariant::Invariant;
pub(crate) use name::normalize_into;
pub use name::{nearest, normalize};
pub use quantity::{Bound, Quantity, QuantityError};
pub use rule::{Aggregate, Order, OrderError, Rule, RuleForm};
pub use schema::{
    EventKindDef, KindDef, LiteralType, Phrase, RESERVED_WORDS, RelationDef, Schema, SchemaError,
    Target,
};
pub use truth::Truth;
