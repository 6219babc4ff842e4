//! When things run: task and alert schedules (`USING CRON <min> <hour> <day> <month>
//! <weekday> <time zone>` or `<n> MINUTE[S]`) and dynamic tables' target lags (`<n>
//! minutes` or `DOWNSTREAM`), validated and kept in canonical form.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// Every `n` minutes.
    Interval { minutes: u32 },
    /// Five cron fields (canonical: upper case, single spaces) and an IANA time zone.
    Cron {
        fields: [String; 5],
        time_zone: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "invalid schedule {0:?}: expected 'USING CRON <minute> <hour> <day of month> <month> <day of week> <time zone>' or '<n> MINUTE'"
    )]
    Shape(String),
    #[error("invalid CRON schedule {schedule:?}: {field} field {value:?} {problem}")]
    Field {
        schedule: String,
        field: &'static str,
        value: String,
        problem: String,
    },
    #[error("invalid CRON schedule {schedule:?}: unknown time zone {zone:?}")]
    TimeZone { schedule: String, zone: String },
    #[error("invalid schedule {0:?}: the interval must be 1 to 11520 minutes")]
    Interval(String),
}

const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    ),
    (
        "day of week",
        0,
        7,
        &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    ),
];

impl Schedule {
    pub fn parse(text: &str) -> Result<Schedule, ScheduleError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        match upper.as_slice() {
            [n, unit] if unit == "MINUTE" || unit == "MINUTES" => {
                let minutes: u32 = n
                    .parse()
                    .map_err(|_| ScheduleError::Shape(text.to_string()))?;
                if !(1..=11_520).contains(&minutes) {
                    return Err(ScheduleError::Interval(text.to_string()));
                }
                Ok(Schedule::Interval { minutes })
            }
            [using, cron, fields @ .., _zone]
                if using == "USING" && cron == "CRON" && fields.len() == 5 =>
            {
                let zone = words[words.len() - 1];
                for ((name, min, max, names), value) in FIELDS.iter().zip(fields) {
                    check_field(value, *min, *max, names).map_err(|problem| {
                        ScheduleError::Field {
                            schedule: text.to_string(),
                            field: name,
                            value: value.clone(),
                            problem,
                        }
                    })?;
                }
                if jiff::tz::TimeZone::get(zone).is_err() {
                    return Err(ScheduleError::TimeZone {
                        schedule: text.to_string(),
                        zone: zone.to_string(),
                    });
                }
                let fields: [String; 5] = [0, 1, 2, 3, 4].map(|i| fields[i].clone());
                Ok(Schedule::Cron {
                    fields,
                    time_zone: zone.to_string(),
                })
            }
            _ => Err(ScheduleError::Shape(text.to_string())),
        }
    }
}

/// One cron field: `*`, `*/n`, values, names, ranges `a-b[/n]`, lists, and `L` (last) in
/// the day fields, as Snowflake's cron accepts.
fn check_field(field: &str, min: u32, max: u32, names: &[&str]) -> Result<(), String> {
    let value = |v: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| *n == v) {
            return Ok(i as u32 + min);
        }
        let n: u32 = v
            .parse()
            .map_err(|_| format!("has {v:?}, which is not a number or name"))?;
        if n < min || n > max {
            return Err(format!("has {n}, outside {min}-{max}"));
        }
        Ok(n)
    };
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        if let Some(step) = step {
            match step.parse::<u32>() {
                Ok(s) if s >= 1 => {}
                _ => {
                    return Err(format!(
                        "has step {step:?}, which must be a positive number"
                    ));
                }
            }
        }
        match range {
            "*" | "?" => {}
            "L" if max == 31 || max == 7 => {}
            r if r.ends_with('L') && max == 7 => {
                value(&r[..r.len() - 1])?;
            }
            r => match r.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (value(a)?, value(b)?);
                    if a > b {
                        return Err(format!("has the range {r:?} that runs backwards"));
                    }
                }
                None => {
                    value(r)?;
                }
            },
        }
    }
    Ok(())
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Interval { minutes } => write!(f, "{minutes} MINUTE"),
            Schedule::Cron { fields, time_zone } => {
                write!(f, "USING CRON {} {time_zone}", fields.join(" "))
            }
        }
    }
}

impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Schedule::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// How stale the table may be: a duration, or `DOWNSTREAM` (refreshed only when a dynamic
/// table reading it refreshes).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum TargetLag {
    Downstream,
    /// `amount` units, kept as written (Snowflake echoes it); compared in seconds.
    Duration {
        amount: u64,
        unit: LagUnit,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LagUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl LagUnit {
    fn seconds(self) -> u64 {
        match self {
            LagUnit::Seconds => 1,
            LagUnit::Minutes => 60,
            LagUnit::Hours => 3600,
            LagUnit::Days => 86_400,
        }
    }

    fn word(self) -> &'static str {
        match self {
            LagUnit::Seconds => "seconds",
            LagUnit::Minutes => "minutes",
            LagUnit::Hours => "hours",
            LagUnit::Days => "days",
        }
    }
}

/// "The minimum value is 60 seconds"
/// (https://docs.snowflake.com/en/sql-reference/sql/create-dynamic-table, TARGET_LAG; the
/// ALTER page says 1 minute).
pub(crate) const MINIMUM_LAG_SECONDS: u64 = 60;

impl TargetLag {
    /// `'<num> { seconds | minutes | hours | days }'` or `DOWNSTREAM`, any case; the
    /// singular unit is read too, as Snowflake echoes what it was given. Refuses a lag
    /// under the documented minimum.
    pub fn parse(text: &str) -> Result<TargetLag, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            [word] if word.eq_ignore_ascii_case("DOWNSTREAM") => Ok(TargetLag::Downstream),
            [amount, unit] => {
                let amount: u64 = amount
                    .parse()
                    .map_err(|_| format!("{amount:?} is not a whole number"))?;
                let unit = match unit.to_ascii_lowercase().trim_end_matches('s') {
                    "second" => LagUnit::Seconds,
                    "minute" => LagUnit::Minutes,
                    "hour" => LagUnit::Hours,
                    "day" => LagUnit::Days,
                    _ => {
                        return Err(format!(
                            "unknown unit {unit:?}: use seconds, minutes, hours or days"
                        ));
                    }
                };
                let lag = TargetLag::Duration { amount, unit };
                if lag.seconds().is_some_and(|s| s < MINIMUM_LAG_SECONDS) {
                    return Err(format!(
                        "a target lag is at least {MINIMUM_LAG_SECONDS} seconds"
                    ));
                }
                Ok(lag)
            }
            _ => Err("expected '<n> seconds|minutes|hours|days' or 'DOWNSTREAM'".into()),
        }
    }

    /// The lag in seconds; `None` for DOWNSTREAM (or a number too large to count).
    pub(crate) fn seconds(self) -> Option<u64> {
        match self {
            TargetLag::Downstream => None,
            TargetLag::Duration { amount, unit } => amount.checked_mul(unit.seconds()),
        }
    }

    /// How CREATE and ALTER write it: a quoted duration, or the keyword.
    pub fn sql(self) -> String {
        match self {
            TargetLag::Downstream => "DOWNSTREAM".into(),
            lag => crate::sql::quote::literal(&lag.to_string()),
        }
    }
}

impl PartialEq for TargetLag {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (TargetLag::Downstream, TargetLag::Downstream) => true,
            (TargetLag::Duration { .. }, TargetLag::Duration { .. }) => {
                self.seconds() == other.seconds()
            }
            _ => false,
        }
    }
}

impl Eq for TargetLag {}

impl fmt::Display for TargetLag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetLag::Downstream => f.write_str("DOWNSTREAM"),
            TargetLag::Duration { amount, unit } => write!(f, "{amount} {}", unit.word()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(
            Schedule::parse("using cron 0 2 * * * UTC")
                .unwrap()
                .to_string(),
            "USING CRON 0 2 * * * UTC"
        );
        assert_eq!(
            Schedule::parse("60 minutes").unwrap(),
            Schedule::parse("60 MINUTE").unwrap()
        );
        assert!(
            Schedule::parse("USING CRON */15 1-5 L JAN-MAR MON-FRI America/Los_Angeles").is_ok()
        );
    }

    #[test]
    fn invalid_schedules() {
        assert!(matches!(
            Schedule::parse("USING CRON 61 2 * * * UTC"),
            Err(ScheduleError::Field {
                field: "minute",
                ..
            })
        ));
        assert!(matches!(
            Schedule::parse("USING CRON 0 2 * * * Mars/Base"),
            Err(ScheduleError::TimeZone { .. })
        ));
        assert!(matches!(
            Schedule::parse("USING CRON 0 2 * * UTC"),
            Err(ScheduleError::Shape(_))
        ));
        assert!(matches!(
            Schedule::parse("0 MINUTE"),
            Err(ScheduleError::Interval(_))
        ));
        assert!(Schedule::parse("USING CRON 0 5-2 * * * UTC").is_err());
        assert!(Schedule::parse("USING CRON 0 2 * FOO * UTC").is_err());
    }
}
