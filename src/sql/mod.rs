//! SQL text handling that needs no server: lexing, identifier quoting and parsing.

pub mod foreign_key;
pub mod ident;
pub mod lexer;
pub mod names;
pub mod routine;

/// `(x)` → `x`, but not `(a) AND (b)`, whose parentheses do not wrap the
/// whole text; None when there is nothing to unwrap.
pub fn unwrap_parens(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut depth = 0i32;
    for c in inner.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return None;
        }
    }
    Some(inner)
}

/// `text` trimmed, without the parentheses that wrap all of it (once):
/// `(owner = current_user)` → `owner = current_user`, as policies are written.
pub fn strip_outer_parens(text: &str) -> &str {
    let trimmed = text.trim();
    unwrap_parens(trimmed).map_or(trimmed, str::trim)
}

#[cfg(test)]
mod tests {
    use super::unwrap_parens;

    #[test]
    fn only_parentheses_around_everything_unwrap() {
        assert_eq!(unwrap_parens("(a + b)"), Some("a + b"));
        assert_eq!(unwrap_parens("(a) + (b)"), None);
        assert_eq!(unwrap_parens("a"), None);
        assert_eq!(unwrap_parens("((x))"), Some("(x)"));
    }
}
