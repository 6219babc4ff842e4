//! SQL `LIKE` matching: `%` any run, `_` one character, `\` escapes the next one. SHOW's
//! `LIKE` and the binder's `* ILIKE` share it.

pub(crate) fn like(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if case_insensitive {
            s.to_uppercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    matches(&fold(pattern), &fold(text))
}

fn matches(pattern: &[char], text: &[char]) -> bool {
    // Iterative wildcard matching with backtracking to the last `%`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('%') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some('\\') if pattern.get(p + 1) == Some(&text[t]) => {
                p += 2;
                t += 1;
                continue;
            }
            Some('_') => {
                p += 1;
                t += 1;
                continue;
            }
            Some(c) if *c != '\\' && *c == text[t] => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|c| *c == '%')
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn wildcards_and_case() {
        assert!(like("%load%", "LOAD_CUSTOMER_TASK", true));
        assert!(!like("%load%", "LOAD_CUSTOMER_TASK", false));
        assert!(like("RAW\\_%", "RAW_ORDER", false));
        assert!(!like("RAW\\_%", "RAWXORDER", false));
        assert!(like("T_", "T1", false));
        assert!(!like("T_", "T12", false));
        assert!(like("%", "", false));
        assert!(like("A%B%C", "AXXBYYC", false));
    }
}
