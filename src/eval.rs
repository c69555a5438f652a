//! Scoring extractions against a gold file with the rules of `data/gold/FORMAT.md`:
//! per document, then micro-averaged.
//!
//! Actors match on a shared Wikidata id or on a normalised name (case, accents,
//! apostrophes, leading articles and punctuation ignored) equal to the gold name or
//! one of its aliases; each gold item matches at most once; optional gold items count
//! neither for nor against. No I/O here: the caller hands both sides in.

use std::collections::BTreeMap;

use crate::format::{ActorRecord, DocRecord, RelationRecord};
use crate::mention::fold;
use crate::model::RelationKind;

/// Counts for one kind of item.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

/// A share: `hits` out of `total`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    pub hits: usize,
    pub total: usize,
}

impl Accuracy {
    pub fn value(&self) -> f64 {
        ratio(self.hits, self.total)
    }

    fn add(&mut self, other: Accuracy) {
        self.hits += other.hits;
        self.total += other.total;
    }

    fn count(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }
}

fn ratio(numerator: usize, denominator: usize) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}

/// Scores of one document, or of all (micro-averaged).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    pub actors: Counts,
    pub relations: Counts,
    pub actor_types: Accuracy,
    pub relation_types: Accuracy,
    pub dates: Accuracy,
    pub statuses: Accuracy,
    /// Relations by type (the gold's type for misses, the system's for spurious ones).
    pub by_kind: BTreeMap<String, Counts>,
    /// Each missed or spurious actor and relation, with its cause.
    pub misses: Vec<Miss>,
}

/// A gold item the system missed, or a system item the gold does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub item: MissItem,
    pub cause: Cause,
    /// The item as text: an actor's name, or `type a b [date] status`.
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissItem {
    Actor,
    Relation,
}

/// Why an item counts against the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// A gold actor no system actor matches.
    ActorMissed,
    /// A system actor no gold actor matches.
    ActorSpurious,
    /// A gold relation one of whose participants was never found as an actor.
    ParticipantNotFound,
    /// A gold relation whose participants the system relates with another type.
    OtherType,
    /// A gold relation between found actors that the system does not relate.
    NoRelation,
    /// A system relation the gold does not have.
    RelationSpurious,
    /// A relation found with another date than the gold's.
    WrongDate,
    /// A relation found with another status than the gold's.
    WrongStatus,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::ActorMissed => "actor missed",
            Cause::ActorSpurious => "actor spurious",
            Cause::ParticipantNotFound => "participant not found",
            Cause::OtherType => "found with another type",
            Cause::NoRelation => "no relation between found participants",
            Cause::RelationSpurious => "spurious",
            Cause::WrongDate => "found with another date",
            Cause::WrongStatus => "found with another status",
        }
    }
}

impl Scores {
    fn add(&mut self, other: &Scores) {
        for (kind, counts) in &other.by_kind {
            self.by_kind.entry(kind.clone()).or_default().add(*counts);
        }
        self.actors.add(other.actors);
        self.relations.add(other.relations);
        self.actor_types.add(other.actor_types);
        self.relation_types.add(other.relation_types);
        self.dates.add(other.dates);
        self.statuses.add(other.statuses);
    }
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub documents: BTreeMap<String, Scores>,
    pub overall: Scores,
    /// Documents of the system output that the gold file does not have.
    pub unscored: Vec<String>,
}

/// Scores each system record against the gold record of the same `doc`.
pub fn evaluate(gold: &[DocRecord], system: &[DocRecord]) -> Report {
    let gold_by_doc: BTreeMap<&str, &DocRecord> = gold
        .iter()
        .map(|record| (record.doc.as_str(), record))
        .collect();
    let mut report = Report::default();
    for record in system {
        let Some(gold_record) = gold_by_doc.get(record.doc.as_str()) else {
            report.unscored.push(record.doc.clone());
            continue;
        };
        let scores = score_document(gold_record, record);
        report.overall.add(&scores);
        report.documents.insert(record.doc.clone(), scores);
    }
    report
}

/// Name normalisation of FORMAT.md.
pub fn normalise(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<String> = folded
        .split(|ch: char| !ch.is_alphanumeric() && ch != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    // Leading articles, including elided ones ("l'ONU").
    while let Some(first) = words.first().cloned() {
        if matches!(
            first.as_str(),
            "le" | "la" | "les" | "the" | "l'" | "un" | "une" | "a" | "an"
        ) {
            words.remove(0);
        } else if let Some(rest) = first
            .strip_prefix("l'")
            .or_else(|| first.strip_prefix("d'"))
        {
            words[0] = rest.to_string();
            break;
        } else {
            break;
        }
    }
    words
        .join(" ")
        .split('\'')
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a system actor and a gold actor are the same by FORMAT.md's rule.
fn actors_match(system: &ActorRecord, gold: &ActorRecord) -> bool {
    if let (Some(a), Some(b)) = (&system.wikidata, &gold.wikidata)
        && a == b
    {
        return true;
    }
    let name = normalise(&system.name);
    normalise(&gold.name) == name || gold.aliases.iter().any(|alias| normalise(alias) == name)
}

fn score_document(gold: &DocRecord, system: &DocRecord) -> Scores {
    let mut scores = Scores::default();
    // Actors: Wikidata matches first, then names, each gold actor at most once.
    let mut gold_taken = vec![false; gold.actors.len()];
    let mut system_match: Vec<Option<usize>> = vec![None; system.actors.len()];
    for pass in 0..2 {
        for (system_index, actor) in system.actors.iter().enumerate() {
            if system_match[system_index].is_some() {
                continue;
            }
            let found = gold
                .actors
                .iter()
                .enumerate()
                .find(|(gold_index, gold_actor)| {
                    !gold_taken[*gold_index]
                        && if pass == 0 {
                            actor.wikidata.is_some() && actor.wikidata == gold_actor.wikidata
                        } else {
                            actors_match(actor, gold_actor)
                        }
                });
            if let Some((gold_index, _)) = found {
                gold_taken[gold_index] = true;
                system_match[system_index] = Some(gold_index);
            }
        }
    }
    for (system_index, actor) in system.actors.iter().enumerate() {
        match system_match[system_index] {
            Some(gold_index) if gold.actors[gold_index].optional => {}
            Some(gold_index) => {
                scores.actors.true_positives += 1;
                scores
                    .actor_types
                    .count(gold.actors[gold_index].kind == actor.kind);
            }
            None => {
                scores.actors.false_positives += 1;
                scores.misses.push(Miss {
                    item: MissItem::Actor,
                    cause: Cause::ActorSpurious,
                    text: format!("{} ({})", actor.name, actor.kind),
                });
            }
        }
    }
    for (actor, taken) in gold.actors.iter().zip(&gold_taken) {
        if !actor.optional && !*taken {
            scores.actors.false_negatives += 1;
            scores.misses.push(Miss {
                item: MissItem::Actor,
                cause: Cause::ActorMissed,
                text: format!("{} ({})", actor.name, actor.kind),
            });
        }
    }

    // Relations: participants match as actors; prefer the gold relation whose date agrees.
    let system_actor = |key: &str| system.actors.iter().find(|actor| actor.key == key);
    let gold_actor = |key: &str| gold.actors.iter().find(|actor| actor.key == key);
    let same_actor =
        |system_key: &str, gold_key: &str| match (system_actor(system_key), gold_actor(gold_key)) {
            (Some(a), Some(b)) => actors_match(a, b),
            _ => false,
        };
    let participants_match = |system_relation: &RelationRecord, gold_relation: &RelationRecord| {
        let (s, g) = (&system_relation.participants, &gold_relation.participants);
        if s.len() < 2 || g.len() < 2 {
            return false;
        }
        let directed =
            RelationKind::parse(&gold_relation.kind).is_some_and(RelationKind::is_directed);
        let straight = same_actor(&s[0], &g[0]) && same_actor(&s[1], &g[1]);
        straight || (!directed && same_actor(&s[0], &g[1]) && same_actor(&s[1], &g[0]))
    };
    let mut gold_relation_taken = vec![false; gold.relations.len()];
    for relation in &system.relations {
        let candidates: Vec<usize> = gold
            .relations
            .iter()
            .enumerate()
            .filter(|(index, gold_relation)| {
                !gold_relation_taken[*index]
                    && gold_relation.kind == relation.kind
                    && participants_match(relation, gold_relation)
            })
            .map(|(index, _)| index)
            .collect();
        let chosen = candidates
            .iter()
            .copied()
            .find(|&index| gold.relations[index].date == relation.date)
            .or_else(|| candidates.first().copied());
        match chosen {
            Some(index) => {
                gold_relation_taken[index] = true;
                let gold_relation = &gold.relations[index];
                if gold_relation.optional {
                    continue;
                }
                scores.relations.true_positives += 1;
                scores
                    .by_kind
                    .entry(gold_relation.kind.clone())
                    .or_default()
                    .true_positives += 1;
                scores.relation_types.count(true);
                let found_as = || {
                    format!(
                        "{} (found: {} {})",
                        describe_relation(gold_relation, |key| gold_actor(key).map(|a| &a.name)),
                        relation.date.as_deref().unwrap_or("-"),
                        relation.status
                    )
                };
                if gold_relation.date.is_some() {
                    scores.dates.count(gold_relation.date == relation.date);
                    if gold_relation.date != relation.date {
                        scores.misses.push(Miss {
                            item: MissItem::Relation,
                            cause: Cause::WrongDate,
                            text: found_as(),
                        });
                    }
                }
                scores
                    .statuses
                    .count(gold_relation.status == relation.status);
                if gold_relation.status != relation.status {
                    scores.misses.push(Miss {
                        item: MissItem::Relation,
                        cause: Cause::WrongStatus,
                        text: found_as(),
                    });
                }
            }
            None => {
                scores.relations.false_positives += 1;
                scores
                    .by_kind
                    .entry(relation.kind.clone())
                    .or_default()
                    .false_positives += 1;
                scores.misses.push(Miss {
                    item: MissItem::Relation,
                    cause: Cause::RelationSpurious,
                    text: describe_relation(relation, |key| system_actor(key).map(|a| &a.name)),
                });
            }
        }
    }
    // Which gold actors the system found, by gold index.
    let found_gold: Vec<bool> = gold_taken;
    let gold_found = |key: &str| {
        gold.actors
            .iter()
            .position(|actor| actor.key == key)
            .is_some_and(|index| found_gold[index])
    };
    for (relation, taken) in gold.relations.iter().zip(&gold_relation_taken) {
        if relation.optional || *taken {
            continue;
        }
        scores.relations.false_negatives += 1;
        scores
            .by_kind
            .entry(relation.kind.clone())
            .or_default()
            .false_negatives += 1;
        let cause = if !relation.participants.iter().all(|key| gold_found(key)) {
            Cause::ParticipantNotFound
        } else if system.relations.iter().any(|other| {
            other.kind != relation.kind && {
                let mut as_if = other.clone();
                as_if.kind = relation.kind.clone();
                participants_match(&as_if, relation)
                    || (other.participants.len() == 2
                        && same_actor(&other.participants[1], &relation.participants[0])
                        && same_actor(&other.participants[0], &relation.participants[1]))
            }
        }) {
            Cause::OtherType
        } else {
            Cause::NoRelation
        };
        scores.misses.push(Miss {
            item: MissItem::Relation,
            cause,
            text: describe_relation(relation, |key| gold_actor(key).map(|a| &a.name)),
        });
    }
    scores
}

/// `type a b [date] status`, the participants by name.
fn describe_relation<'r>(
    relation: &RelationRecord,
    name_of: impl Fn(&str) -> Option<&'r String>,
) -> String {
    let names: Vec<&str> = relation
        .participants
        .iter()
        .map(|key| name_of(key).map_or(key.as_str(), String::as_str))
        .collect();
    format!(
        "{} [{}] {} {}",
        relation.kind,
        names.join(" | "),
        relation.date.as_deref().unwrap_or("-"),
        relation.status
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(
        key: &str,
        name: &str,
        wikidata: Option<&str>,
        aliases: &[&str],
        optional: bool,
    ) -> ActorRecord {
        ActorRecord {
            key: key.to_string(),
            name: name.to_string(),
            kind: "state".to_string(),
            subtype: None,
            wikidata: wikidata.map(str::to_string),
            aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
            roles: Vec::new(),
            optional,
        }
    }

    fn relation(
        kind: &str,
        participants: &[&str],
        date: Option<&str>,
        status: &str,
        optional: bool,
    ) -> RelationRecord {
        RelationRecord {
            kind: kind.to_string(),
            participants: participants.iter().map(|p| p.to_string()).collect(),
            date: date.map(str::to_string),
            status: status.to_string(),
            evidence: String::new(),
            optional,
        }
    }

    fn doc(actors: Vec<ActorRecord>, relations: Vec<RelationRecord>) -> DocRecord {
        DocRecord {
            doc: "a.txt".to_string(),
            lang: Some("fr".to_string()),
            published: None,
            actors,
            relations,
        }
    }

    #[test]
    fn normalises_names() {
        assert_eq!(
            normalise("L’Organisation des Nations unies"),
            "organisation des nations unies"
        );
        assert_eq!(normalise("les États-Unis"), "etats unis");
        assert_eq!(
            normalise("Département d'État"),
            normalise("Département d’État")
        );
        assert_eq!(normalise("the UAE."), "uae");
    }

    #[test]
    fn scores_by_the_format_rules() {
        let gold = doc(
            vec![
                actor("usa", "États-Unis", Some("Q30"), &["Washington"], false),
                actor("chn", "Chine", Some("Q148"), &["Pékin"], false),
                actor("gva", "Genève", None, &[], true),
            ],
            vec![
                relation(
                    "negotiation",
                    &["usa", "chn"],
                    Some("2024-05-14"),
                    "ongoing",
                    false,
                ),
                relation(
                    "negotiation",
                    &["usa", "chn"],
                    Some("2024-05"),
                    "established",
                    false,
                ),
                relation("partnership", &["usa", "chn"], None, "denied", true),
            ],
        );
        let system = doc(
            vec![
                actor("x1", "Washington", None, &[], false),
                actor(
                    "x2",
                    "République populaire de Chine",
                    Some("Q148"),
                    &[],
                    false,
                ),
                actor("x3", "Genève", None, &[], false),
                actor("x4", "Inde", Some("Q668"), &[], false),
            ],
            vec![
                relation(
                    "negotiation",
                    &["x2", "x1"],
                    Some("2024-05"),
                    "ongoing",
                    false,
                ),
                relation("partnership", &["x1", "x2"], None, "denied", false),
                relation("rivalry", &["x1", "x2"], None, "ongoing", false),
            ],
        );
        let report = evaluate(&[gold], &[system]);
        let scores = &report.overall;
        assert_eq!(
            scores.actors,
            Counts {
                true_positives: 2,
                false_positives: 1,
                false_negatives: 0
            }
        );
        // The negotiation matches the gold one whose date agrees; the optional
        // partnership counts neither way; the rivalry is a false positive.
        assert_eq!(
            scores.relations,
            Counts {
                true_positives: 1,
                false_positives: 1,
                false_negatives: 1
            }
        );
        assert_eq!(scores.dates, Accuracy { hits: 1, total: 1 });
        assert_eq!(scores.statuses, Accuracy { hits: 0, total: 1 });
        assert!((scores.relations.f1() - 0.5).abs() < 1e-9);
    }
}
