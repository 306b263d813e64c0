//! `check --sql PATH`: the migration gate. The migrations (one file, or every
//! `*.sql` file of a folder in lexical order) are applied to an empty
//! database on a throwaway cluster, which `check` then reads as it would
//! production: a team learns whether a migration reaches the spec before it
//! runs anywhere that matters.

use crate::connect::error_text;
use crate::scratch::Cluster;
use std::path::{Path, PathBuf};

/// The migration files `path` names, in the order they are applied.
pub fn migration_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("error: --sql {}: {e}", path.display()))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("error: --sql {}: {e}", path.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "sql"))
        .collect();
    // Lexical by file name, bytewise: `001_…` before `002_…`, as migration tools number them.
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    if files.is_empty() {
        return Err(format!("error: --sql {}: the folder holds no .sql file", path.display()));
    }
    Ok(files)
}

/// Applies `files` in order to a new database of `cluster`, each in one
/// transaction of its own (as most migration tools do); returns the
/// database's URL, or which file failed, where, and the server's message.
pub fn apply(cluster: &Cluster, files: &[PathBuf]) -> Result<String, String> {
    let url = cluster.create_database("migrated").map_err(|e| format!("error: {e}"))?;
    let mut client = postgres::Client::connect(&url, postgres::NoTls).map_err(|e| format!("error: {e}"))?;
    for file in files {
        let sql = std::fs::read_to_string(file)
            .map_err(|e| format!("error: cannot read {}: {e}", file.display()))?;
        let mut tx = client.transaction().map_err(|e| format!("error: {}", error_text(&e)))?;
        if let Err(e) = tx.batch_execute(&sql) {
            let at = e
                .as_db_error()
                .and_then(|db| match db.position() {
                    Some(postgres::error::ErrorPosition::Original(p)) => Some(*p as usize),
                    _ => None,
                })
                .map(|position| line_column(&sql, position))
                .map_or(String::new(), |(line, column)| format!(":{line}:{column}"));
            return Err(format!(
                "error: migration {}{at} failed: {}\n  hint: nothing was checked; fix the migration and run again",
                file.display(),
                error_text(&e)
            ));
        }
        tx.commit().map_err(|e| format!("error: migration {}: {}", file.display(), error_text(&e)))?;
    }
    Ok(url)
}

/// The 1-based line and column of the 1-based character `position`.
fn line_column(text: &str, position: usize) -> (usize, usize) {
    let before: String = text.chars().take(position.saturating_sub(1)).collect();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_become_lines_and_columns() {
        let sql = "CREATE TABLE a (id int);\nCREATE TABLE b (id nope);\n";
        let at = sql.find("nope").unwrap() + 1;
        assert_eq!(line_column(sql, at), (2, 20));
        assert_eq!(line_column("é\nx", 3), (2, 1));
    }

    #[test]
    fn a_folder_gives_its_sql_files_in_lexical_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["010_c.sql", "002_b.sql", "001_a.sql", "notes.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let names: Vec<String> = migration_files(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["001_a.sql", "002_b.sql", "010_c.sql"]);
        assert!(migration_files(&dir.path().join("none")).is_err());
    }
}
