//! "Did you mean …?": the nearest candidate to a misspelt key, variable or name.

/// The candidate closest to `word` by Jaro-Winkler similarity, if any is close enough to
/// be a plausible typo.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_plausible_typos() {
        let keys = ["name", "comment", "columns", "transient"];
        assert_eq!(nearest("nmae", keys), Some("name"));
        assert_eq!(nearest("colums", keys), Some("columns"));
        assert_eq!(nearest("Transient", keys), Some("transient"));
        assert_eq!(nearest("xyz", keys), None);
    }
}
