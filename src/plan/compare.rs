//! Comparing a saved plan with the plan lakeform makes now, field by field, to say how a
//! plan file differs from what it claims to be.
//!
//! `apply PLANFILE` never executes what a file says: it re-derives the plan from the
//! desired and live state and runs that, and only when the file equals it in every
//! change, step, tier, reason, dependency, task-graph step, unmanaged object, affected
//! dependent and fingerprint. An integrity digest would not do: whoever edits the file can
//! recompute it. The differences are listed so that the refusal says what was altered.
//!
//! Text read from the file is shown through `{:?}`, which escapes control characters: an
//! edited file must not be able to write escape sequences to the terminal.

use std::fmt;

use super::{Change, Plan, TaskGraph};

/// At most this many differences are listed; a wholesale edit needs no longer list.
const SHOWN: usize = 20;

/// How a plan file differs from the plan made now, one line each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Differences(pub Vec<String>);

impl Differences {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Differences {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in self.0.iter().take(SHOWN) {
            writeln!(f, "  {line}")?;
        }
        if self.0.len() > SHOWN {
            writeln!(f, "  … and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

/// Every way `file` differs from `now` (empty when they are equal).
pub(crate) fn differences(file: &Plan, now: &Plan) -> Differences {
    let mut out = Vec::new();
    if file.format_version != now.format_version {
        out.push(format!(
            "format_version: the file says {}, this lakeform writes {}",
            file.format_version, now.format_version
        ));
    }
    if file.environment != now.environment {
        out.push(format!(
            "environment: the file says {:?}, the plan is for {:?}",
            file.environment, now.environment
        ));
    }
    if file.desired_hash != now.desired_hash {
        out.push("desired_hash differs from the desired state's".to_string());
    }
    if file.made_at != now.made_at {
        out.push(format!(
            "made_at: the file says {:?}, the plan was re-made for {:?}",
            file.made_at, now.made_at
        ));
    }
    changes(&file.changes, &now.changes, &mut out);
    task_graphs(&file.task_graphs, &now.task_graphs, &mut out);
    if file.unmanaged != now.unmanaged {
        out.push(format!(
            "unmanaged: the file lists {} object(s), the plan made now {}",
            file.unmanaged.len(),
            now.unmanaged.len()
        ));
    }
    if file.unmanaged_grants != now.unmanaged_grants {
        out.push(format!(
            "unmanaged grants: the file lists {}, the plan made now {}",
            file.unmanaged_grants.len(),
            now.unmanaged_grants.len()
        ));
    }
    if file.affected != now.affected {
        out.push(format!(
            "affected: the file lists {} unchanged dependent(s), the plan made now {}{}",
            file.affected.len(),
            now.affected.len(),
            if file.affected.len() == now.affected.len() {
                " with other objects or dependencies"
            } else {
                ""
            }
        ));
    }
    if file.fingerprints != now.fingerprints {
        out.push(format!(
            "fingerprints: the file has {} entries, the plan made now reads {} objects{}",
            file.fingerprints.len(),
            now.fingerprints.len(),
            if file.fingerprints.len() == now.fingerprints.len() {
                " with other hashes"
            } else {
                ""
            }
        ));
    }
    Differences(out)
}

fn changes(file: &[Change], now: &[Change], out: &mut Vec<String>) {
    if file.len() != now.len() {
        out.push(format!(
            "changes: the file has {}, the plan made now has {} (a change was added or removed)",
            file.len(),
            now.len()
        ));
    }
    for (index, (f, n)) in file.iter().zip(now).enumerate() {
        let number = index + 1;
        if f.address != n.address {
            out.push(format!(
                "change {number}: the file has {:?}, the plan made now has {} (changes added, removed or reordered)",
                f.address.to_string(),
                n.address
            ));
            continue;
        }
        let at = &n.address;
        let mut field = |name: &str, differs: bool, detail: String| {
            if differs {
                out.push(format!("change {number} ({at}): {name} {detail}"));
            }
        };
        field(
            "action",
            f.action != n.action,
            format!("is {} in the file, {} now", f.action, n.action),
        );
        field(
            "tier",
            f.tier != n.tier,
            format!("is {} in the file, {} now", f.tier, n.tier),
        );
        field("reasons", f.reasons != n.reasons, "differ".into());
        field("attributes", f.attributes != n.attributes, "differ".into());
        field("depends_on", f.depends_on != n.depends_on, "differs".into());
        field("task_graph", f.task_graph != n.task_graph, "differs".into());
        field("caused_by", f.caused_by != n.caused_by, "differs".into());
        if f.steps.len() != n.steps.len() {
            field(
                "steps",
                true,
                format!(
                    "number {} in the file, {} now",
                    f.steps.len(),
                    n.steps.len()
                ),
            );
        } else {
            for (step, (fs, ns)) in f.steps.iter().zip(&n.steps).enumerate() {
                field(
                    &format!("step {}", step + 1),
                    fs != ns,
                    format!(
                        "is {:?} in the file, {:?} now",
                        fs.describe(),
                        ns.describe()
                    ),
                );
            }
        }
    }
}

fn task_graphs(file: &[TaskGraph], now: &[TaskGraph], out: &mut Vec<String>) {
    if file.len() != now.len() {
        out.push(format!(
            "task_graphs: the file has {}, the plan made now has {}",
            file.len(),
            now.len()
        ));
    }
    for (f, n) in file.iter().zip(now) {
        if f.root != n.root {
            out.push(format!(
                "task graph: the file has root {:?}, the plan made now {}",
                f.root.to_string(),
                n.root
            ));
            continue;
        }
        for (phase, fs, ns) in [
            ("suspend", &f.suspend, &n.suspend),
            ("resume", &f.resume, &n.resume),
            ("restore", &f.restore, &n.restore),
        ] {
            if fs != ns {
                out.push(format!(
                    "task graph {}: {phase} has {} step(s) in the file, {} now{}",
                    n.root,
                    fs.len(),
                    ns.len(),
                    if fs.len() == ns.len() {
                        ", with other statements"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Kind};
    use crate::plan::{Action, FORMAT_VERSION, Step, Tier};

    fn plan() -> Plan {
        let mut change = Change::new(
            Address::new(Kind::Table, "DB.S.T"),
            Action::Update,
            Tier::Destructive,
        );
        change
            .steps
            .push(Step::sql("ALTER TABLE DB.S.T DROP COLUMN C"));
        let mut other = Change::new(
            Address::new(Kind::View, "DB.S.V"),
            Action::Create,
            Tier::Safe,
        );
        other
            .steps
            .push(Step::sql("CREATE VIEW DB.S.V AS SELECT 1 AS X"));
        Plan {
            format_version: FORMAT_VERSION,
            environment: "dev".into(),
            desired_hash: "h".into(),
            made_at: "2026-01-02T03:04:05Z".into(),
            changes: vec![change, other],
            unmanaged: vec![],
            unmanaged_grants: vec![],
            affected: vec![],
            task_graphs: vec![TaskGraph {
                root: Address::new(Kind::Task, "DB.S.ROOT"),
                suspend: vec![Step::sql("ALTER TASK DB.S.ROOT SUSPEND")],
                resume: vec![Step::sql(
                    "SELECT SYSTEM$TASK_DEPENDENTS_ENABLE('DB.S.ROOT')",
                )],
                restore: vec![],
            }],
            fingerprints: vec![],
        }
    }

    #[test]
    fn equal_plans_have_no_differences() {
        assert!(differences(&plan(), &plan()).is_empty());
    }

    #[test]
    fn every_tampering_form_is_named() {
        let now = plan();
        let listed = |edit: &dyn Fn(&mut Plan)| {
            let mut file = plan();
            edit(&mut file);
            let found = differences(&file, &now);
            assert!(!found.is_empty());
            found.to_string()
        };
        let text = listed(&|p| p.changes[0].steps[0] = Step::sql("DROP DATABASE DB"));
        assert!(
            text.contains("change 1 (table DB.S.T): step 1 is \"DROP DATABASE DB\""),
            "{text}"
        );
        let text = listed(&|p| p.changes[0].tier = Tier::Safe);
        assert!(
            text.contains("tier is safe in the file, destructive now"),
            "{text}"
        );
        let text = listed(&|p| p.task_graphs[0].resume.clear());
        assert!(
            text.contains("resume has 0 step(s) in the file, 1 now"),
            "{text}"
        );
        let text = listed(&|p| p.changes.swap(0, 1));
        assert!(text.contains("reordered"), "{text}");
        let text = listed(&|p| {
            let extra = p.changes[1].clone();
            p.changes.push(extra)
        });
        assert!(
            text.contains("the file has 3, the plan made now has 2"),
            "{text}"
        );
        let text = listed(&|p| {
            p.fingerprints.push(crate::plan::Fingerprint {
                address: Address::new(Kind::Table, "DB.S.T"),
                sha256: None,
            })
        });
        assert!(text.contains("fingerprints"), "{text}");
        let text = listed(&|p| {
            p.affected.push(crate::plan::Affected {
                address: Address::new(Kind::View, "DB.S.ON_T"),
                depends_on: vec![Address::new(Kind::Table, "DB.S.T")],
            })
        });
        assert!(
            text.contains("affected: the file lists 1 unchanged dependent(s), the plan made now 0"),
            "{text}"
        );
    }

    #[test]
    fn text_from_the_file_is_escaped() {
        let mut file = plan();
        file.changes[0].steps[0] = Step::sql("\u{1b}[2J No changes");
        let text = differences(&file, &plan()).to_string();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("\\u{1b}[2J"), "{text}");
    }
}
