//! Deciding the language of a document (French or English today: the languages with
//! data under `data/lang/`).
//!
//! The declared language (from the manifest) wins when it names one of ours. Otherwise
//! we count each language's function words (`language_marker` in its `words.tsv`),
//! which for two languages as far apart as French and English is as reliable as a
//! statistical detector and costs one pass over the words. Texts
//! with too few function words of either language come back as `None`, and the
//! pipeline then falls back to French, the corpus's first language. No I/O here.

use crate::model::Lang;
use crate::text::Tokens;
use crate::words::{ClassSet, LANGS, WordClass, Words};

/// The minimum number of function words before the count is trusted.
const MIN_EVIDENCE: usize = 3;

/// The words counted: the first 2,000 of a text.
const MAX_WORDS: usize = 2000;

/// The declared language, or the one `tokens` (a document's) are written in, counting
/// the `language_marker` words of each language's `words.tsv` among them. `classes` are
/// the tokens' word classes (`LexiconHits::classes`): only a token of that class is
/// looked up by language, so the count costs a bit test per word and a look-up per
/// marker. (Split from the text and lower-cased one `String` at a time, then looked up
/// in two lists, the words cost about 15% of `extract` on the 10,000 bench articles.)
pub fn decide(
    tokens: &Tokens,
    classes: &[ClassSet],
    words: &Words,
    declared: Option<Lang>,
) -> Option<Lang> {
    if declared.is_some() {
        return declared;
    }
    detect(
        tokens
            .tokens
            .iter()
            .zip(classes)
            .filter(|(token, _)| token.is_word)
            .take(MAX_WORDS)
            .filter(|(_, classes)| classes.contains(WordClass::LanguageMarker))
            .map(|(token, _)| token.norm),
        words,
    )
}

/// The language of folded words, counting the markers of each: the most counted wins
/// (the first of `LANGS` on a tie), given three markers at least.
pub fn detect<'w>(markers: impl IntoIterator<Item = &'w str>, words: &Words) -> Option<Lang> {
    let mut counts = [0usize; LANGS.len()];
    for word in markers.into_iter().take(MAX_WORDS) {
        for (count, is) in counts
            .iter_mut()
            .zip(words.languages_of(word, WordClass::LanguageMarker))
        {
            *count += usize::from(is);
        }
    }
    if counts.iter().sum::<usize>() < MIN_EVIDENCE {
        return None;
    }
    let best = counts.iter().copied().max()?;
    LANGS
        .iter()
        .zip(counts)
        .find(|&(_, count)| count == best)
        .map(|(&lang, _)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, declared: Option<Lang>, expected: Option<Lang>) {
        let folded = crate::mention::Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let lexicon = crate::examples::lexicon();
        let classes = lexicon
            .words
            .classes_of_tokens(&folded.text, &tokens.tokens);
        assert_eq!(
            decide(&tokens, &classes, &lexicon.words, declared),
            expected,
            "{text:?}"
        );
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
        // Words are folded: capitals and accents do not hide a function word.
        check("LES ÉTATS-UNIS ET LA CHINE", None, Some(Lang::Fr));
        check(
            "THE TALKS OF THE UNITED STATES AND CHINA",
            None,
            Some(Lang::En),
        );
        // Three function words at least; a majority of one language decides.
        check("la Chine et", None, None);
        check("de la Chine et of the", None, Some(Lang::Fr));
        check("de la of the and", None, Some(Lang::En));
    }
}
