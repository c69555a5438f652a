//! Reference arithmetic: relative expressions resolved against the publication date
//! at the precision it has (a day, a month or a year), degrading to what is known.

use super::Tense;
use crate::model::{DatePoint, DateValue, Day};

/// The publication date as the reference for relative expressions.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reference {
    pub(super) published: Option<DateValue>,
}

impl Reference {
    pub(super) fn day(self) -> Option<Day> {
        match self.published? {
            DateValue::Day(day) => Some(day),
            _ => None,
        }
    }

    pub(super) fn year(self) -> Option<i32> {
        match self.published? {
            DateValue::Day(day) => Some(day.year),
            DateValue::Month { year, .. } => Some(year),
            DateValue::Year(year) => Some(year),
            DateValue::Interval(start, _) => match start {
                DatePoint::Day(day) => Some(day.year),
                DatePoint::Month { year, .. } | DatePoint::Year(year) => Some(year),
            },
            DateValue::MonthDay { .. } => None,
        }
    }

    pub(super) fn month(self) -> Option<(i32, u32)> {
        match self.published? {
            DateValue::Day(day) => Some((day.year, day.month)),
            DateValue::Month { year, month } => Some((year, month)),
            _ => None,
        }
    }

    /// The publication date at its own precision: what a relative day degrades to.
    pub(super) fn as_known(self) -> Option<DateValue> {
        match self.published? {
            DateValue::MonthDay { .. } => None,
            other => Some(other),
        }
    }

    pub(super) fn shift_days(self, days: i64) -> Option<DateValue> {
        match self.day() {
            Some(day) => Some(DateValue::Day(day.add_days(days))),
            None => self.as_known(),
        }
    }

    pub(super) fn shift_months(self, months: i32) -> Option<DateValue> {
        let (year, month) = self.month()?;
        let index = year * 12 + month as i32 - 1 + months;
        Some(DateValue::Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u32,
        })
    }

    pub(super) fn shift_years(self, years: i32) -> Option<DateValue> {
        Some(DateValue::Year(self.year()? + years))
    }

    /// The week `weeks` away from the publication week (Monday to Sunday), written as a
    /// month when it lies in one month, else as an interval of days.
    pub(super) fn week(self, weeks: i64) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let monday = day.add_days(-i64::from(day.weekday()) + 7 * weeks);
        let sunday = monday.add_days(6);
        if monday.year == sunday.year && monday.month == sunday.month {
            Some(DateValue::Month {
                year: monday.year,
                month: monday.month,
            })
        } else {
            Some(DateValue::Interval(
                DatePoint::Day(monday),
                DatePoint::Day(sunday),
            ))
        }
    }

    /// A day and month without a year: the publication year, or the year before when
    /// that would put a past event after publication.
    pub(super) fn day_of_month(self, month: u32, day: u32, tense: Tense) -> Option<DateValue> {
        let Some(year) = self.year() else {
            return Day::new(2000, month, day).map(|_| DateValue::MonthDay { month, day });
        };
        let candidate = Day::new(year, month, day)?;
        let after_publication = match self.published? {
            DateValue::Day(published) => candidate > published,
            DateValue::Month {
                month: published_month,
                ..
            } => month > published_month,
            _ => false,
        };
        if after_publication && tense == Tense::Past {
            return Day::new(year - 1, month, day).map(DateValue::Day);
        }
        Some(DateValue::Day(candidate))
    }

    /// A month without a year, resolved the same way.
    pub(super) fn month_of_year(self, month: u32, past: bool) -> Option<DateValue> {
        let (year, published_month) = match self.month() {
            Some(known) => known,
            None => return self.year().map(|year| DateValue::Month { year, month }),
        };
        let year = if past && month > published_month {
            year - 1
        } else {
            year
        };
        Some(DateValue::Month { year, month })
    }

    /// A weekday relative to the publication week: `offset_weeks` 0 is "ce mardi".
    pub(super) fn weekday(self, weekday: u32, offset_weeks: i64) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let monday = day.add_days(-i64::from(day.weekday()));
        Some(DateValue::Day(
            monday.add_days(i64::from(weekday) + 7 * offset_weeks),
        ))
    }

    /// The last such weekday on or before publication ("signé jeudi").
    pub(super) fn weekday_on_or_before(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let back = (i64::from(day.weekday()) - i64::from(weekday)).rem_euclid(7);
        Some(DateValue::Day(day.add_days(-back)))
    }

    /// The next such weekday on or after publication ("se réuniront jeudi").
    pub(super) fn weekday_on_or_after(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let ahead = (i64::from(weekday) - i64::from(day.weekday())).rem_euclid(7);
        Some(DateValue::Day(day.add_days(ahead)))
    }

    /// The Saturday and Sunday of the last weekend up to publication (`past`), or of
    /// the next from it.
    pub(super) fn weekend(self, past: bool) -> Option<DateValue> {
        let saturday = if past {
            self.weekday_on_or_before(5)
        } else {
            self.weekday_on_or_after(5)
        };
        match saturday? {
            DateValue::Day(saturday) => Some(DateValue::Interval(
                DatePoint::Day(saturday),
                DatePoint::Day(saturday.add_days(1)),
            )),
            known => Some(known),
        }
    }

    /// The last such weekday strictly before publication.
    pub(super) fn last_weekday(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let back = (i64::from(day.weekday()) - i64::from(weekday)).rem_euclid(7);
        let back = if back == 0 { 7 } else { back };
        Some(DateValue::Day(day.add_days(-back)))
    }
}
