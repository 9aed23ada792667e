//! Graph algorithms over the claim edges (links subject → object, participations participant →
//! event), on petgraph: chains along transitive relations, the cycle check, shortest
//! connections between two entities. Everything is handed out as entity and claim handles.

use std::collections::{HashMap, VecDeque};

use petgraph::algo::{all_simple_paths, astar, dijkstra};
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoEdgeReferences};

use super::{Graph, node};
use crate::model::{ClaimId, EntityId, RelationId};

/// The most chains [`Graph::connections`] returns.
pub const MAX_CONNECTIONS: usize = 12;

impl Graph {
    /// The relation of a link claim, `None` for other claims.
    fn link_relation(&self, claim: ClaimId) -> Option<RelationId> {
        match self.claim_ref(claim).fact() {
            super::FactRef::Link { relation, .. } => Some(relation),
            _ => None,
        }
    }

    /// The shortest chain of links of `relations` from `from` to `to`, each link from its
    /// subject to its object, as claims in order; `Some(vec![])` when `from == to`, `None` when
    /// no chain exists. Uses petgraph's A* with unit costs on the links of those relations.
    ///
    /// Cost: O((V + E) log V) over the graph's links at worst.
    ///
    /// ```
    /// let graph = annals::load("tests/datasets/terror")?;
    /// let lies_in = graph.schema().relation("lies_in").unwrap();
    /// let (conciergerie, paris) = (graph.by_slug("conciergerie").unwrap(), graph.by_slug("paris").unwrap());
    /// assert_eq!(graph.chain(conciergerie, paris, &[lies_in]).map(|c| c.len()), Some(2));
    /// assert_eq!(graph.chain(paris, conciergerie, &[lies_in]), None);
    /// # Ok::<_, annals::Error>(())
    /// ```
    pub fn chain(
        &self,
        from: EntityId,
        to: EntityId,
        relations: &[RelationId],
    ) -> Option<Vec<ClaimId>> {
        if from == to {
            return Some(Vec::new());
        }
        if from.index() >= self.entities.len() || to.index() >= self.entities.len() {
            return None;
        }
        let fits = |claim: ClaimId| {
            self.link_relation(claim)
                .is_some_and(|r| relations.contains(&r))
        };
        let edges = self.edges();
        let filtered = EdgeFiltered::from_fn(edges, |e| fits(*e.weight()));
        let (_, nodes) = astar(&filtered, node(from), |n| n == node(to), |_| 1usize, |_| 0)?;
        nodes
            .windows(2)
            .map(|pair| {
                edges
                    .edges_connecting(pair[0], pair[1])
                    .map(|e| *e.weight())
                    .find(|c| fits(*c))
            })
            .collect()
    }

    /// Every entity that `from` reaches through links of `relations` (subject → object, or
    /// with `inverse` object → subject), each once with the shortest chain of claims that
    /// reaches it, nearest first; `from` itself is not included. Breadth-first over the
    /// relation indexes.
    ///
    /// Cost: O(links scanned + the total length of the chains returned): each reached entity's
    /// chain is a copy of its parent's plus one claim, so a long chain costs its length per
    /// entity on it; plus O(relations × log degree) per entity visited for the relation indexes.
    pub fn reach(
        &self,
        from: EntityId,
        relations: &[RelationId],
        inverse: bool,
    ) -> Vec<(EntityId, Vec<ClaimId>)> {
        let mut chains: HashMap<EntityId, Vec<ClaimId>> = HashMap::from([(from, Vec::new())]);
        let mut order = Vec::new();
        let mut queue = VecDeque::from([from]);
        while let Some(at) = queue.pop_front() {
            let path = chains.get(&at).cloned().unwrap_or_default();
            for relation in relations {
                for (claim, next) in self.links(at, *relation, inverse) {
                    if chains.contains_key(&next) {
                        continue;
                    }
                    let mut longer = path.clone();
                    longer.push(claim);
                    chains.insert(next, longer);
                    order.push(next);
                    queue.push_back(next);
                }
            }
        }
        order
            .into_iter()
            .map(|id| {
                let chain = chains.remove(&id).unwrap_or_default();
                (id, chain)
            })
            .collect()
    }

    /// The shortest chains of claims (links and participations, in either direction) that
    /// connect `a` and `b`, at most `max_hops` claims long, skipping claims `admit` refuses;
    /// at most [`MAX_CONNECTIONS`] of them. Each chain is the claims from `a` to `b` in order,
    /// with the entity each one reaches. Empty when they are not connected within the limit.
    ///
    /// The length comes from petgraph's Dijkstra (unit costs, from both ends) over an undirected
    /// copy of the admitted claim edges; the chains of that length from its `all_simple_paths`
    /// over the edges that lie on a shortest chain, so every step it takes leads to `b`.
    ///
    /// Cost: O((V + E) log V) for the copy and the distances, then O(hops) per chain returned.
    pub fn connections(
        &self,
        a: EntityId,
        b: EntityId,
        max_hops: usize,
        admit: impl Fn(ClaimId) -> bool,
    ) -> Vec<Vec<(ClaimId, EntityId)>> {
        let n = self.entities.len();
        if a == b || a.index() >= n || b.index() >= n || max_hops == 0 {
            return Vec::new();
        }
        // The admitted claims as an undirected graph with the same node numbers.
        let mut undirected: UnGraph<(), ClaimId> =
            UnGraph::with_capacity(n, self.edges().edge_count());
        for _ in 0..n {
            undirected.add_node(());
        }
        for e in self.edges().edge_references() {
            if admit(*e.weight()) {
                undirected.add_edge(e.source(), e.target(), *e.weight());
            }
        }
        // Distances from both ends (petgraph's Dijkstra with unit costs); a node lies on a
        // shortest chain when its two distances add up to the shortest. Only edges between such
        // nodes, one step further from `a`, are kept, so that the enumeration below walks only
        // prefixes of shortest chains and stops after a few instead of searching the graph.
        let from_a = dijkstra(&undirected, node(a), None, |_| 1usize);
        let Some(&hops) = from_a.get(&node(b)) else {
            return Vec::new();
        };
        if hops > max_hops {
            return Vec::new();
        }
        let from_b = dijkstra(&undirected, node(b), Some(node(a)), |_| 1usize);
        let on_path = |x: NodeIndex| match (from_a.get(&x), from_b.get(&x)) {
            (Some(da), Some(db)) => da + db == hops,
            _ => false,
        };
        let layered: Vec<(NodeIndex, NodeIndex, ClaimId)> = undirected
            .edge_references()
            .filter_map(|e| {
                let (u, v) = (e.source(), e.target());
                if !on_path(u) || !on_path(v) {
                    return None;
                }
                match (from_a[&u], from_a[&v]) {
                    (du, dv) if dv == du + 1 => Some((u, v, *e.weight())),
                    (du, dv) if du == dv + 1 => Some((v, u, *e.weight())),
                    _ => None,
                }
            })
            .collect();
        let mut undirected: petgraph::graph::DiGraph<(), ClaimId> =
            petgraph::graph::DiGraph::with_capacity(n, layered.len());
        for _ in 0..n {
            undirected.add_node(());
        }
        for (u, v, claim) in layered {
            undirected.add_edge(u, v, claim);
        }
        let mut chains = Vec::new();
        let paths = all_simple_paths::<Vec<_>, _, std::hash::RandomState>(
            &undirected,
            node(a),
            node(b),
            hops - 1,
            Some(hops - 1),
        );
        let mut seen: Vec<Vec<NodeIndex>> = Vec::new();
        for nodes in paths {
            // Parallel claims between the same two entities give the same path again.
            if seen.contains(&nodes) {
                continue;
            }
            seen.push(nodes.clone());
            let chain: Option<Vec<(ClaimId, EntityId)>> = nodes
                .windows(2)
                .map(|pair| {
                    let claim = undirected
                        .edges_connecting(pair[0], pair[1])
                        .map(|e| *e.weight())
                        .min()?;
                    Some((claim, self.entity_handle(pair[1].index())))
                })
                .collect();
            chains.extend(chain);
            if chains.len() >= MAX_CONNECTIONS {
                break;
            }
        }
        chains.sort();
        chains
    }
}
