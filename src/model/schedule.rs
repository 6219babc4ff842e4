//! Task schedules: `USING CRON <min> <hour> <day> <month> <weekday> <time zone>` or
//! `<n> MINUTE[S]`, validated and kept in canonical form.

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
