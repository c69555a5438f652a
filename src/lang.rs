//! Deciding whether a document is French or English.
//!
//! The declared language (from the manifest) wins when it names one of ours. Otherwise
//! we count function words, which for two languages as far apart as French and English
//! is as reliable as a statistical detector and costs one pass over the words. Texts
//! with too few function words of either language come back as `None`, and the
//! pipeline then falls back to French, the corpus's first language. No I/O here.

use crate::model::Lang;

const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "par", "sur",
    "avec", "qui", "que", "au", "aux", "ont", "sont", "ce", "cette", "leur", "pas",
];
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "is", "in", "for", "on", "with", "that", "by", "are", "was", "has",
    "have", "its", "their", "from", "this", "will", "be", "an", "at", "which",
];

/// The minimum number of function words before the count is trusted.
const MIN_EVIDENCE: usize = 3;

pub fn decide(text: &str, declared: Option<Lang>) -> Option<Lang> {
    if declared.is_some() {
        return declared;
    }
    detect(text)
}

pub fn detect(text: &str) -> Option<Lang> {
    let (mut french, mut english) = (0usize, 0usize);
    for word in text
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|word| !word.is_empty())
        .take(2000)
    {
        let word = word.to_lowercase();
        french += usize::from(FRENCH.contains(&word.as_str()));
        english += usize::from(ENGLISH.contains(&word.as_str()));
    }
    if french + english < MIN_EVIDENCE {
        return None;
    }
    if french >= english * 2 {
        Some(Lang::Fr)
    } else if english >= french * 2 {
        Some(Lang::En)
    } else if french > english {
        Some(Lang::Fr)
    } else {
        Some(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, declared: Option<Lang>, expected: Option<Lang>) {
        assert_eq!(decide(text, declared), expected, "{text:?}");
    }

    #[test]
    fn decides() {
        check(
            "Les États-Unis et la Chine entament leurs premières négociations sur l'IA.",
            None,
            Some(Lang::Fr),
        );
        check(
            "The United States and China began their first talks on AI in Geneva on Tuesday.",
            None,
            Some(Lang::En),
        );
        check("OpenAI", None, None);
        check("OpenAI", Some(Lang::En), Some(Lang::En));
        check("The talks are in Geneva", Some(Lang::Fr), Some(Lang::Fr));
    }
}
