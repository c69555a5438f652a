//! Per-document indexes the rules ask instead of scanning every mention: demonym
//! mentions by end and start, and the bytes already covered by mentions.

use super::{ActorMention, Form};
use crate::model::{Span, sorted_range};

/// The demonym mentions ("marocain", "américaine"): the first that ends at an offset,
/// the first that starts after one, and whether one lies inside a span, answered without
/// a scan of every mention for every capitalised word, which grew with the square of
/// the names of a long text (`extract` of a text of one sentence, 1.3 MB and 40,000
/// names, took 1.6 s where the same text of 10,000 names took 0.13 s).
pub(super) struct Demonyms {
    /// `(end, index among the mentions)` of each demonym mention, sorted: the first of
    /// an end is the first a scan in mention order finds.
    by_end: Vec<(usize, usize)>,
    /// Their spans, by start.
    spans: Vec<Span>,
}

impl Demonyms {
    pub(super) fn of(mentions: &[ActorMention]) -> Demonyms {
        let mut by_end = Vec::new();
        let mut spans = Vec::new();
        for (index, mention) in mentions.iter().enumerate() {
            if mention.form == Form::Demonym {
                by_end.push((mention.span.end, index));
                spans.push(mention.span);
            }
        }
        by_end.sort_unstable();
        spans.sort_unstable_by_key(|span| (span.start, span.end));
        Demonyms { by_end, spans }
    }

    /// The first demonym mention that ends at `end`.
    pub(super) fn ending_at(&self, end: usize) -> Option<usize> {
        self.by_end[sorted_range(&self.by_end, end..=end, |&(other, _)| other)]
            .first()
            .map(|&(_, index)| index)
    }

    /// The start of the first demonym mention that starts after `offset`: of those that
    /// start after it, the first token it starts in comes first.
    pub(super) fn first_starting_after(&self, offset: usize) -> Option<usize> {
        let first = self.spans.partition_point(|other| other.start <= offset);
        self.spans.get(first).map(|span| span.start)
    }

    /// The span of the first demonym mention that starts at byte `start`.
    pub(super) fn starting_at(&self, start: usize) -> Option<Span> {
        let first = self.spans.partition_point(|other| other.start < start);
        self.spans
            .get(first)
            .filter(|span| span.start == start)
            .copied()
    }

    /// Whether a demonym mention lies inside `span`.
    pub(super) fn any_within(&self, span: Span) -> bool {
        self.spans[sorted_range(&self.spans, span.start..=span.end, |other| other.start)]
            .iter()
            .any(|other| span.contains(*other))
    }
}

/// Which bytes of the text mentions already take, one bit per byte. Checking a token
/// against a list of spans made `resolve` quadratic in the mentions of a document
/// (perf on 2,000 seed articles: 14% of `extract`); a flag per byte, tested byte by
/// byte for every token of several passes, was 3.3% of the pipeline's instructions
/// (callgrind, the 17 bundled articles); a bit per byte answers with a mask or two.
pub(super) struct Covered {
    bits: Vec<u64>,
    n_bytes: usize,
}

impl Covered {
    pub(super) fn new(n_bytes: usize) -> Covered {
        Covered {
            bits: vec![0; n_bytes.div_ceil(64)],
            n_bytes,
        }
    }

    /// The bits of word `word` that lie in `start..end`.
    pub(super) fn mask(word: usize, start: usize, end: usize) -> u64 {
        let low = start.saturating_sub(word * 64).min(64);
        let high = end.saturating_sub(word * 64).min(64);
        let below = |n: usize| if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        below(high) & !below(low)
    }

    /// The span clamped to the text, and the words it falls in.
    pub(super) fn clamp(&self, span: Span) -> (usize, usize, std::ops::Range<usize>) {
        let end = span.end.min(self.n_bytes);
        let start = span.start.min(end);
        let words = if start == end {
            0..0
        } else {
            start / 64..(end - 1) / 64 + 1
        };
        (start, end, words)
    }

    pub(super) fn push(&mut self, span: Span) {
        let (start, end, words) = self.clamp(span);
        for word in words {
            self.bits[word] |= Covered::mask(word, start, end);
        }
    }

    #[inline(always)]
    pub(super) fn overlaps(&self, span: Span) -> bool {
        let (start, end, mut words) = self.clamp(span);
        // Nearly every span asked about (a token, a mention) lies in one word: its
        // mask is `Covered::mask`'s without the clamping, which a span inside one word
        // does not need (calling `mask` here costs 0.4% of the pipeline's instructions).
        if words.len() == 1 {
            let width = end - start;
            let mask = (u64::MAX >> (64 - width)) << (start % 64);
            return self.bits[words.start] & mask != 0;
        }
        words.any(|word| self.bits[word] & Covered::mask(word, start, end) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The bitset answers as a flag per byte would, across word boundaries.
        #[test]
        fn covered_bits_agree_with_a_flag_per_byte(
            n_bytes in 0usize..300,
            operations in proptest::collection::vec((proptest::bool::ANY, 0usize..320, 0usize..80), 0..40),
        ) {
            let mut covered = Covered::new(n_bytes);
            let mut flags = vec![false; n_bytes];
            for (is_push, start, length) in operations {
                let span = Span::new(start, start + length);
                let end = span.end.min(n_bytes);
                let range = span.start.min(end)..end;
                if is_push {
                    covered.push(span);
                    flags[range].iter_mut().for_each(|flag| *flag = true);
                } else {
                    proptest::prop_assert_eq!(
                        covered.overlaps(span),
                        flags[range].iter().any(|&flag| flag),
                        "{:?}", span
                    );
                }
            }
        }

        /// `Demonyms` answers as a scan of the mentions in order would: the first
        /// demonym that ends at an offset, whether one lies inside a span, the first
        /// start after an offset.
        #[test]
        fn demonyms_agree_with_a_scan_of_the_mentions(
            mentions in proptest::collection::vec((0usize..40, 0usize..6, proptest::bool::ANY), 0..14),
            probes in proptest::collection::vec((0usize..46, 0usize..8), 1..10),
        ) {
            let mentions: Vec<ActorMention> = mentions
                .into_iter()
                .enumerate()
                .map(|(index, (start, length, demonym))| ActorMention {
                    span: Span::new(start, start + length),
                    actors: vec![index],
                    form: if demonym { Form::Demonym } else { Form::Name },
                    sentence: 0,
                })
                .collect();
            let demonyms = Demonyms::of(&mentions);
            for (start, length) in probes {
                let span = Span::new(start, start + length);
                let first = mentions
                    .iter()
                    .position(|mention| mention.form == Form::Demonym && mention.span.end == span.end);
                proptest::prop_assert_eq!(demonyms.ending_at(span.end), first);
                let within = mentions
                    .iter()
                    .any(|mention| mention.form == Form::Demonym && span.contains(mention.span));
                proptest::prop_assert_eq!(demonyms.any_within(span), within, "{:?}", span);
                let first_after = mentions
                    .iter()
                    .filter(|mention| mention.form == Form::Demonym && mention.span.start > start)
                    .map(|mention| mention.span.start)
                    .min();
                proptest::prop_assert_eq!(demonyms.first_starting_after(start), first_after);
            }
        }
    }
}
