//! Extraction through the library on sentences of our own.

use entente::document::Document;
use entente::format::{self, DocRecord};
use entente::lexicon::Lexicon;
use entente::model::{DateValue, Lang};
use entente::pipeline;

fn extract(text: &str, published: &str, lang: Lang) -> DocRecord {
    let lexicon = Lexicon::embedded().unwrap();
    let document = Document {
        id: "test.txt".to_string(),
        path: "test.txt".into(),
        lang: Some(lang),
        published: DateValue::parse(published),
        title: None,
        url: None,
        outlet: None,
        encoding: None,
        text: text.to_string(),
    };
    format::record(&pipeline::extract(&document, &lexicon))
}

/// (type, participants, date, status) of each relation.
fn relations(record: &DocRecord) -> Vec<(String, Vec<String>, Option<String>, String)> {
    record
        .relations
        .iter()
        .map(|relation| {
            (
                relation.kind.clone(),
                relation.participants.clone(),
                relation.date.clone(),
                relation.status.clone(),
            )
        })
        .collect()
}

fn has(
    record: &DocRecord,
    kind: &str,
    participants: &[&str],
    date: Option<&str>,
    status: &str,
) -> bool {
    relations(record).iter().any(|(k, p, d, s)| {
        k == kind
            && (p == participants
                || (p.len() == 2
                    && participants.len() == 2
                    && p[0] == participants[1]
                    && p[1] == participants[0]))
            && d.as_deref() == date
            && s == status
    })
}

#[test]
fn french_partnership_with_compound_adjective_and_date() {
    let record = extract(
        "Le 3 mars, la France et l'Inde ont signé un partenariat stratégique franco-indien sur l'IA.",
        "2025-03-05",
        Lang::Fr,
    );
    assert!(
        has(
            &record,
            "partnership",
            &["fra", "ind"],
            Some("2025-03-03"),
            "announced"
        ),
        "{:?}",
        relations(&record)
    );
}

#[test]
fn english_call_for_alliance_is_proposed() {
    let record = extract(
        "President Xi Jinping called for an alliance with Brazil on artificial intelligence.",
        "2025-06",
        Lang::En,
    );
    assert!(
        has(
            &record,
            "alliance",
            &["chn", "bra"],
            Some("2025-06"),
            "proposed"
        ),
        "{:?}",
        relations(&record)
    );
}

#[test]
fn denied_agreement() {
    let record = extract(
        "Les discussions entre l'Inde et le Japon ne devraient pas aboutir à un accord.",
        "2025-06-02",
        Lang::Fr,
    );
    assert!(
        relations(&record)
            .iter()
            .any(|(k, _, _, s)| k == "partnership" && s == "denied"),
        "{:?}",
        relations(&record)
    );
}
