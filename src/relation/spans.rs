//! Indexes over spans sorted by start that answer containment and overlap by binary
//! search: the rules ask them for every candidate, where scanning grew with the square
//! of a sentence's mentions.

use crate::model::Span;

/// Spans sorted by start, with the greatest end among the first `k` for every `k`:
/// whether one of them contains or overlaps a span is a binary search, where testing
/// each trigger against every mention and cue grew with the product of the two.
/// callgrind, `extract` on 1,000 generated articles: 308.8 M -> 308.0 M instructions.
pub(super) struct Reach {
    spans: Vec<Span>,
    /// `max_end[k]`: the greatest end among `spans[..=k]`.
    max_end: Vec<usize>,
}

impl Reach {
    pub(super) fn new(mut spans: Vec<Span>) -> Reach {
        spans.sort_by_key(|span| span.start);
        let max_end = spans
            .iter()
            .scan(0, |max_end, span| {
                *max_end = span.end.max(*max_end);
                Some(*max_end)
            })
            .collect();
        Reach { spans, max_end }
    }

    /// Whether one of the spans contains `span` (starts at or before it and ends at or
    /// after it).
    pub(super) fn contains(&self, span: Span) -> bool {
        let before = self
            .spans
            .partition_point(|other| other.start <= span.start);
        before > 0 && self.max_end[before - 1] >= span.end
    }

    /// Whether one of the spans lies inside `span` (starts at or after it and ends at
    /// or before it).
    pub(super) fn within(&self, span: Span) -> bool {
        let from = self.spans.partition_point(|other| other.start < span.start);
        let to = self.spans.partition_point(|other| other.start <= span.end);
        self.spans[from..to]
            .iter()
            .any(|other| other.end <= span.end)
    }

    /// Whether one of the spans shares a byte with `span`.
    pub(super) fn overlaps(&self, span: Span) -> bool {
        let before = self.spans.partition_point(|other| other.start < span.end);
        before > 0 && self.max_end[before - 1] > span.start
    }
}

/// For each of `items`, the greatest end among it and those before it.
pub(super) fn max_ends<T>(items: &[T], span_of: impl Fn(&T) -> Span) -> Vec<usize> {
    items
        .iter()
        .scan(0, |max_end, item| {
            *max_end = span_of(item).end.max(*max_end);
            Some(*max_end)
        })
        .collect()
}

/// Whether an item of another span contains `span`, of one of `items`: sorted by start
/// and then end, an item that contains it starts before it (the greatest end of those,
/// `max_ends`, reaches its end) or starts with it and ends after it (the last of those
/// that start with it). Asked of every mention of a sentence, a scan of all the others
/// grew with the square of their number: `extract` of a text of one sentence, 1.3 MB
/// and 40,000 names, took 6.3 s.
pub(super) fn contained_in_another<T>(
    items: &[T],
    max_ends: &[usize],
    span: Span,
    span_of: impl Fn(&T) -> Span,
) -> bool {
    let before = items.partition_point(|item| span_of(item).start < span.start);
    let with = before + items[before..].partition_point(|item| span_of(item).start <= span.start);
    (before > 0 && max_ends[before - 1] >= span.end)
        || (with > before && span_of(&items[with - 1]).end > span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `Reach` answers as testing every span would, nested and touching spans
        /// included.
        #[test]
        fn reach_agrees_with_a_scan_of_every_span(
            spans in proptest::collection::vec((0usize..40, 0usize..8), 0..12),
            probes in proptest::collection::vec((0usize..40, 0usize..8), 1..12),
        ) {
            let spans: Vec<Span> = spans.into_iter().map(|(start, len)| Span::new(start, start + len)).collect();
            let reach = Reach::new(spans.clone());
            for (start, len) in probes {
                let probe = Span::new(start, start + len);
                proptest::prop_assert_eq!(reach.contains(probe), spans.iter().any(|span| span.contains(probe)), "{:?}", probe);
                let overlaps = spans.iter().any(|span| span.start < probe.end && probe.start < span.end);
                proptest::prop_assert_eq!(reach.overlaps(probe), overlaps, "{:?}", probe);
                proptest::prop_assert_eq!(reach.within(probe), spans.iter().any(|span| probe.contains(*span)), "{:?}", probe);
            }
        }
    }

    proptest::proptest! {
        /// `contained_in_another` answers as testing every other span would, for spans
        /// sorted as a sentence's mentions are, equal and touching ones included.
        #[test]
        fn containment_agrees_with_a_scan_of_the_other_spans(
            spans in proptest::collection::vec((0usize..30, 0usize..8), 1..14),
        ) {
            let mut spans: Vec<Span> = spans.into_iter().map(|(start, len)| Span::new(start, start + len)).collect();
            spans.sort_by_key(|span| (span.start, span.end));
            let max_end = max_ends(&spans, |span| *span);
            for &probe in &spans {
                let scanned = spans.iter().any(|other| *other != probe && other.contains(probe));
                proptest::prop_assert_eq!(contained_in_another(&spans, &max_end, probe, |span| *span), scanned, "{:?}", probe);
            }
        }
    }
}
