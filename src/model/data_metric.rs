//! Data quality vocabulary shared by the core and the sandbox: the data metric schedule of
//! a table or view (its documented values, in canonical form) and the system data metric
//! functions Snowflake ships in `SNOWFLAKE.CORE`, with the columns each is added on.
//!
//! Both sides need the same rules — `validate` refuses what the emulator would refuse, and
//! the emulator refuses what Snowflake does — so they are written once, here.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::schedule::Schedule;

/// The minutes a `'<n> MINUTE'` data metric schedule may take: "5, 15, 30, 60, 720, or
/// 1440" (https://docs.snowflake.com/en/sql-reference/sql/alter-table, "Data metric
/// function actions", DATA_METRIC_SCHEDULE).
pub const SCHEDULE_MINUTES: [u32; 6] = [5, 15, 30, 60, 720, 1440];

/// When the data metric functions of a table or view run
/// (https://docs.snowflake.com/en/user-guide/data-quality-working, "Schedule the DMF to
/// run"): every few minutes, on a cron expression with its time zone, or after each DML
/// change (tables only).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MetricSchedule {
    Minutes(u32),
    /// `USING CRON <five fields> <time zone>`, validated as a task's cron is.
    Cron(Schedule),
    TriggerOnChanges,
}

impl MetricSchedule {
    /// Reads a schedule as ALTER TABLE takes it: `'<n> MINUTE'` (`'<n> M'` and `MINUTES`
    /// read too), `'USING CRON <expr> <tz>'` or `'TRIGGER_ON_CHANGES'`, any case.
    pub fn parse(text: &str) -> Result<MetricSchedule, String> {
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| w.to_ascii_uppercase())
            .collect();
        match words.as_slice() {
            [word] if word == "TRIGGER_ON_CHANGES" => Ok(MetricSchedule::TriggerOnChanges),
            [n, unit] if matches!(unit.as_str(), "M" | "MINUTE" | "MINUTES") => {
                let minutes: u32 = n
                    .parse()
                    .map_err(|_| format!("{n:?} is not a whole number of minutes"))?;
                if !SCHEDULE_MINUTES.contains(&minutes) {
                    return Err(format!(
                        "a data metric schedule runs every 5, 15, 30, 60, 720 or 1440 minutes, not {minutes}"
                    ));
                }
                Ok(MetricSchedule::Minutes(minutes))
            }
            [using, cron, ..] if using == "USING" && cron == "CRON" => Schedule::parse(text)
                .map(MetricSchedule::Cron)
                .map_err(|e| e.to_string()),
            _ => Err(format!(
                "invalid data metric schedule {text:?}: expected '<n> MINUTE', 'USING CRON <expression> <time zone>' or 'TRIGGER_ON_CHANGES'"
            )),
        }
    }
}

impl fmt::Display for MetricSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricSchedule::Minutes(n) => write!(f, "{n} MINUTE"),
            MetricSchedule::Cron(cron) => write!(f, "{cron}"),
            MetricSchedule::TriggerOnChanges => f.write_str("TRIGGER_ON_CHANGES"),
        }
    }
}

impl Serialize for MetricSchedule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MetricSchedule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        MetricSchedule::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// How many columns a system data metric function is added on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Columns {
    /// `ON ()`: a table-level metric (ROW_COUNT).
    None,
    /// `ON (c)`.
    One,
    /// `ON ()` or `ON (c)` (FRESHNESS: the table's last change, or a timestamp column).
    NoneOrOne,
}

/// The schema holding the system data metric functions.
pub const SYSTEM_SCHEMA: (&str, &str) = ("SNOWFLAKE", "CORE");

/// The system data metric functions in `SNOWFLAKE.CORE`
/// (https://docs.snowflake.com/en/user-guide/data-quality-system-dmfs) and the columns
/// each is added on. ACCEPTED_VALUES is left out: it takes a lambda besides its column,
/// which lakeform does not model yet.
pub const SYSTEM_FUNCTIONS: &[(&str, Columns)] = &[
    ("BLANK_COUNT", Columns::One),
    ("BLANK_PERCENT", Columns::One),
    ("DATA_METRIC_SCHEDULE_TIME", Columns::None),
    ("DUPLICATE_COUNT", Columns::One),
    ("FRESHNESS", Columns::NoneOrOne),
    ("NULL_COUNT", Columns::One),
    ("NULL_PERCENT", Columns::One),
    ("ROW_COUNT", Columns::None),
    ("UNIQUE_COUNT", Columns::One),
    ("AVG", Columns::One),
    ("MAX", Columns::One),
    ("MIN", Columns::One),
    ("STDDEV", Columns::One),
];

/// The columns `SNOWFLAKE.CORE.<name>` is added on, when it is a system data metric
/// function.
pub fn system_function(database: &str, schema: &str, name: &str) -> Option<Columns> {
    if (database, schema) != SYSTEM_SCHEMA {
        return None;
    }
    SYSTEM_FUNCTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, columns)| *columns)
}

impl Columns {
    /// Whether `n` columns fit.
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Columns::None => n == 0,
            Columns::One => n == 1,
            Columns::NoneOrOne => n <= 1,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Columns::None => "no column (ON ())",
            Columns::One => "exactly one column",
            Columns::NoneOrOne => "no column or one",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_take_the_documented_values_only() {
        for (text, canonical) in [
            ("60 minute", "60 MINUTE"),
            ("5 M", "5 MINUTE"),
            ("1440 MINUTES", "1440 MINUTE"),
            ("trigger_on_changes", "TRIGGER_ON_CHANGES"),
            ("USING CRON 0 8 * * * UTC", "USING CRON 0 8 * * * UTC"),
        ] {
            assert_eq!(
                MetricSchedule::parse(text).unwrap().to_string(),
                canonical,
                "{text}"
            );
        }
        for bad in [
            "10 MINUTE",
            "60 HOURS",
            "",
            "USING CRON 0 8 * * UTC",
            "SOON",
        ] {
            assert!(MetricSchedule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn system_functions_are_known_with_their_columns() {
        assert_eq!(
            system_function("SNOWFLAKE", "CORE", "NULL_COUNT"),
            Some(Columns::One)
        );
        assert_eq!(
            system_function("SNOWFLAKE", "CORE", "ROW_COUNT"),
            Some(Columns::None)
        );
        assert!(Columns::NoneOrOne.accepts(0) && Columns::NoneOrOne.accepts(1));
        assert!(!Columns::None.accepts(1));
        assert_eq!(system_function("PR", "CORE", "NULL_COUNT"), None);
        assert_eq!(system_function("SNOWFLAKE", "CORE", "NOPE"), None);
    }
}
