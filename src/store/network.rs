//! Graph algorithms over the claim edges (links subject → object, participations participant →
//! event), on petgraph: chains along transitive relations, the cycle check, shortest
//! connections between two entities. Everything is handed out as entity and claim handles.

use std::collections::{HashMap, VecDeque};

use petgraph::algo::astar;
use petgraph::visit::EdgeFiltered;
use rustc_hash::{FxHashMap, FxHashSet};

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
        self.reach_within(from, relations, inverse, usize::MAX)
            .unwrap_or_default()
    }

    /// [`Graph::reach`], or `None` as soon as the entities reached and the claims of their
    /// chains would number more than `most`: a query bounds what one step may gather by its
    /// budget, and a long chain costs its length again for every entity on it.
    ///
    /// Cost: as [`Graph::reach`], but never past `most` entities and claims.
    pub(crate) fn reach_within(
        &self,
        from: EntityId,
        relations: &[RelationId],
        inverse: bool,
        most: usize,
    ) -> Option<Vec<(EntityId, Vec<ClaimId>)>> {
        let mut chains: HashMap<EntityId, Vec<ClaimId>> = HashMap::from([(from, Vec::new())]);
        let mut order = Vec::new();
        let mut queue = VecDeque::from([from]);
        let mut size = 0usize;
        while let Some(at) = queue.pop_front() {
            let path = chains.get(&at).cloned().unwrap_or_default();
            for relation in relations {
                for (claim, next) in self.links(at, *relation, inverse) {
                    if chains.contains_key(&next) {
                        continue;
                    }
                    size = size.saturating_add(path.len() + 2);
                    if size > most {
                        return None;
                    }
                    let mut longer = path.clone();
                    longer.push(claim);
                    chains.insert(next, longer);
                    order.push(next);
                    queue.push_back(next);
                }
            }
        }
        Some(
            order
                .into_iter()
                .map(|id| {
                    let chain = chains.remove(&id).unwrap_or_default();
                    (id, chain)
                })
                .collect(),
        )
    }

    /// The shortest chains of claims (links and participations, in either direction) that
    /// connect `a` and `b`, at most `max_hops` claims long, skipping claims `admit` refuses;
    /// the first [`MAX_CONNECTIONS`] of them in the order of their claims. Each chain is the
    /// claims from `a` to `b` in order, with the entity each one reaches; between two
    /// entities linked by several claims, a chain takes the first. Empty when they are not
    /// connected within the limit.
    ///
    /// A breadth-first search from both ends at once, one level at a time from the end whose
    /// frontier is smaller, over the claims that mention each entity reached (no copy of the
    /// graph); it stops at the first level where the two searches meet, which gives the
    /// length. The chains are then spelled out from `a` in the order of their claims, each
    /// step to an entity that lies on a shortest chain.
    ///
    /// Cost: O(claims at the entities within half the distance of either end), however big
    /// the graph, plus O(hops × degree) per chain returned.
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
        let Some(meeting) = Meeting::find(self, a, b, max_hops, &admit) else {
            return Vec::new();
        };
        let mut chains = Vec::new();
        let mut chain = Vec::with_capacity(meeting.hops);
        meeting.spell(self, a, &admit, &mut chain, &mut chains);
        chains
    }

    /// The claims at `x` that join it to another entity (a link either way, a participation
    /// either way), with that entity: the edges [`Graph::connections`] walks.
    fn edges_at(&self, x: EntityId) -> impl Iterator<Item = (ClaimId, EntityId)> + '_ {
        self.claims_about(x).iter().filter_map(move |c| {
            let (one, two) = match self.claim_ref(*c).fact() {
                super::FactRef::Link {
                    subject, object, ..
                } => (subject, object),
                super::FactRef::Participation {
                    event, participant, ..
                } => (event, participant),
                _ => return None,
            };
            let other = if one == x { two } else { one };
            (other != x).then_some((*c, other))
        })
    }
}

/// Where the two searches of [`Graph::connections`] met: the distances each found (by entity
/// position) and the length of the shortest chains.
struct Meeting {
    /// From `a` (`[0]`) and from `b` (`[1]`), every entity each search reached.
    dist: [FxHashMap<usize, usize>; 2],
    /// The length of the shortest chains.
    hops: usize,
    /// The position, counted from `a`, of the level where the searches met: a step before
    /// it follows the distances from `a`, a step from it those from `b`.
    met: usize,
    /// The entities before the meeting level that lead to it along the distances from `a`.
    leads: FxHashSet<usize>,
}

impl Meeting {
    /// Searches from both ends, a level at a time, until they meet or the chains would be
    /// longer than `max_hops`.
    fn find(
        graph: &Graph,
        a: EntityId,
        b: EntityId,
        max_hops: usize,
        admit: &impl Fn(ClaimId) -> bool,
    ) -> Option<Meeting> {
        let mut dist = [FxHashMap::default(), FxHashMap::default()];
        dist[0].insert(a.index(), 0);
        dist[1].insert(b.index(), 0);
        let mut frontier = [vec![a], vec![b]];
        let mut depth = [0, 0];
        while depth[0] + depth[1] < max_hops {
            let side = usize::from(frontier[1].len() < frontier[0].len());
            if frontier[side].is_empty() {
                return None;
            }
            let mut next = Vec::new();
            let mut best: Option<usize> = None;
            for &x in &frontier[side] {
                for (claim, y) in graph.edges_at(x) {
                    if dist[side].contains_key(&y.index()) || !admit(claim) {
                        continue;
                    }
                    dist[side].insert(y.index(), depth[side] + 1);
                    next.push(y);
                    if let Some(&d) = dist[1 - side].get(&y.index()) {
                        let hops = depth[side] + 1 + d;
                        best = Some(best.map_or(hops, |b| b.min(hops)));
                    }
                }
            }
            depth[side] += 1;
            frontier[side] = next;
            if let Some(hops) = best {
                // Every shortest chain crosses this level of `side`'s search at an entity
                // the other search reached `hops - depth` steps from its end.
                let met = if side == 0 { depth[0] } else { hops - depth[1] };
                let mut meeting = Meeting {
                    dist,
                    hops,
                    met,
                    leads: FxHashSet::default(),
                };
                meeting.mark_leads(graph, &frontier[side], admit);
                return Some(meeting);
            }
        }
        None
    }

    /// Marks the entities before the meeting level, back to `a`, from which a step along
    /// the distances from `a` leads to a meeting entity (one of `level`, at position `met`,
    /// reached from the other end in `hops - met` steps).
    fn mark_leads(&mut self, graph: &Graph, level: &[EntityId], admit: &impl Fn(ClaimId) -> bool) {
        let meets = |m: &Meeting, x: usize| {
            m.dist[0].get(&x) == Some(&m.met) && m.dist[1].get(&x) == Some(&(m.hops - m.met))
        };
        // The meeting entities are all in the level the search that met had just reached.
        let mut current: Vec<EntityId> = level
            .iter()
            .copied()
            .filter(|x| meets(self, x.index()))
            .collect();
        for x in &current {
            self.leads.insert(x.index());
        }
        for position in (1..=self.met).rev() {
            let mut previous = Vec::new();
            for &x in &current {
                for (claim, y) in graph.edges_at(x) {
                    if self.dist[0].get(&y.index()) == Some(&(position - 1))
                        && admit(claim)
                        && self.leads.insert(y.index())
                    {
                        previous.push(y);
                    }
                }
            }
            current = previous;
        }
    }

    /// Whether a step to `y` extends a chain that has come `position` steps from `a` along
    /// a shortest chain.
    fn on_a_shortest_chain(&self, y: usize, position: usize) -> bool {
        let next = position + 1;
        if next <= self.met {
            self.dist[0].get(&y) == Some(&next) && self.leads.contains(&y)
        } else {
            self.dist[1].get(&y) == Some(&(self.hops - next))
        }
    }

    /// Spells out the chains from `x` on (`chain` the steps so far), in the order of their
    /// claims, into `chains` until there are [`MAX_CONNECTIONS`].
    fn spell(
        &self,
        graph: &Graph,
        x: EntityId,
        admit: &impl Fn(ClaimId) -> bool,
        chain: &mut Vec<(ClaimId, EntityId)>,
        chains: &mut Vec<Vec<(ClaimId, EntityId)>>,
    ) {
        if chain.len() == self.hops {
            chains.push(chain.clone());
            return;
        }
        // Each next entity once, by the first claim that reaches it.
        let mut steps: Vec<(ClaimId, EntityId)> = graph
            .edges_at(x)
            .filter(|(claim, y)| self.on_a_shortest_chain(y.index(), chain.len()) && admit(*claim))
            .collect();
        steps.sort_unstable();
        let mut seen = FxHashSet::default();
        for (claim, y) in steps {
            if chains.len() >= MAX_CONNECTIONS {
                return;
            }
            if seen.insert(y.index()) {
                chain.push((claim, y));
                self.spell(graph, y, admit, chain, chains);
                chain.pop();
            }
        }
    }
}
