//! Property tests of what a clone shares: a clone of a graph, and its reasoned graph, read
//! exactly as a graph built from scratch by the same writes, whatever is written afterwards
//! to either side.

use proptest::prelude::*;

use crate::Graph;
use crate::arb::{self, Write};

/// Everything a graph reads, by positions and slugs, so that graphs whose handles differ
/// compare: every entity and claim (as the JSON snapshot writes them), every index list, the
/// chronological order, and the slug and name lookups.
fn dump(graph: &Graph) -> Vec<String> {
    let mut dump = super::index::tests::lists(graph);
    dump.push(crate::io::to_json(graph));
    for (id, entity) in graph.entity_views() {
        let by_slug = graph.by_slug(entity.slug).map(|e| e.index());
        let named: Vec<_> = entity
            .names()
            .map(|n| {
                let found: Vec<_> = graph.lookup(n).iter().map(|e| e.index()).collect();
                (n.to_owned(), found)
            })
            .collect();
        let rank = graph.name_rank(id);
        dump.push(format!("{} {by_slug:?} {named:?} {rank:?}", id.index()));
    }
    dump
}

/// Applies `writes` to `graph`, then folds what they added into its shared columns if
/// `compact` (so that later clones share it too).
fn apply(graph: &mut Graph, writes: &[Write], compact: bool) {
    for write in writes {
        let _ = write.apply(graph);
    }
    if compact {
        graph.compact();
    }
}

/// A graph built from scratch by the writes, with the same compactions.
fn fresh(graph: &Graph, steps: &[(&[Write], bool)]) -> Graph {
    let mut fresh = Graph::new(graph.schema().clone());
    for (writes, compact) in steps {
        apply(&mut fresh, writes, *compact);
    }
    fresh
}

proptest! {
    #![proptest_config(arb::config(24))]

    /// Over the bundled schema (whose rules infer events and claims): a graph, compacted so
    /// that its columns are shared; a clone; then different writes to each, a compaction of
    /// either or not, and more writes. Each side reads as a graph built from scratch by its
    /// own writes, and so does its reasoned graph.
    #[test]
    fn a_clone_reads_like_a_deep_copy_after_writes_to_either_side(
        first in arb::writes(crate::bundled().schema()),
        left in arb::writes(crate::bundled().schema()),
        right in arb::writes(crate::bundled().schema()),
        more in arb::writes(crate::bundled().schema()),
        compact_left in any::<bool>(),
        compact_right in any::<bool>(),
    ) {
        let schema = crate::bundled().schema().clone();
        let mut original = Graph::new(schema);
        apply(&mut original, &first, true);
        let before = dump(&original);
        let mut clone = original.clone();
        prop_assert!(original.n_entities() == 0 || original.entities.shares(&clone.entities));
        prop_assert_eq!(dump(&clone), before.clone());
        // The reasoned graph of the original shares its columns too, and reads as the
        // reasoned graph of a copy.
        prop_assert_eq!(dump(original.reasoned()), dump(fresh(&original, &[(&first, true)]).reasoned()));
        prop_assert_eq!(dump(&original), before.clone(), "reasoning changed nothing recorded");
        apply(&mut original, &left, compact_left);
        apply(&mut clone, &right, compact_right);
        apply(&mut original, &more, false);
        apply(&mut clone, &more, false);
        let expect_left = fresh(&original, &[(&first, true), (&left, compact_left), (&more, false)]);
        let expect_right = fresh(&clone, &[(&first, true), (&right, compact_right), (&more, false)]);
        prop_assert_eq!(dump(&original), dump(&expect_left));
        prop_assert_eq!(dump(&clone), dump(&expect_right));
        prop_assert_eq!(dump(original.reasoned()), dump(expect_left.reasoned()));
        prop_assert_eq!(dump(clone.reasoned()), dump(expect_right.reasoned()));
        prop_assert_eq!(dump(&original), dump(&expect_left));
        prop_assert_eq!(dump(&clone), dump(&expect_right));
    }
}

/// A name in the frozen layer of the name table that a write gives another entity: the
/// writer's lookups answer with both, the other graph's with the first only, and a freeze
/// into an unshared layer (which merges the two entries) keeps the answer.
#[test]
fn a_name_in_both_layers_answers_with_every_entity() {
    let bundled = crate::bundled();
    let mut original = Graph::new(bundled.schema().clone());
    for (_, entity) in bundled.entities() {
        original.add_entity(entity.clone()).expect("valid");
    }
    original.compact();
    let cc = original.by_slug("cc-1934").expect("bundled");
    let (name, kind) = (original.entity(cc).name.clone(), original.entity(cc).kind);
    let alias = "1934 central committee";
    assert_eq!(original.lookup(alias), &[cc]);
    let twin = |slug: &str| {
        let mut entity = crate::model::Entity::new(slug.parse().expect("valid"), kind, &*name);
        entity.aliases.push(alias.to_owned());
        entity
    };
    let mut clone = original.clone();
    let first = clone.add_entity(twin("cc-twin")).expect("valid");
    assert_eq!(clone.lookup(&name), &[cc, first]);
    assert_eq!(clone.lookup(alias), &[cc, first]);
    assert_eq!(original.lookup(&name), &[cc]);
    clone.compact();
    assert_eq!(clone.lookup(alias), &[cc, first]);
    drop(clone);
    // Unshared now: the freeze merges the tail into the frozen layer.
    let second = original.add_entity(twin("cc-twin-2")).expect("valid");
    let third = original.add_entity(twin("cc-twin-3")).expect("valid");
    original.compact();
    assert_eq!(original.lookup(&name), &[cc, second, third]);
    assert_eq!(original.lookup(alias), &[cc, second, third]);
    assert_eq!(original.by_slug("cc-twin-3"), Some(third));
    let fourth = original.add_entity(twin("cc-twin-4")).expect("valid");
    assert_eq!(original.lookup(alias), &[cc, second, third, fourth]);
}
