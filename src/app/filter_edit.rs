//! Editing filter text: adding a term, replacing `after:`/`before:` bounds. Works on the text
//! (so the user sees and can edit the result), aware of double quotes and parentheses.

/// Splits filter text into top-level tokens (whitespace outside quotes and parentheses),
/// returned as byte ranges.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut depth, mut quoted, mut escaped) = (None, 0i32, false, false);
    for (i, c) in text.char_indices() {
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        if quoted {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                quoted = false;
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_whitespace() && depth <= 0 => {
                if let Some(s) = start.take() {
                    out.push((s, i));
                }
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn has_top_level_or(text: &str) -> bool {
    tokens(text)
        .iter()
        .any(|&(a, b)| text[a..b].eq_ignore_ascii_case("or") || &text[a..b] == "||")
}

/// `text` AND `term`: appended, with the old text parenthesised when it has a top-level `OR`.
pub fn add_term(text: &str, term: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return term.to_string();
    }
    if tokens(t).iter().any(|&(a, b)| &t[a..b] == term) {
        return t.to_string();
    }
    if has_top_level_or(t) {
        format!("({t}) {term}")
    } else {
        format!("{t} {term}")
    }
}

/// Replaces every top-level `key:…` token (e.g. `after:`) with `key:value`.
pub fn set_bound(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let kept: Vec<&str> = tokens(text)
        .iter()
        .map(|&(a, b)| &text[a..b])
        .filter(|t| !t.to_ascii_lowercase().starts_with(&prefix))
        .collect();
    let rest = kept.join(" ");
    add_term(&rest, &format!("{prefix}{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_terms() {
        assert_eq!(add_term("", "who:alice"), "who:alice");
        assert_eq!(add_term("name:Get*", "who:alice"), "name:Get* who:alice");
        assert_eq!(add_term("a OR b", "who:x"), "(a OR b) who:x");
        assert_eq!(add_term("(a OR b) c", "who:x"), "(a OR b) c who:x");
        assert_eq!(add_term("who:x", "who:x"), "who:x");
        assert_eq!(add_term("agent:\"a OR b\"", "x"), "agent:\"a OR b\" x");
    }

    #[test]
    fn bounds_replace() {
        assert_eq!(
            set_bound("who:a after:1 x", "after", "2"),
            "who:a x after:2"
        );
        assert_eq!(set_bound("", "before", "9"), "before:9");
    }
}
