//! The hand-written baseline: the generated records in compressed-sparse-row arrays (members
//! of each institution, memberships of each person), each person's earliest arrest as a day
//! number, and a name index; the workload's questions as loops over them. No sources, no
//! dates beyond days, no three-valued logic: the floor any engine pays above.

use std::collections::HashMap;

use annals::generate::Prosopography;

/// Compressed sparse rows: the targets of node `i` are `targets[offsets[i]..offsets[i + 1]]`.
pub struct Rows {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Rows {
    /// Rows from (source, target) pairs over `n` sources, targets in pair order.
    fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Rows {
        let mut offsets = vec![0u32; n + 1];
        for (source, _) in pairs.clone() {
            offsets[source as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        for (source, target) in pairs {
            targets[cursor[source as usize] as usize] = target;
            cursor[source as usize] += 1;
        }
        Rows { offsets, targets }
    }

    fn of(&self, node: u32) -> &[u32] {
        let (start, end) = (
            self.offsets[node as usize] as usize,
            self.offsets[node as usize + 1] as usize,
        );
        &self.targets[start..end]
    }

    fn bytes(&self) -> usize {
        (self.offsets.capacity() + self.targets.capacity()) * 4
    }
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
}

/// A day number that orders (year, month, day) as dates order.
fn day(year: i32, month: u8, day: u8) -> u32 {
    (year.max(0) as u32) * 372 + u32::from(month) * 31 + u32::from(day)
}

impl Csr {
    /// The arrays built from the records. Cost: O(records).
    pub fn new(data: &Prosopography) -> Csr {
        let pairs = data.memberships.iter().copied();
        let members = Rows::new(data.institutions.len(), pairs.clone().map(|(p, b)| (b, p)));
        let memberships = Rows::new(data.people.len(), pairs);
        let mut arrested = vec![u32::MAX; data.people.len()];
        for a in &data.arrests {
            let (y, m, d) = a.date;
            let at = &mut arrested[a.person as usize];
            *at = (*at).min(day(y, m, d));
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
        }
    }

    /// The bytes of the arrays (not the name and slug maps, which the others' figures leave
    /// to their string storage too).
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

    /// The people with this name.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }
}
