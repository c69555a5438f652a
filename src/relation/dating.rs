//! Dates of relations: the time expression nearest the trigger, else the event's date,
//! else the publication date when the sentence reports news; the tense that places
//! partial dates.

use super::reader::SentenceReader;
use super::{DateSource, TriggerHit};
use crate::date::{self, Tense};
use crate::model::{ActorKind, DateValue, RelationKind, Span, Status};
use crate::resolve::Form;
use crate::text::Token;
use crate::words::{ClassSet, WordClass};

/// Future when an auxiliary of the future stands between two spaces ("sera", "will")
/// or, in French, a verb ends like a future ("accueillera": `future_verb`); past
/// otherwise; decides the year of partial dates. Reads the sentence's tokens: folding
/// the sentence again for it was 2% of `extract` (perf, 10,000 articles).
pub(super) fn tense_of(
    classes: &[ClassSet],
    tokens: &[Token],
    future_verb: impl Fn(&str) -> bool,
) -> Tense {
    let spaced = |a: &Token, b: &Token| a.span.end < b.span.start;
    let is_future = tokens
        .windows(3)
        .zip(classes.get(1..).unwrap_or_default())
        .any(|(window, classes)| {
            classes.contains(WordClass::FutureAuxiliary)
                && spaced(&window[0], &window[1])
                && spaced(&window[1], &window[2])
        })
        || tokens
            .iter()
            .any(|token| token.is_word && !token.capitalised && future_verb(token.norm));
    if is_future { Tense::Other } else { Tense::Past }
}

impl SentenceReader<'_, '_> {
    /// The tense of the clause that holds a time expression, when its own verbs show
    /// one: future by a future auxiliary or ending, else past by an auxiliary of the
    /// past, a past form ("said", "met") or a past ending ("announced", "signé"). The
    /// clause runs between the marks and the words that open clauses around the
    /// expression: "Oracle will invest in Peru, the company said on Tuesday" and "an
    /// investment announced Tuesday that would boost..." speak of the Tuesday before
    /// publication, "Le sommet, qui se tiendra mardi" of the one after. None when the
    /// clause shows no tense ("On Tuesday, ..."): the sentence's then.
    pub(super) fn clause_tense(
        &self,
        sentence: std::ops::Range<usize>,
        span: Span,
    ) -> Option<Tense> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(span.start);
        let after = tokens.at(span.end);
        let bound = |at: usize| self.clause_mark(at) || self.word_is(at, WordClass::ClauseOpener);
        let start = (sentence.start..first)
            .rev()
            .find(|&at| bound(at))
            .map_or(sentence.start, |at| at + 1);
        let end = (after..sentence.end)
            .find(|&at| bound(at))
            .unwrap_or(sentence.end);
        let lang = self.ctx.lang;
        let words = self.words();
        let mut past = false;
        for at in (start..first).chain(after..end) {
            let token = &tokens.tokens[at];
            if !token.is_word {
                continue;
            }
            let written = &self.ctx.text[token.span.start..token.span.end];
            // The endings of the document's language, on a word in lower case: "camera"
            // is no future.
            let ends_with = |class: WordClass, longer: usize| {
                !token.capitalised
                    && token.norm.len() > longer
                    && words.ends_with_written(lang, written, class)
            };
            if self.word_is(at, WordClass::FutureAuxiliary) || ends_with(WordClass::FutureEnding, 5)
            {
                return Some(Tense::Other);
            }
            // "à" is no "a": a marker written with accents its folded form lost is none.
            let unaccented = written.eq_ignore_ascii_case(token.norm);
            past |= unaccented
                && (words.is_in(lang, token.norm, WordClass::PastAuxiliary)
                    || words.is_in(lang, token.norm, WordClass::PastVerb)
                    || self.reflexive_auxiliary(at))
                || ends_with(WordClass::PastEnding, 4);
        }
        past.then_some(Tense::Past)
    }

    /// Whether the token at `at` is an auxiliary after a reflexive pronoun, a past
    /// tense whatever the auxiliary ("s'est ouvert", "se sont réunis").
    fn reflexive_auxiliary(&self, at: usize) -> bool {
        let tokens = self.ctx.tokens;
        if !self
            .words()
            .is_in(self.ctx.lang, tokens.norm(at), WordClass::Auxiliary)
        {
            return false;
        }
        let before = match at.checked_sub(1) {
            Some(before) if tokens.norm(before) == "'" => before.checked_sub(1),
            before => before,
        };
        before.is_some_and(|before| {
            self.words()
                .is_in(self.ctx.lang, tokens.norm(before), WordClass::Reflexive)
        })
    }

    /// The date of a sentence that names a relation again with a definite article or a
    /// demonstrative before its trigger ("the crackdown announced yesterday", "cet
    /// accord, signé le 3 mars") and gives one date.
    pub(super) fn dated_anaphor(&self, trigger: &TriggerHit) -> Option<DateValue> {
        let first = self.ctx.tokens.at(trigger.span.start);
        let range = self.ctx.tokens.sentence_range(self.sentence);
        if first == range.start {
            return None;
        }
        let mut before = first - 1;
        if self.ctx.tokens.norm(before) == "'" && before > range.start {
            before -= 1;
        }
        let classes = self.classes_at(before);
        if !(classes.contains(WordClass::DefiniteArticle)
            || classes.contains(WordClass::ElidedArticle)
            || classes.contains(WordClass::Demonstrative))
        {
            return None;
        }
        // One date, maybe said twice ("yesterday (Jan. 13)").
        let (&(_, date), rest) = self.dates().split_first()?;
        rest.iter().all(|(_, other)| *other == date).then_some(date)
    }

    /// The one date of this sentence, read as of a time to come, when its subject is an
    /// event noun after a determiner ("Le sommet réunira les délégations lundi et
    /// mardi", "The summit runs on Monday and Tuesday"): what an announced
    /// participation in the event the sentence before names takes.
    pub(super) fn event_subject_date(&self) -> Option<DateValue> {
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let mut at = range.start;
        while at < range.end
            && at < range.start + 3
            && (self.is_definite_article(at)
                || self.word_is(at, WordClass::Demonstrative)
                || self.word_is(at, WordClass::AnaphoricDeterminer)
                || tokens.norm(at) == "'")
        {
            at += 1;
        }
        if at == range.start || at >= range.end || !self.word_is(at, WordClass::EventNoun) {
            return None;
        }
        let found = date::find_dates_in(
            &self.ctx.lexicon.dates,
            tokens.of_sentence(self.sentence),
            self.ctx.published,
            Tense::Other,
        );
        let (first, rest) = found.split_first()?;
        rest.iter()
            .all(|other| other.value == first.value)
            .then_some(first.value)
    }

    /// The one date of the sentence before, when the subject before the trigger
    /// points back: a plural pronoun, "both countries", or an anaphor ("the country",
    /// "the company").
    fn date_pointed_back(&self, trigger: &TriggerHit) -> Option<DateValue> {
        let previous = self.sentence.checked_sub(1)?;
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let first = tokens.at(trigger.span.start);
        let pronoun = (range.start..first).any(|at| self.points_back_to_pair(at));
        let anaphor = self
            .mentions
            .iter()
            .any(|mention| mention.form == Form::Anaphor && mention.span.end <= trigger.span.start);
        if !pronoun && !anaphor {
            return None;
        }
        // Read once per sentence: a sentence of many relations asked it for each.
        *self.previous_date.get_or_init(|| {
            let found = self.dates_of_sentence(previous);
            let (first_date, rest) = found.split_first()?;
            rest.iter()
                .all(|other| other.value == first_date.value)
                .then_some(first_date.value)
        })
    }

    /// The time expression nearest the trigger, in its clause: "Oracle, which signed a
    /// deal with Chile last year, will partner with Peru" dates the partnership with
    /// Chile only. A trigger in a side clause with no date of its own takes the
    /// sentence's.
    fn nearest_date_in_clause(&self, trigger: &TriggerHit) -> Option<DateValue> {
        if self.dates().is_empty() {
            return None;
        }
        let tokens = self.ctx.tokens;
        // Only a clause of a relation of its own keeps its date: "the Lima Summit,
        // which opened on Monday, ..." dates the main clause too.
        let side: Vec<&std::ops::Range<usize>> = self
            .side_clauses()
            .iter()
            .filter(|clause| {
                self.triggers
                    .iter()
                    .any(|hit| clause.contains(&tokens.at(hit.span.start)))
            })
            .collect();
        let clause_of = |offset: usize| {
            let at = tokens.at(offset);
            side.iter().position(|clause| clause.contains(&at))
        };
        let trigger_clause = clause_of(trigger.span.start);
        let nearest = |same_clause: bool| {
            self.dates()
                .iter()
                .filter(|(span, _)| !same_clause || clause_of(span.start) == trigger_clause)
                .min_by_key(|(span, _)| self.token_distance(*span, trigger.span))
        };
        let found = match trigger_clause {
            None => nearest(true),
            Some(_) => nearest(true).or_else(|| nearest(false)),
        };
        found.map(|(_, value)| *value)
    }

    pub(super) fn date(
        &self,
        trigger: &TriggerHit,
        participants: &[usize],
        status: Status,
        reports_news: bool,
    ) -> (Option<DateValue>, DateSource) {
        if let Some(value) = self.nearest_date_in_clause(trigger) {
            return (Some(value), DateSource::Text);
        }
        // "Kenya and Ghana met on March 3. They signed...", "Les deux pays ont signé":
        // a subject that points back takes the one date of the sentence before.
        // Not a past date for a relation yet to come: "Humain was launched in May. The
        // company will partner with Qualcomm" is news of the publication's day.
        let before_publication = |date: DateValue| {
            self.ctx
                .published
                .and_then(DateValue::reference_day)
                .zip(date.reference_day())
                .is_some_and(|(published, day)| day < published)
        };
        if let Some(date) = self.date_pointed_back(trigger)
            && !(status == Status::Announced && before_publication(date))
        {
            return (Some(date), DateSource::Text);
        }
        if (trigger.kind == RelationKind::Participation
            || participants
                .iter()
                .any(|&actor| self.actor_kind(actor) == ActorKind::Event))
            && let Some(date) = participants
                .iter()
                .find_map(|&actor| self.ctx.resolution.actors[actor].date)
        {
            return (Some(date), DateSource::Event);
        }
        let is_news = reports_news
            || matches!(
                status,
                Status::Announced | Status::Proposed | Status::Intended
            )
            || trigger.kind.info().news;
        match (is_news, self.ctx.published) {
            (true, Some(published)) => (Some(published), DateSource::Publication),
            _ => (None, DateSource::None),
        }
    }
}
