//! The hand-written baseline: the generated records in compressed-sparse-row arrays (members
//! of each institution, memberships of each person), each person's earliest arrest as a day
//! number, and a name index; the workload's questions as loops over them. No sources, no
//! dates beyond days, no three-valued logic: the floor any engine pays above.
//!
//! Beside the bare loops, which answer ids in id order, the same loops made to answer what
//! annals answers for Q1 and Q3 ([`Csr::q1_shown`], [`Csr::q3_shown`]): each row with the
//! claims that show it, the rows in name order. The arrays then carry each link's claim and
//! each arrest's claims, numbered as [`Prosopography::graph`] adds them, and every person's
//! and institution's rank by name, made with the build as annals makes its own.

use std::collections::HashMap;

use annals::generate::Prosopography;

/// Compressed sparse rows: the targets of node `i` are `targets[offsets[i]..offsets[i + 1]]`,
/// and the claims of those links are `claims[offsets[i]..offsets[i + 1]]`.
pub struct Rows {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    claims: Vec<u32>,
}

impl Rows {
    /// Rows from (source, target, claim) triples over `n` sources, targets in triple order.
    fn new(n: usize, links: impl Iterator<Item = (u32, u32, u32)> + Clone) -> Rows {
        let mut offsets = vec![0u32; n + 1];
        for (source, _, _) in links.clone() {
            offsets[source as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        let mut claims = vec![0u32; offsets[n] as usize];
        for (source, target, claim) in links {
            let at = cursor[source as usize] as usize;
            targets[at] = target;
            claims[at] = claim;
            cursor[source as usize] += 1;
        }
        Rows {
            offsets,
            targets,
            claims,
        }
    }

    fn span(&self, node: u32) -> std::ops::Range<usize> {
        self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize
    }

    fn of(&self, node: u32) -> &[u32] {
        &self.targets[self.span(node)]
    }

    /// The targets of `node` with the claims of their links.
    fn with_claims(&self, node: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let span = self.span(node);
        self.targets[span.clone()]
            .iter()
            .copied()
            .zip(self.claims[span].iter().copied())
    }

    /// The bytes of the arrays the bare loops read (the claims are counted apart).
    fn bytes(&self) -> usize {
        (self.offsets.capacity() + self.targets.capacity()) * 4
    }
}

/// An answer as annals shows it, in ids: rows in name order, each with the claims that show it
/// (`claims[start..end]`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub rows: Vec<(u32, u32, u32)>,
    pub claims: Vec<u32>,
}

/// The baseline's data.
pub struct Csr {
    members: Rows,
    memberships: Rows,
    /// Each person's arrest as days since 0000-01-01 (proleptic, approximate months of 31
    /// days, enough for comparisons), `u32::MAX` without one.
    arrested: Vec<u32>,
    by_name: HashMap<String, Vec<u32>>,
    by_slug: HashMap<String, u32>,
    /// Each person's arrest participation claim (its date claim is the one before it),
    /// `u32::MAX` without one.
    arrest_claims: Vec<u32>,
    /// Each person's and each institution's place in the order by normalized name (then by
    /// position) that annals' answers go in.
    person_rank: Vec<u32>,
    body_rank: Vec<u32>,
}

/// Each name's place in the order of the normalized names, then of their positions.
fn ranks<'a>(names: impl Iterator<Item = &'a str>) -> Vec<u32> {
    let mut order: Vec<(String, u32)> = names
        .enumerate()
        .map(|(i, n)| (annals::model::normalize(n), i as u32))
        .collect();
    order.sort_unstable();
    let mut rank = vec![0u32; order.len()];
    for (r, (_, i)) in order.iter().enumerate() {
        rank[*i as usize] = r as u32;
    }
    rank
}

/// A day number that orders (year, month, day) as dates order.
fn day(year: i32, month: u8, day: u8) -> u32 {
    (year.max(0) as u32) * 372 + u32::from(month) * 31 + u32::from(day)
}

impl Csr {
    /// The arrays built from the records. Cost: O(records).
    pub fn new(data: &Prosopography) -> Csr {
        // The claims as `Prosopography::graph` adds them: the memberships, then each
        // arrest's date and participation.
        let links = (0u32..)
            .zip(&data.memberships)
            .map(|(k, &(p, b))| (p, b, k));
        let members = Rows::new(
            data.institutions.len(),
            links.clone().map(|(p, b, k)| (b, p, k)),
        );
        let memberships = Rows::new(data.people.len(), links);
        let mut arrested = vec![u32::MAX; data.people.len()];
        let mut arrest_claims = vec![u32::MAX; data.people.len()];
        let after = data.memberships.len() as u32;
        for (j, a) in (0u32..).zip(&data.arrests) {
            let (y, m, d) = a.date;
            let at = &mut arrested[a.person as usize];
            if day(y, m, d) < *at {
                *at = day(y, m, d);
                arrest_claims[a.person as usize] = after + 2 * j + 1;
            }
        }
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, p) in data.people.iter().enumerate() {
            by_name.entry(p.name.clone()).or_default().push(i as u32);
        }
        let by_slug = data
            .institutions
            .iter()
            .enumerate()
            .map(|(i, b)| (b.slug.clone(), i as u32))
            .collect();
        Csr {
            members,
            memberships,
            arrested,
            by_name,
            by_slug,
            arrest_claims,
            person_rank: Vec::new(),
            body_rank: Vec::new(),
        }
    }

    /// Ranks the people and the institutions by name, for the loops that answer as annals
    /// does (the bare loops need no ranks, so [`Csr::new`] leaves them out of its time).
    /// Cost: a sort of the normalized names.
    pub fn rank_names(&mut self, data: &Prosopography) {
        self.person_rank = ranks(data.people.iter().map(|p| p.name.as_str()));
        self.body_rank = ranks(data.institutions.iter().map(|b| b.name.as_str()));
    }

    /// The bytes of the arrays the bare loops read (not the name and slug maps, which the
    /// others' figures leave to their string storage too, nor what only the loops that answer
    /// as annals does read: claims and ranks).
    pub fn bytes(&self) -> usize {
        self.members.bytes() + self.memberships.bytes() + self.arrested.capacity() * 4
    }

    /// The institution with this slug.
    pub fn body(&self, slug: &str) -> Option<u32> {
        self.by_slug.get(slug).copied()
    }

    /// Q1: the members of `body` arrested by the end of 1940, sorted.
    pub fn q1(&self, body: u32) -> Vec<u32> {
        let by = day(1940, 12, 31);
        let mut found: Vec<u32> = self
            .members
            .of(body)
            .iter()
            .copied()
            .filter(|p| self.arrested[*p as usize] <= by)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Q2: for every institution, how many of its members were arrested by the end of 1940
    /// (institutions with none left out, as a grouped count leaves them out).
    pub fn q2(&self) -> Vec<(u32, u64)> {
        let by = day(1940, 12, 31);
        (0..self.members.offsets.len() as u32 - 1)
            .filter_map(|b| {
                let n = self
                    .members
                    .of(b)
                    .iter()
                    .filter(|p| self.arrested[**p as usize] <= by)
                    .count() as u64;
                (n > 0).then_some((b, n))
            })
            .collect()
    }

    /// Q3: the other institutions of the members of `body`, sorted and distinct.
    pub fn q3(&self, body: u32) -> Vec<u32> {
        let mut seen = vec![false; self.members.offsets.len() - 1];
        for p in self.members.of(body) {
            for b in self.memberships.of(*p) {
                seen[*b as usize] = true;
            }
        }
        seen[body as usize] = false;
        seen.iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(b, _)| b as u32)
            .collect()
    }

    /// Q1 as annals answers it: the members of `body` arrested by the end of 1940, each with
    /// its membership, its arrest and the arrest's date claims, in name order.
    pub fn q1_shown(&self, body: u32) -> Shown {
        let by = day(1940, 12, 31);
        let mut shown = Shown::default();
        for (p, claim) in self.members.with_claims(body) {
            if self.arrested[p as usize] <= by {
                let arrest = self.arrest_claims[p as usize];
                let start = shown.claims.len() as u32;
                shown.claims.extend([claim, arrest, arrest - 1]);
                shown.rows.push((p, start, start + 3));
            }
        }
        shown
            .rows
            .sort_unstable_by_key(|r| self.person_rank[r.0 as usize]);
        shown
    }

    /// Q3 as annals answers it: the other institutions of the members of `body`, each with
    /// both memberships of every member that reaches it, in name order.
    pub fn q3_shown(&self, body: u32) -> Shown {
        // Count each institution's paths, place them, then fill them in.
        let mut count = vec![0u32; self.members.offsets.len() - 1];
        for p in self.members.of(body) {
            for b in self.memberships.of(*p) {
                count[*b as usize] += 1;
            }
        }
        count[body as usize] = 0;
        let mut shown = Shown::default();
        let mut at = vec![0u32; count.len()];
        let mut total = 0;
        for (b, n) in count.iter().enumerate() {
            if *n > 0 {
                at[b] = total;
                shown.rows.push((b as u32, total, total + 2 * n));
                total += 2 * n;
            }
        }
        shown.claims = vec![0; total as usize];
        for (p, first) in self.members.with_claims(body) {
            for (b, second) in self.memberships.with_claims(p) {
                if b != body {
                    let i = at[b as usize] as usize;
                    shown.claims[i] = first;
                    shown.claims[i + 1] = second;
                    at[b as usize] += 2;
                }
            }
        }
        shown
            .rows
            .sort_unstable_by_key(|r| self.body_rank[r.0 as usize]);
        shown
    }

    /// The people with this name.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }
}
