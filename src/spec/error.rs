//! Spec errors: what is wrong, where (file:line:column), and what to do.

use crate::location::Location;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub file: PathBuf,
    pub at: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{}: {}", self.file.display(), at, self.message)?,
            None => write!(f, "{}: {}", self.file.display(), self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every error found in one spec file, in file order. Loading collects them
/// all before reporting, so a user fixes a file in one pass, not one error at
/// a time.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecErrors {}

/// The known word nearest to `word`, when it is near enough to be a likely typo.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(1) + usize::from(k.len() > 6))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_key_and_strangers_do_not() {
        let keys = ["columns", "primary_key", "foreign_keys", "indexes", "checks"];
        assert_eq!(suggest("colums", &keys), Some("columns"));
        assert_eq!(suggest("primary_keys", &keys), Some("primary_key"));
        assert_eq!(suggest("foreign_key", &keys), Some("foreign_keys"));
        assert_eq!(suggest("index", &keys), Some("indexes"));
        assert_eq!(suggest("owner", &keys), None);
    }
}
