//! The per-document extraction format of `data/gold/FORMAT.md`: a public contract read
//! by other tools, so these record types derive serde on purpose.
//!
//! `entente extract` writes what serde_json writes for one `DocRecord` per line, with
//! its own writer, `json_line`, checked against serde_json: serde_json over a record
//! that borrowed the extraction's strings took 38.8 M of the 453.5 M instructions of
//! `entente extract` on 1,000 generated articles, `json_line` 15.2 M. Records, with
//! owned strings, are made for `eval`; gold files are read with the same types. Field order is the order of
//! FORMAT.md's example and never changes.

use serde::{Deserialize, Serialize};

use crate::model::DateValue;
use crate::pipeline::{Extraction, roles_of};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub doc: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub actors: Vec<ActorRecord>,
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleRecord>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleRecord {
    pub title: String,
    pub of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub participants: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    pub status: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The record of one extraction.
pub fn record(extraction: &Extraction) -> DocRecord {
    let roles = extraction.roles_by_person();
    let actors = extraction
        .actors
        .iter()
        .enumerate()
        .map(|(index, actor)| ActorRecord {
            key: actor.key.to_string(),
            name: actor.reported_name().to_string(),
            kind: actor.kind.as_str().to_string(),
            subtype: actor.subtype.map(|subtype| subtype.as_str().to_string()),
            wikidata: actor.wikidata.as_deref().map(str::to_string),
            aliases: actor.aliases.clone(),
            roles: roles_of(&roles, index)
                .iter()
                .map(|role| RoleRecord {
                    title: role.title.clone(),
                    of: extraction.actors[role.of].key.to_string(),
                })
                .collect(),
            optional: false,
        })
        .collect();
    let relations = extraction
        .relations
        .iter()
        .map(|relation| RelationRecord {
            kind: relation.kind.as_str().to_string(),
            participants: relation
                .participants
                .iter()
                .map(|&participant| extraction.actors[participant].key.to_string())
                .collect(),
            date: relation.date.map(|date| date.to_string()),
            status: relation.status.as_str().to_string(),
            evidence: relation.evidence.clone(),
            optional: false,
        })
        .collect();
    DocRecord {
        doc: extraction.doc.clone(),
        lang: Some(extraction.lang.code().to_string()),
        published: extraction.published.map(|date| date.to_string()),
        actors,
        relations,
    }
}

/// The JSON line (without its newline) of one extraction from a text of `text_len`
/// bytes, as `entente extract` writes it: what serde_json writes for `record`, written
/// straight from the extraction.
///
/// callgrind, 1,000 generated articles: serde_json over the record took 38.8 M of
/// `entente extract`'s 453.5 M instructions, this writer 15.2 M (the run: 432.0 M).
/// The module's tests check it against serde_json on the bundled articles, on hostile
/// strings and on every kind of date.
pub fn json_line(extraction: &Extraction, text_len: usize) -> Vec<u8> {
    // A line is about 1.3 times its article's text: sized up front, it is not copied
    // as it grows.
    let mut line = Vec::with_capacity(text_len * 3 / 2 + 256);
    let out = &mut line;
    out.extend_from_slice(b"{\"doc\":");
    json_str(out, &extraction.doc);
    out.extend_from_slice(b",\"lang\":");
    json_name(out, extraction.lang.code());
    out.extend_from_slice(b",\"published\":");
    json_date(out, extraction.published);
    out.extend_from_slice(b",\"actors\":[");
    let roles_by_person = extraction.roles_by_person();
    for (index, actor) in extraction.actors.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"key\":");
        json_str(out, &actor.key);
        out.extend_from_slice(b",\"name\":");
        json_str(out, actor.reported_name());
        out.extend_from_slice(b",\"type\":");
        json_name(out, actor.kind.as_str());
        if let Some(subtype) = actor.subtype {
            out.extend_from_slice(b",\"subtype\":");
            json_str(out, subtype.as_str());
        }
        out.extend_from_slice(b",\"wikidata\":");
        match &actor.wikidata {
            Some(wikidata) => json_str(out, wikidata),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"aliases\":[");
        for (position, alias) in actor.aliases.iter().enumerate() {
            if position > 0 {
                out.push(b',');
            }
            json_str(out, alias);
        }
        out.push(b']');
        let roles = roles_of(&roles_by_person, index);
        if !roles.is_empty() {
            out.extend_from_slice(b",\"roles\":[");
            for (position, role) in roles.iter().enumerate() {
                if position > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"title\":");
                json_str(out, &role.title);
                out.extend_from_slice(b",\"of\":");
                json_str(out, &extraction.actors[role.of].key);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"relations\":[");
    for (index, relation) in extraction.relations.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"type\":");
        json_name(out, relation.kind.as_str());
        out.extend_from_slice(b",\"participants\":[");
        for (position, &participant) in relation.participants.iter().enumerate() {
            if position > 0 {
                out.push(b',');
            }
            json_str(out, &extraction.actors[participant].key);
        }
        out.extend_from_slice(b"],\"date\":");
        json_date(out, relation.date);
        out.extend_from_slice(b",\"status\":");
        json_name(out, relation.status.as_str());
        out.extend_from_slice(b",\"evidence\":");
        json_str(out, &relation.evidence);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    line
}

fn json_date(out: &mut Vec<u8>, date: Option<DateValue>) {
    match date {
        // Most dates are days: their digits are written here. Through `Display` and a
        // `String`, dates took a quarter of this writer's instructions.
        Some(DateValue::Day(day)) if (0..=9999).contains(&day.year) => {
            let digit = |value: u32, unit: u32| b'0' + (value / unit % 10) as u8;
            let year = day.year as u32;
            out.extend_from_slice(&[
                b'"',
                digit(year, 1000),
                digit(year, 100),
                digit(year, 10),
                digit(year, 1),
                b'-',
                digit(day.month, 10),
                digit(day.month, 1),
                b'-',
                digit(day.day, 10),
                digit(day.day, 1),
                b'"',
            ]);
        }
        Some(date) => json_str(out, &date.to_string()),
        None => out.extend_from_slice(b"null"),
    }
}

/// One of the format's own names (a language code, an actor or relation type, a
/// status): lower-case ASCII letters and underscores, which JSON writes as they are,
/// so they are not scanned for bytes to escape (`tests::names_need_no_escape`).
fn json_name(out: &mut Vec<u8>, name: &'static str) {
    debug_assert!(
        name.bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte == b'_')
    );
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, the control chars
/// below U+0020 as `\b \t \n \f \r` or `\u00xx`, everything else as it is. Runs of
/// bytes that need no escape are copied at once.
///
/// Tried twice and not kept: finding the next byte to escape eight bytes at a time
/// (carry-free tests on a `u64`, the byte found by counting trailing zeros). callgrind,
/// `extract` on 1,000 generated articles: 311.3 M -> 310.0 M instructions but 5.49 M ->
/// 5.55 M mispredicted branches (cachegrind's simulation); the strings are short (27
/// bytes on average), and the call's own overhead dominates.
fn json_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(offset) = bytes[start..]
        .iter()
        .position(|&byte| ESCAPED[usize::from(byte)])
    {
        let index = start + offset;
        let byte = bytes[index];
        out.extend_from_slice(&bytes[start..index]);
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xF)]);
            }
        }
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The bytes `json_str` escapes.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte < 0x20 || byte == b'"' as usize || byte == b'\\' as usize;
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, ReadConfig};
    use crate::lexicon::Lexicon;
    use crate::model::{ActorKind, Day, Lang, RelationKind, Status};
    use crate::pipeline;

    fn serde_line(extraction: &Extraction) -> Vec<u8> {
        serde_json::to_vec(&record(extraction)).unwrap()
    }

    /// Every bundled article's line is the one serde_json writes for its record.
    #[test]
    fn json_line_is_serde_json_of_the_record_on_the_bundled_articles() {
        let lexicon = Lexicon::embedded().unwrap();
        let corpus = crate::document::read_paths(
            &["data/corpus".into(), "data/dev".into()],
            ReadConfig {
                max_bytes: ReadConfig::DEFAULT_MAX_BYTES,
            },
        );
        assert!(corpus.documents.len() >= 10);
        for document in &corpus.documents {
            let extraction = pipeline::extract(document, &lexicon);
            assert!(!extraction.relations.is_empty() || !extraction.actors.is_empty());
            let line = json_line(&extraction, document.text.len());
            assert_eq!(
                String::from_utf8_lossy(&line),
                String::from_utf8_lossy(&serde_line(&extraction)),
                "{}",
                document.id
            );
        }
    }

    /// Names, evidence and ids with quotes, backslashes, every control char, DEL,
    /// line separators and emoji; roles, subtypes and dates.
    #[test]
    fn json_line_is_serde_json_of_the_record_on_hostile_text() {
        let lexicon = Lexicon::embedded().unwrap();
        let controls: String = (0u8..0x20).map(char::from).collect();
        let text = format!(
            "La startup « Acme \\\"Q\" {controls}\u{7f}\u{2028}\u{1F642} » a signé un partenariat avec la France le 3 mars 2025.\n\
             Emmanuel Macron, le président de la France, et Narendra Modi ont signé un accord à New Delhi."
        );
        let document = Document {
            id: "a\"b\\c\u{1}.txt".to_string(),
            path: "x.txt".into(),
            lang: Some(Lang::Fr),
            published: DateValue::parse("2025-03-04"),
            title: None,
            url: None,
            outlet: None,
            encoding: None,
            text,
        };
        let mut extraction = pipeline::extract(&document, &lexicon);
        assert!(!extraction.relations.is_empty());
        assert!(
            extraction
                .actors
                .iter()
                .any(|actor| actor.subtype.is_some())
        );
        assert!(!extraction.roles.is_empty());
        extraction.actors[0].name = format!("{}{controls}", extraction.actors[0].name).into();
        extraction.actors[0].aliases.push("\\\"\u{7f}".to_string());
        assert_eq!(
            String::from_utf8_lossy(&json_line(&extraction, document.text.len())),
            String::from_utf8_lossy(&serde_line(&extraction))
        );
        extraction.published = None;
        extraction.roles.clear();
        for relation in &mut extraction.relations {
            relation.date = None;
        }
        assert_eq!(
            String::from_utf8_lossy(&json_line(&extraction, document.text.len())),
            String::from_utf8_lossy(&serde_line(&extraction))
        );
    }

    /// Days are written digit by digit; every other date through `Display`.
    #[test]
    fn json_dates_are_their_display() {
        let days = [(2025, 3, 4), (1, 1, 1), (9999, 12, 31), (987, 10, 9)];
        let mut dates: Vec<DateValue> = days
            .iter()
            .filter_map(|&(year, month, day)| Day::new(year, month, day).map(DateValue::Day))
            .collect();
        assert_eq!(dates.len(), days.len());
        for text in [
            "2025-03",
            "2025",
            "--02-10",
            "2025-02-10/2025-02-11",
            "2024/2025-01",
        ] {
            dates.push(DateValue::parse(text).unwrap());
        }
        for date in dates {
            let mut out = Vec::new();
            json_date(&mut out, Some(date));
            assert_eq!(String::from_utf8(out).unwrap(), format!("\"{date}\""));
        }
    }

    /// Every name `json_name` writes unscanned is one JSON writes as it is.
    #[test]
    fn names_need_no_escape() {
        let names = [Lang::Fr, Lang::En]
            .iter()
            .map(|lang| lang.code())
            .chain(ActorKind::ALL.iter().map(|kind| kind.as_str()))
            .chain(RelationKind::ALL.iter().map(|kind| kind.as_str()))
            .chain(Status::ALL.iter().map(|status| status.as_str()));
        for name in names {
            assert!(!name.is_empty());
            let mut out = Vec::new();
            json_name(&mut out, name);
            assert_eq!(out, serde_json::to_vec(name).unwrap());
        }
    }

    proptest::proptest! {
        #[test]
        fn json_strings_are_serde_json_strings(text in r"[\x00-\x1f\x7f\x22\x5ca-zé\u{2028}😀 ]{0,40}") {
            let mut out = Vec::new();
            json_str(&mut out, &text);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&text).unwrap());
        }
    }
}
