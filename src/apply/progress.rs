//! Showing an apply as it happens: a bar on a terminal, one plain line per finished step
//! otherwise (CI logs), with per-statement timings when asked for.
//!
//! Progress is told about steps after they finish; it never influences the run. The
//! final summary is the report's job (`report`), not this module's.

use std::io::Write;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::executor::StepError;
use crate::model::Address;
use crate::output_escape::{escape_line, escape_text};
use crate::plan::Step;

/// Which part of an apply a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Suspending a task graph's root before its tasks change.
    Suspend,
    /// A step of a planned change.
    Change,
    /// Bringing a task graph to its declared state after all changes.
    Resume,
    /// Putting a task graph back as it was, after a failure.
    Restore,
}

impl Phase {
    fn label(self) -> &'static str {
        match self {
            Phase::Suspend => "suspend",
            Phase::Change => "change",
            Phase::Resume => "resume",
            Phase::Restore => "restore",
        }
    }
}

/// One finished step.
#[derive(Clone, Copy, Debug)]
pub struct StepEvent<'a> {
    pub(crate) phase: Phase,
    /// The changed object, or the root of the task graph for graph steps.
    pub(crate) address: &'a Address,
    pub(crate) step: &'a Step,
    pub(crate) elapsed: Duration,
    pub(crate) error: Option<&'a StepError>,
}

/// Receives progress from [`super::run`].
pub trait Progress {
    /// Called once before anything runs, with the number of steps the plan will run if
    /// nothing fails (graph suspends and resumes included).
    fn begin(&mut self, total_steps: usize) {
        let _ = total_steps;
    }

    fn step_finished(&mut self, event: &StepEvent<'_>);

    /// Called once when nothing more will run.
    fn end(&mut self) {}
}

impl<P: Progress + ?Sized> Progress for &mut P {
    fn begin(&mut self, total_steps: usize) {
        (**self).begin(total_steps)
    }
    fn step_finished(&mut self, event: &StepEvent<'_>) {
        (**self).step_finished(event)
    }
    fn end(&mut self) {
        (**self).end()
    }
}

impl<P: Progress + ?Sized> Progress for Box<P> {
    fn begin(&mut self, total_steps: usize) {
        (**self).begin(total_steps)
    }
    fn step_finished(&mut self, event: &StepEvent<'_>) {
        (**self).step_finished(event)
    }
    fn end(&mut self) {
        (**self).end()
    }
}

/// Shows nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn step_finished(&mut self, _: &StepEvent<'_>) {}
}

/// A bar on a terminal when stderr is one, plain lines on stdout otherwise.
pub(crate) fn for_output(verbose: bool) -> Box<dyn Progress> {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        Box::new(Bar::new(verbose))
    } else {
        Box::new(Lines::new(std::io::stdout(), verbose))
    }
}

/// Statements can be long (procedure bodies, view queries): a progress line shows the
/// first line, cut to this many characters.
const STEP_TEXT_WIDTH: usize = 100;

/// The first line of what a step does, cut to a readable width.
pub(crate) fn short_text(step: &Step) -> String {
    let text = step.describe();
    let first = text.lines().next().unwrap_or_default().trim_end();
    let mut short: String = first.chars().take(STEP_TEXT_WIDTH).collect();
    if short.len() < first.len() || text.lines().nth(1).is_some() {
        short.push('…');
    }
    short
}

fn line(event: &StepEvent<'_>, verbose: bool) -> String {
    let status = if event.error.is_some() {
        "FAILED"
    } else {
        "ok"
    };
    let mut text = format!(
        "{status:<6} {:<7} {}: {}",
        event.phase.label(),
        event.address,
        short_text(event.step)
    );
    if verbose {
        text.push_str(&format!(" ({:.2} s)", event.elapsed.as_secs_f64()));
    }
    if let Some(error) = event.error {
        text.push_str(&format!("\n       {error}"));
    }
    // Addresses, statements and Snowflake's messages may hold control characters.
    escape_text(&text).into_owned()
}

/// One plain line per finished step, for logs.
#[derive(Debug)]
pub(crate) struct Lines<W: Write> {
    out: W,
    verbose: bool,
    done: usize,
    total: usize,
}

impl<W: Write> Lines<W> {
    pub(crate) fn new(out: W, verbose: bool) -> Self {
        Lines {
            out,
            verbose,
            done: 0,
            total: 0,
        }
    }

    #[cfg(test)]
    pub(crate) fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Progress for Lines<W> {
    fn begin(&mut self, total_steps: usize) {
        self.total = total_steps;
    }

    fn step_finished(&mut self, event: &StepEvent<'_>) {
        self.done += 1;
        // The run goes on whether or not its log can be written.
        let _ = writeln!(
            self.out,
            "[{}/{}] {}",
            self.done,
            self.total.max(self.done),
            line(event, self.verbose)
        );
    }

    fn end(&mut self) {
        let _ = self.out.flush();
    }
}

/// An indicatif bar on stderr; failures (and, verbose, every step) are printed above it.
#[derive(Debug)]
pub(crate) struct Bar {
    bar: ProgressBar,
    verbose: bool,
}

impl Bar {
    pub(crate) fn new(verbose: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        // The template is a constant; should indicatif ever reject it the default style
        // still shows the count.
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar { bar, verbose }
    }
}

impl Progress for Bar {
    fn begin(&mut self, total_steps: usize) {
        self.bar.set_length(total_steps as u64);
    }

    fn step_finished(&mut self, event: &StepEvent<'_>) {
        if event.error.is_some() || self.verbose {
            self.bar.println(line(event, self.verbose));
        }
        self.bar
            .set_message(escape_line(&event.address.to_string()).into_owned());
        self.bar.inc(1);
    }

    fn end(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn event<'a>(
        address: &'a Address,
        step: &'a Step,
        error: Option<&'a StepError>,
    ) -> StepEvent<'a> {
        StepEvent {
            phase: Phase::Change,
            address,
            step,
            elapsed: Duration::from_millis(1250),
            error,
        }
    }

    #[test]
    fn plain_lines_count_steps_and_show_timings_only_when_verbose() {
        let address = Address::new(Kind::Table, "DB.S.T");
        let step = Step::sql("CREATE TABLE DB.S.T (A NUMBER(38,0))");
        let mut quiet = Lines::new(Vec::new(), false);
        quiet.begin(2);
        quiet.step_finished(&event(&address, &step, None));
        let text = String::from_utf8(quiet.into_inner()).unwrap();
        assert_eq!(
            text,
            "[1/2] ok     change  table DB.S.T: CREATE TABLE DB.S.T (A NUMBER(38,0))\n"
        );

        let mut verbose = Lines::new(Vec::new(), true);
        verbose.begin(1);
        let error = StepError::Snowflake {
            code: Some("002002".into()),
            sql_state: Some("42710".into()),
            message: "Object 'T' already exists.".into(),
            outcome_unknown: false,
        };
        verbose.step_finished(&event(&address, &step, Some(&error)));
        let text = String::from_utf8(verbose.into_inner()).unwrap();
        assert!(
            text.starts_with("[1/1] FAILED change  table DB.S.T: CREATE TABLE"),
            "{text}"
        );
        assert!(text.contains("(1.25 s)"), "{text}");
        assert!(text.contains("Snowflake error 002002 (42710): Object 'T' already exists."));
    }

    #[test]
    fn long_statements_are_cut_to_their_first_line() {
        let step = Step::sql("CREATE PROCEDURE P()\nRETURNS VARCHAR\nAS $$ … $$");
        assert_eq!(short_text(&step), "CREATE PROCEDURE P()…");
        let long = Step::sql("X".repeat(300));
        assert_eq!(short_text(&long).chars().count(), STEP_TEXT_WIDTH + 1);
    }

    #[test]
    fn lines_escape_control_characters_from_the_server_and_the_statement() {
        let address = Address::new(Kind::Table, "DB.S.\"\u{1b}[31mT\"");
        let step = Step::sql("COMMENT ON TABLE X IS '\u{1b}[2J'");
        let error = StepError::Snowflake {
            code: None,
            sql_state: None,
            message: "bad \r\u{1b}[2K No changes".into(),
            outcome_unknown: false,
        };
        let mut lines = Lines::new(Vec::new(), false);
        lines.begin(1);
        lines.step_finished(&event(&address, &step, Some(&error)));
        let text = String::from_utf8(lines.into_inner()).unwrap();
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
        assert!(text.contains("bad \\u{d}\\u{1b}[2K No changes"), "{text}");
        assert!(text.contains("'\\u{1b}[2J'"), "{text}");
    }
}
