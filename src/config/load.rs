//! Loading an environment: the environment file, its `[vars]`, its includes, every
//! schema file, then the whole-project checks — producing an [`Environment`] or every
//! problem found.
//!
//! Checks run in two stages. Per-file problems (syntax, unknown keys, types, names,
//! values) are collected across all files; the cross-file checks (duplicates, dangling
//! references, task-graph cycles) run only once every entry resolved, so that one typo
//! does not reappear as a dangling reference in every object that names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::kinds::notification_integration::{NotificationTarget, queue_uri_parts};
use crate::model::{Address, DesiredObject, DesiredState, Kind, Object, Resource};

use super::connection::{self, AdlsConfig, Section, SnowflakeConfig};
use super::diagnostic::{ConfigErrors, Diagnostic, MAX_DIAGNOSTICS, keep_first};
use super::document::{self, SyntaxErrors};
use super::environment::Environment;
use super::environment_file::RawEnvironmentFile;
use super::external::External;
use super::interpolate::{
    Lookup, Problem, interpolate, interpolate_tree, is_variable_name, span_of_substring,
    substitute_tree,
};
use super::resolve::{self, Declared};
use super::source::SourceFile;
use super::task_graph;
use super::{queries, references};

/// Loads `environments/<env>.toml` under `project_dir`, reading `${env:…}` from the
/// process environment.
pub fn load(project_dir: &Path, env: &str) -> Result<Environment, ConfigErrors> {
    load_with(project_dir, env, &|name| std::env::var(name).ok())
}

/// [`load`] for `import`, which writes the schema files an include pattern is waiting
/// for: a pattern that matches no file yet is not an error here (every other command
/// keeps refusing it, since there it is a typo that would silently drop a layer).
pub fn load_for_import(project_dir: &Path, env: &str) -> Result<Environment, ConfigErrors> {
    load_in(project_dir, env, &|name| std::env::var(name).ok(), true)
}

/// [`load`] with environment variables read through `env_lookup`.
pub fn load_with(
    project_dir: &Path,
    env: &str,
    env_lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Environment, ConfigErrors> {
    load_in(project_dir, env, env_lookup, false)
}

/// [`load`] without waiting for the SQL to be bound: the binding runs on a thread of its
/// own, and its problems come from [`queries::Pending::finish`]. Every other check has
/// run. How `plan`, `apply` and `drift` overlap binding with reading the live state.
pub(crate) fn load_binding_later(
    project_dir: &Path,
    env: &str,
) -> Result<(Environment, Option<queries::Pending>), ConfigErrors> {
    let mut loader = Loader::new(project_dir, false);
    loader.bind_later = true;
    let environment = loader.finish(env, &|name| std::env::var(name).ok())?;
    Ok((environment, loader.pending.take()))
}

fn load_in(
    project_dir: &Path,
    env: &str,
    env_lookup: &dyn Fn(&str) -> Option<String>,
    unmatched_includes_allowed: bool,
) -> Result<Environment, ConfigErrors> {
    Loader::new(project_dir, unmatched_includes_allowed).finish(env, env_lookup)
}

/// Reads the files of one environment. Environment variables are read only in the
/// connection sections (see `interpolate`), so no diagnostic can hold one's value: the
/// source lines they echo are the files as written, and the connection sections' own
/// messages do not repeat a value read from the environment.
struct Loader<'a> {
    project_dir: &'a Path,
    /// At most [`MAX_DIAGNOSTICS`] from earlier files plus those of the file at hand
    /// (see [`Loader::bound`]).
    diagnostics: Vec<Diagnostic>,
    /// See [`load_for_import`].
    unmatched_includes_allowed: bool,
    /// Problems found and counted but not kept: past the first [`MAX_DIAGNOSTICS`].
    omitted: usize,
    /// See [`load_binding_later`]: start the SQL binding instead of waiting for it.
    bind_later: bool,
    pending: Option<queries::Pending>,
}

/// What the environment file itself declares, resolved.
struct Settings {
    file: SourceFile,
    path: PathBuf,
    vars: BTreeMap<String, String>,
    include: Vec<Spanned<String>>,
    prune: bool,
    backup: bool,
    external: External,
    snowflake: Option<SnowflakeConfig>,
    adls: Option<AdlsConfig>,
    unset_secrets: Vec<Diagnostic>,
}

impl<'a> Loader<'a> {
    fn new(project_dir: &'a Path, unmatched_includes_allowed: bool) -> Self {
        Loader {
            project_dir,
            diagnostics: Vec::new(),
            unmatched_includes_allowed,
            omitted: 0,
            bind_later: false,
            pending: None,
        }
    }

    /// Runs the whole load: the environment, or every problem found.
    fn finish(
        &mut self,
        env: &str,
        env_lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Environment, ConfigErrors> {
        match self.run(env, env_lookup) {
            Some(environment) if self.diagnostics.is_empty() => Ok(environment),
            _ => {
                Err(ConfigErrors::new(std::mem::take(&mut self.diagnostics))
                    .with_omitted(self.omitted))
            }
        }
    }

    fn run(
        &mut self,
        env: &str,
        env_lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Environment> {
        let settings = self.environment_file(env, env_lookup)?;
        // Schema files never read the environment.
        let lookup = Lookup {
            vars: Some(&settings.vars),
            env: None,
        };
        if settings.include.is_empty() {
            self.diagnostics.push(
                Diagnostic::at(
                    settings.file.locate(0..0),
                    "the environment includes no schema files",
                )
                .with_help("include = [\"../schema/*.toml\"]"),
            );
        }
        let files = self.includes(&settings.path, &settings.include, &settings.file);
        let mut declared: Vec<Declared> = Vec::new();
        let mut shown_files = vec![settings.file.path().to_path_buf()];
        // Kept to locate problems inside SQL strings once everything is declared.
        let mut schema_files = Vec::new();
        for (absolute, shown) in files {
            if let Some(schema_file) = self.read(&absolute, shown.clone()) {
                declared.extend(self.schema_file(&schema_file, &lookup));
                schema_files.push(schema_file);
            }
            self.bound();
            shown_files.push(shown);
        }
        if !self.diagnostics.is_empty() {
            return None;
        }
        let mut declared = self.deduplicate(declared);
        queues_in_other_accounts(&mut declared, settings.adls.as_ref());
        references::check(&mut declared, &settings.external, &mut self.diagnostics);
        if self.bind_later {
            self.pending = queries::spawn(&declared, &schema_files);
        } else {
            queries::check(&declared, &schema_files, &mut self.diagnostics);
        }
        task_graph::check(&declared, &mut self.diagnostics);
        crate::kinds::owner::check(&declared, &mut self.diagnostics);
        crate::kinds::role::grant::check_signatures(&declared, &mut self.diagnostics);
        crate::kinds::policy::check_attachments(&declared, &mut self.diagnostics);
        crate::kinds::data_metric_function::association::check(&declared, &mut self.diagnostics);
        lake_reach(
            &declared,
            settings.adls.as_ref(),
            !settings.unset_secrets.is_empty(),
            env,
            &mut self.diagnostics,
        );

        let objects = declared
            .into_iter()
            .map(|d| {
                (
                    d.object.address(),
                    DesiredObject {
                        object: d.object,
                        lifecycle: d.lifecycle,
                        origin: d.origin,
                        owner: d.owner,
                    },
                )
            })
            .collect();
        Some(Environment {
            name: env.to_string(),
            project_dir: self.project_dir.to_path_buf(),
            desired: DesiredState { objects },
            prune: settings.prune,
            backup: settings.backup,
            external: settings.external,
            snowflake: settings.snowflake,
            adls: settings.adls,
            vars: settings.vars,
            unset_secrets: settings.unset_secrets,
            files: shown_files,
            include: settings
                .include
                .iter()
                .map(|pattern| pattern.get_ref().clone())
                .collect(),
        })
    }

    /// Reads `environments/<env>.toml`: `[vars]` first, then everything else with the
    /// variables substituted.
    fn environment_file(
        &mut self,
        env: &str,
        env_lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Settings> {
        let shown = PathBuf::from("environments").join(format!("{env}.toml"));
        if !is_environment_name(env) {
            self.diagnostics.push(
                Diagnostic::new(format!("invalid environment name {env:?}"), None).with_help(
                    "environment names use letters, digits, `_`, `-` and `.`, and name a file environments/<name>.toml",
                ),
            );
            return None;
        }
        let path = self.project_dir.join(&shown);
        if !path.is_file() {
            let known = self.known_environments();
            let mut d = Diagnostic::new(
                format!(
                    "environment `{env}` not found: {} does not exist",
                    path.display()
                ),
                None,
            );
            if !known.is_empty() {
                d = d.with_help(format!("known environments: {}", known.join(", ")));
            }
            self.diagnostics.push(d);
            return None;
        }
        let file = self.read(&path, shown)?;
        let mut tree = match document::parse(&file) {
            Ok(tree) => tree,
            Err(syntax) => {
                self.syntax_errors(syntax);
                return None;
            }
        };
        let vars = self.vars(&mut tree, &file);
        let lookup = Lookup {
            vars: Some(&vars),
            env: Some(env_lookup),
        };
        let sections: BTreeMap<String, std::ops::Range<usize>> = tree
            .get_ref()
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v.span()))
            .collect();
        let mut root = Spanned::new(tree.span(), DeValue::Table(tree.into_inner()));
        let mut unset_secrets = Vec::new();
        let deferred = self.interpolate_environment(&mut root, &lookup, &file, &mut unset_secrets);
        let raw: RawEnvironmentFile =
            match document::deserialize(&root, "the environment file", &file) {
                Ok(raw) => raw,
                Err(d) => {
                    self.diagnostics.push(d);
                    return None;
                }
            };
        // Connection paths are made absolute once, so they mean the same thing whatever
        // directory a provider later runs in.
        let base = std::path::absolute(self.project_dir)
            .map(|p| normalize(&p))
            .unwrap_or_else(|_| self.project_dir.to_path_buf());
        let no_keys = BTreeSet::new();
        let section = |name: &str| Section {
            span: sections.get(name).cloned().unwrap_or(0..0),
            deferred: deferred.get(name).unwrap_or(&no_keys),
        };
        let snowflake = raw.snowflake.map(|s| {
            connection::snowflake(s, section("snowflake"), &base, &file, &mut self.diagnostics)
        });
        let adls = raw
            .adls
            .map(|a| connection::adls(a, section("adls"), &base, &file, &mut self.diagnostics));
        let external = External::parse(&raw.external, &file, &mut self.diagnostics);
        Some(Settings {
            path,
            vars,
            include: raw.include,
            prune: raw.prune,
            backup: raw.backup.unwrap_or(true),
            external,
            snowflake,
            adls,
            unset_secrets,
            file,
        })
    }

    /// Substitutes variables in the environment file. `${env:…}` is read in `[snowflake]`
    /// and `[adls]` only (`lookup` reads it; every other section gets a lookup that
    /// refuses it). There, a key whose `${env:…}` is not set is left out and its problem
    /// kept in `unset` rather than reported: connection secrets are needed to connect, not
    /// to validate (a CI job validating a pull request has no production key). Returns
    /// the left-out keys by section.
    fn interpolate_environment(
        &mut self,
        root: &mut Spanned<DeValue<'_>>,
        lookup: &Lookup<'_>,
        file: &SourceFile,
        unset: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, BTreeSet<String>> {
        let mut deferred: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let DeValue::Table(table) = root.get_mut() else {
            return deferred;
        };
        let elsewhere = Lookup {
            vars: lookup.vars,
            env: None,
        };
        for (section_key, section) in table.iter_mut() {
            let section_name = section_key.get_ref().to_string();
            let is_connection = matches!(section_name.as_str(), "snowflake" | "adls");
            let entries = match section.get_mut() {
                DeValue::Table(entries) if is_connection => entries,
                _ => {
                    interpolate_tree(section, &elsewhere, file, &mut self.diagnostics);
                    continue;
                }
            };
            let mut left_out = BTreeSet::new();
            for (key, value) in entries.iter_mut() {
                let mut problems = Vec::new();
                substitute_tree(value, lookup, file, &mut problems);
                let only_unset = !problems.is_empty()
                    && problems.iter().all(|(_, e)| {
                        matches!(e.problem, Problem::UnsetEnvironmentVariable { .. })
                    });
                let target = if only_unset {
                    left_out.insert(key.get_ref().to_string());
                    &mut *unset
                } else {
                    &mut self.diagnostics
                };
                target.extend(problems.into_iter().map(|(at, e)| e.diagnostic(file, at)));
            }
            for key in &left_out {
                entries.remove(key.as_str());
            }
            if !left_out.is_empty() {
                deferred.insert(section_name, left_out);
            }
        }
        deferred
    }

    fn syntax_errors(&mut self, syntax: SyntaxErrors) {
        self.diagnostics.extend(syntax.diagnostics);
        self.omitted += syntax.more;
    }

    /// Keeps the diagnostics held to the [`MAX_DIAGNOSTICS`] that will be shown, counting
    /// the rest, once they exceed that: a project with an error in each of a million
    /// entries then holds a bounded number of diagnostics across its files.
    fn bound(&mut self) {
        if self.diagnostics.len() > MAX_DIAGNOSTICS {
            self.omitted += keep_first(&mut self.diagnostics);
        }
    }

    fn read(&mut self, path: &Path, shown: PathBuf) -> Option<SourceFile> {
        document::read(path, shown)
            .map_err(|d| self.diagnostics.push(d))
            .ok()
    }

    fn known_environments(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.project_dir.join("environments"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                (path.extension()? == "toml")
                    .then(|| path.file_stem()?.to_str().map(str::to_string))?
            })
            .collect();
        names.sort();
        names
    }

    /// Takes `[vars]` out of the tree and resolves it. A `[vars]` value uses neither
    /// other variables nor `${env:…}`: a variable substitutes into schema files, so one read
    /// from the environment would carry a secret into SQL and every output.
    fn vars(
        &mut self,
        tree: &mut Spanned<DeTable<'_>>,
        file: &SourceFile,
    ) -> BTreeMap<String, String> {
        let mut all = BTreeMap::new();
        let Some(section) = tree.get_mut().remove("vars") else {
            return all;
        };
        let DeValue::Table(table) = section.get_ref() else {
            self.diagnostics.push(Diagnostic::at(
                file.locate(section.span()),
                "`vars` must be a table: [vars] name = \"value\"",
            ));
            return all;
        };
        let lookup = Lookup {
            vars: None,
            env: None,
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().to_string();
            if !is_variable_name(&name) {
                self.diagnostics.push(Diagnostic::at(
                    file.locate(key.span()),
                    format!("invalid variable name `{name}`"),
                ).with_help("variable names use letters, digits, `_` and `-`, and start with a letter or `_`"));
                continue;
            }
            let Some(text) = value.get_ref().as_str() else {
                self.diagnostics.push(
                    Diagnostic::at(
                        file.locate(value.span()),
                        format!(
                            "variable `{name}` must be a string, found {}",
                            value.get_ref().type_str()
                        ),
                    )
                    .with_help("variables substitute into strings: quote the value"),
                );
                continue;
            };
            match interpolate(text, &lookup) {
                Ok(done) => {
                    all.insert(name, done);
                }
                Err(errors) => {
                    for error in errors {
                        let inner = &text[error.range.clone()];
                        let at =
                            span_of_substring(file, value.span(), inner, error.range.start, text);
                        self.diagnostics.push(error.diagnostic(file, at));
                    }
                }
            }
        }
        all
    }

    /// The files the `include` globs match: relative to the environment file, sorted by
    /// their shown path, each once. A glob matching nothing is an error (a typo would
    /// otherwise silently drop a layer).
    fn includes(
        &mut self,
        env_path: &Path,
        include: &[Spanned<String>],
        file: &SourceFile,
    ) -> Vec<(PathBuf, PathBuf)> {
        let env_dir = env_path.parent().unwrap_or(self.project_dir);
        let base = glob::Pattern::escape(&env_dir.to_string_lossy());
        let project = normalize(self.project_dir);
        let mut found: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        for pattern in include {
            let text = pattern.get_ref();
            if Path::new(text).is_absolute() {
                self.diagnostics.push(Diagnostic::at(
                    file.locate(pattern.span()),
                    format!("include pattern {text:?} is absolute"),
                ).with_help("include globs are relative to the environment file, e.g. \"../schema/*.toml\""));
                continue;
            }
            let full = format!("{base}/{text}");
            let paths = match glob::glob(&full) {
                Ok(paths) => paths,
                Err(e) => {
                    self.diagnostics.push(Diagnostic::at(
                        file.locate(pattern.span()),
                        format!("invalid include pattern {text:?}: {}", e.msg),
                    ));
                    continue;
                }
            };
            let mut matched = 0;
            for path in paths.flatten().filter(|p| p.is_file()) {
                matched += 1;
                let absolute = normalize(&path);
                let shown = absolute
                    .strip_prefix(&project)
                    .map_or_else(|_| absolute.clone(), Path::to_path_buf);
                found.entry(shown).or_insert(path);
            }
            if matched == 0 && !self.unmatched_includes_allowed {
                self.diagnostics.push(
                    Diagnostic::at(
                        file.locate(pattern.span()),
                        format!("include pattern {text:?} matches no files"),
                    )
                    .with_help(format!(
                        "the pattern is relative to {}",
                        file.path().parent().unwrap_or(Path::new(".")).display()
                    )),
                );
            }
        }
        found
            .into_iter()
            .map(|(shown, path)| (path, shown))
            .collect()
    }

    fn schema_file(&mut self, file: &SourceFile, lookup: &Lookup<'_>) -> Vec<Declared> {
        let tree = match document::parse(file) {
            Ok(tree) => tree,
            Err(syntax) => {
                self.syntax_errors(syntax);
                return Vec::new();
            }
        };
        let mut root = Spanned::new(tree.span(), DeValue::Table(tree.into_inner()));
        let before = self.diagnostics.len();
        interpolate_tree(&mut root, lookup, file, &mut self.diagnostics);
        if self.diagnostics.len() > before {
            return Vec::new();
        }
        let DeValue::Table(table) = root.into_inner() else {
            return Vec::new();
        };
        let tree = Spanned::new(0..file.text().len(), table);
        resolve::file(file, &tree, &mut self.diagnostics)
    }

    /// Keeps the first declaration of each address (in file and position order) and
    /// reports the others — and a view named like a table, or the reverse — pointing at
    /// the later one and naming the first.
    fn deduplicate(&mut self, mut declared: Vec<Declared>) -> Vec<Declared> {
        declared.sort_by(|a, b| {
            (&a.origin.file, a.origin.line, a.origin.column).cmp(&(
                &b.origin.file,
                b.origin.line,
                b.origin.column,
            ))
        });
        let mut first: BTreeMap<Address, String> = BTreeMap::new();
        let mut kept = Vec::with_capacity(declared.len());
        let mut renamed: BTreeSet<Address> = BTreeSet::new();
        for d in declared {
            let address = d.object.address();
            if let Some(previous) = first.get(&address) {
                self.diagnostics.push(
                    Diagnostic::at(d.at.clone(), format!("duplicate {}", address))
                        .with_note(format!("first declared at {previous}")),
                );
                continue;
            }
            // Tables, views and dynamic tables share one namespace in a Snowflake schema.
            let table_like = [Kind::Table, Kind::View, Kind::DynamicTable];
            let namesake = table_like
                .iter()
                .filter(|k| table_like.contains(&address.kind) && **k != address.kind)
                .find_map(|other| first.get_key_value(&Address::new(*other, &address.name)));
            if let Some((other, previous)) = namesake {
                self.diagnostics.push(
                    Diagnostic::at(
                        d.at.clone(),
                        format!("{address} has the name of {other}"),
                    )
                    .with_note(format!("{other} is declared at {previous}"))
                    .with_help("tables, views and dynamic tables share one namespace in a Snowflake schema: rename one"),
                );
                continue;
            }
            if let Some(old) = &d.lifecycle.renamed_from
                && !renamed.insert(old.clone())
            {
                self.diagnostics.push(Diagnostic::at(
                    d.at.clone(),
                    format!("two objects are renamed from {old}"),
                ));
            }
            first.insert(address, d.at.position());
            kept.push(d);
        }
        kept
    }
}

/// Whether `path` (a file, absolute or relative to the current directory) is matched by
/// one of `environment`'s include patterns — the test the loader applies, so a file
/// written there is read by the next load. Paths are compared lexically, like the loader
/// shows them.
pub(crate) fn is_included(environment: &Environment, path: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).map(|a| normalize(&a));
    let (Ok(project), Ok(path)) = (absolute(&environment.project_dir), absolute(path)) else {
        return false;
    };
    let env_dir = project.join("environments");
    let base = glob::Pattern::escape(&env_dir.to_string_lossy());
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    environment.include.iter().any(|text| {
        if Path::new(text).is_absolute() {
            return false;
        }
        let full = normalize(Path::new(&format!("{base}/{text}")));
        glob::Pattern::new(&full.to_string_lossy())
            .is_ok_and(|pattern| pattern.matches_path_with(&path, options))
    })
}

fn is_environment_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Removes `.` and resolves `..` lexically, so `environments/../schema/x.toml` and
/// `schema/x.toml` are one file (symlinks are not followed: the path shown is the path
/// written).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Lake objects need a lake that can reach them: queues and subscriptions an `[adls]`
/// section, and Event Grid subscriptions on a storage account its place in Azure Resource
/// Manager (`subscription_id`, `resource_group`). Said at `validate`, at the object,
/// rather than when a plan first reads or an apply first runs. With `unset` (some
/// `${env:…}` of the connection sections is not set, as in a pull-request check) the ARM
/// keys may be among them, and only a missing `[adls]` is said.
/// A notification integration's queue is an edge only when it is a queue of the
/// environment's lake: the sandbox's local lake stands for any account (as it does for
/// stages), a real lake for its own `account`, compared without case (Azure account names
/// are lower case). A URI naming another storage account reads a queue lakeform does not
/// manage, whatever the project declares under that name.
fn queues_in_other_accounts(declared: &mut [Declared], adls: Option<&AdlsConfig>) {
    let lake = adls
        .filter(|a| a.sandbox.is_none())
        .map(|a| a.account.as_deref());
    for d in declared {
        let Object::NotificationIntegration(integration) = &d.object else {
            continue;
        };
        let NotificationTarget::AzureStorageQueue { queue_uri, .. } = &integration.target else {
            continue;
        };
        let account = queue_uri_parts(queue_uri).map(|(account, _)| account);
        let ours = match lake {
            None => adls.is_some(),
            Some(lake) => lake
                .zip(account)
                .is_some_and(|(l, a)| l.eq_ignore_ascii_case(a)),
        };
        if !ours {
            d.soft_names
                .retain(|(kind, _)| *kind != Some(Kind::StorageQueue));
        }
    }
}

fn lake_reach(
    declared: &[Declared],
    adls: Option<&AdlsConfig>,
    unset: bool,
    env: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for d in declared {
        let kind = d.object.kind();
        if !matches!(kind, Kind::StorageQueue | Kind::EventSubscription) {
            continue;
        }
        let message = match adls {
            None => format!(
                "{} {} lives in the lake, and environments/{env}.toml has no [adls] section",
                kind.sql_keyword().to_lowercase(),
                d.object.address().name
            ),
            Some(adls)
                if kind == Kind::EventSubscription
                    && !unset
                    && adls.sandbox.is_none()
                    && adls.subscription_id.is_none() =>
            {
                format!(
                    "event subscription {} is an Azure Resource Manager resource: [adls] in environments/{env}.toml needs `subscription_id` and `resource_group`",
                    d.object.address().name
                )
            }
            Some(_) => continue,
        };
        diagnostics.push(Diagnostic::at(d.at.clone(), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(
            normalize(Path::new("./p/environments/../schema/x.toml")),
            PathBuf::from("p/schema/x.toml")
        );
        assert_eq!(normalize(Path::new("../a/./b")), PathBuf::from("../a/b"));
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn import_loads_with_patterns_matching_nothing_and_knows_what_they_will_match() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("environments")).unwrap();
        std::fs::write(
            dir.path().join("environments/dev.toml"),
            "include = [\"../schema/*.toml\", \"../lake/lake.toml\"]\n",
        )
        .unwrap();
        let refused = load(dir.path(), "dev").unwrap_err().to_string();
        assert!(refused.contains("matches no files"), "{refused}");
        let environment = load_for_import(dir.path(), "dev").unwrap();
        assert!(environment.desired.objects.is_empty());
        let included = |p: &str| is_included(&environment, &dir.path().join(p));
        assert!(included("schema/account.toml"));
        assert!(included("environments/../schema/bronze.toml"));
        assert!(included("lake/lake.toml"));
        assert!(!included("schema/sub/account.toml"));
        assert!(!included("elsewhere/account.toml"));
        assert!(!included("lake/other.toml"));
    }

    #[test]
    fn environment_names_are_file_names() {
        assert!(is_environment_name("dev"));
        assert!(is_environment_name("prod-eu.2"));
        assert!(!is_environment_name("../dev"));
        assert!(!is_environment_name(""));
        assert!(!is_environment_name(".hidden"));
    }
}
