//! The JSON document's own types, which serde reads and writes; converted to and from the
//! model in `convert.rs`.

use serde::{Deserialize, Serialize};

use crate::model::{Date, Quantity};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GraphJson {
    pub(super) format: String,
    pub(super) schema: SchemaJson,
    pub(super) entities: Vec<EntityJson>,
    pub(super) claims: Vec<ClaimJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SchemaJson {
    pub(super) kinds: Vec<KindJson>,
    pub(super) relations: Vec<RelationJson>,
    pub(super) event_kinds: Vec<EventKindJson>,
    pub(super) source_kind: String,
    pub(super) event_kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) invariants: Vec<InvariantJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) rules: Vec<RuleJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) aggregates: Vec<AggregateJson>,
}

/// A rule, in the same fields as a `[[rule]]` table of `schema.toml`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleJson {
    pub(super) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) implies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) exclusive: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) life_bounds: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InvariantJson {
    pub(super) name: String,
    pub(super) query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at_least: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) at_most: Option<usize>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AggregateJson {
    pub(super) relation: String,
    pub(super) counts: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) of: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KindJson {
    pub(super) name: String,
    pub(super) plural: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RelationJson {
    pub(super) name: String,
    pub(super) subject: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) object: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) value: Option<String>,
    pub(super) forward: Vec<String>,
    pub(super) inverse: Vec<String>,
    pub(super) roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) unit: Option<String>,
    #[serde(default)]
    pub(super) event_place: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) transitive: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) many_values: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EventKindJson {
    pub(super) name: String,
    pub(super) participles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) plural: Option<String>,
    pub(super) roles: Vec<String>,
    pub(super) patient: String,
    pub(super) ends_life: bool,
    pub(super) starts_life: bool,
    pub(super) posthumous: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityJson {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) period: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) event_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) source: Option<SourceJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClaimJson {
    pub(super) fact: FactJson,
    pub(super) citations: Vec<CitationJson>,
    pub(super) certainty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) rank: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) rank_reason: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum FactJson {
    Link {
        subject: String,
        relation: String,
        object: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        during: Option<Date>,
    },
    Value {
        subject: String,
        relation: String,
        value: ValueJson,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        role: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Date>,
    },
    Occurred {
        event: String,
        date: Date,
    },
    Participation {
        event: String,
        role: String,
        participant: String,
    },
    Never {
        subject: String,
        event_kind: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        during: Option<Date>,
    },
    Said {
        speaker: String,
        words: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        occasion: Option<String>,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum ValueJson {
    Number {
        figure: Quantity,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    Text(String),
    Date(Date),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CitationJson {
    pub(super) source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) locator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) quote: Option<String>,
}
