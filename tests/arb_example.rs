//! The README's property-testing example, as a user writes it: an invariant of one's own,
//! checked on graphs that `annals::arb` generates for a schema built in code.

use annals::model::{EventKindSpec, RelationSpec, Schema};
use annals::query::Status;
use proptest::prelude::*;

fn schema() -> Schema {
    Schema::builder()
        .kind("person", "people")
        .kind("institution", "institutions")
        .source_kind("source", "sources")
        .event_kind("event", "events")
        .relation(
            RelationSpec::link("member_of", ["person"], ["institution"])
                .forward(["memberships"])
                .inverse(["members"]),
        )
        .event(EventKindSpec::new("arrest").participles(["arrested"]))
        .event(
            EventKindSpec::new("execution")
                .participles(["executed", "shot"])
                .ends_life(),
        )
        .build()
        .expect("a valid schema")
}

proptest! {
    #![proptest_config(annals::arb::config(32))]

    /// Whoever `members of X executed` lists, `people executed` lists too, and no more surely.
    #[test]
    fn executed_members_are_executed_people(graph in annals::arb::graph(&schema())) {
        let people = graph.query("people executed").unwrap();
        for body in graph.of_kind(graph.schema().kind("institution").unwrap()) {
            let slug = &graph.entity(*body).slug;
            let members = graph.query(&format!("members of {slug} executed")).unwrap();
            for row in &members {
                let person = people.rows().iter().find(|p| p.entity == row.entity);
                prop_assert!(person.is_some(), "{} is missing", row.id);
                if row.status == Status::Yes {
                    prop_assert_eq!(person.map(|p| p.status), Some(Status::Yes));
                }
            }
        }
    }

    /// Every generated query over the schema gets an answer, never an error.
    #[test]
    fn generated_queries_get_answers(
        (graph, query) in annals::arb::graph(&schema())
            .prop_flat_map(|g| (Just(g.clone()), annals::arb::query(&g)))
    ) {
        prop_assert!(graph.query(&query).is_ok(), "{}", query);
    }
}
