//! The CI formats (junit, github, sarif) and the JSON format's schema, on the
//! founding case's legacy database, on a spec with errors and on a database
//! that cannot be reached — each output fed to the validator its consumers
//! rely on: the Jenkins JUnit XSD through xmllint, the SARIF 2.1.0 JSON
//! Schema, pgconform's own JSON Schema, and GitHub's workflow-command syntax
//! read back the way the runner reads it.

mod util;

use pgconform::cli::{ColorChoice, Format, OutputArgs};
use pgconform::demo::LEGACY_DIGITALOCEAN;
use pgconform::diff::{CheckKind, DatabaseReport, Finding, Report, Status};
use pgconform::location::Location;
use serde_json::Value;
use std::sync::OnceLock;
use util::{SpecDir, pgconform, text};

const JUNIT_XSD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/junit-10.xsd");
const SARIF_SCHEMA: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sarif-schema-2.1.0-rtm.5.json");

/// The legacy database checked against the repository's spec, once for
/// every test of this file.
fn legacy() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| util::check_founding("formats", LEGACY_DIGITALOCEAN))
}

/// The report in `format` as `check` prints it, the server's version made
/// stable for snapshots.
fn render(report: &Report, format: Format) -> String {
    let output = OutputArgs { format, color: ColorChoice::Never, quiet: false, verbose: false };
    let env = |_: &str| None;
    let mut out = Vec::new();
    pgconform::app::print_report(report, &output, false, &env, &mut out).expect("print");
    let mut text = text(&out);
    if let Some(v) = report.databases.iter().find_map(|d| d.server_version.as_ref()) {
        // A placeholder that is valid inside XML attributes too.
        text = text
            .replace(&format!("PostgreSQL {v}"), "PostgreSQL N.N")
            .replace(&format!("\"{v}\""), "\"N.N\"");
    }
    text
}

fn failing(report: &Report) -> Vec<&Finding> {
    report.databases.iter().flat_map(|d| &d.findings).filter(|f| f.status != Status::Pass).collect()
}

/// The finding the story is about: `conversations.id` is text, not uuid.
fn conversations_id(report: &Report) -> &Finding {
    util::finding(report, "digitalocean:column-type:public.conversations.id")
}

// ---------------------------------------------------------------- JUnit

/// Validates with xmllint against the Jenkins JUnit XSD. Without xmllint the
/// check is skipped with a message, except in CI (`.ci/run` installs it).
fn assert_valid_junit(xml: &str) {
    match util::run_with_input("xmllint", &["--noout", "--schema", JUNIT_XSD, "-"], xml) {
        Some(out) => {
            assert!(out.status.success(), "JUnit XSD rejects the document:\n{}\n{xml}", text(&out.stderr))
        }
        None if std::env::var_os("CI").is_some() => {
            panic!("xmllint is missing (apt-get install libxml2-utils)")
        }
        None => eprintln!("SKIPPED: JUnit XSD validation needs xmllint (apt-get install libxml2-utils)"),
    }
}

/// The value of an XPath expression over `xml`, as xmllint computes it.
fn xpath(xml: &str, expression: &str) -> Option<String> {
    let out = util::run_with_input("xmllint", &["--xpath", expression, "-"], xml)?;
    let value = text(&out.stdout);
    Some(value.strip_suffix('\n').unwrap_or(&value).to_string())
}

#[test]
fn junit_of_the_legacy_database() {
    let report = legacy();
    let xml = render(report, Format::Junit);
    assert_valid_junit(&xml);
    let summary = report.summary();
    let checks = report.databases.iter().map(|d| d.findings.len()).sum::<usize>();
    assert!(
        xml.contains(&format!(
            "<testsuites name=\"pgconform\" tests=\"{checks}\" failures=\"{}\" errors=\"0\">",
            summary.fail
        )),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), checks, "one test case per check");
    assert_eq!(xml.matches("<failure ").count(), summary.fail);
    assert_eq!(xml.matches("<testsuite ").count(), 2, "a suite per database");
    let id = conversations_id(report);
    let at = id.location.expect("located");
    let case = "<testcase classname=\"digitalocean.column-type\" name=\"public.conversations.id\">\n      <failure type=\"column-type\" message=\"column public.conversations.id is text, expected uuid\">";
    assert!(xml.contains(case), "{xml}");
    assert!(xml.contains("expected: uuid\nactual:   text\n"), "{xml}");
    assert!(xml.contains(&format!("at: expected_schema.yaml:{}:{}</failure>", at.line, at.column)), "{xml}");
    if let Some(message) = xpath(&xml, "string(//testcase[@name='public.conversations.id']/failure/@message)")
    {
        assert_eq!(message, id.message);
    }
    snapshot!("format_junit_legacy", xml);
}

// ---------------------------------------------------------------- GitHub

/// A workflow command as the Actions runner reads a line of output:
/// `::name key=value,key=value::message`, properties and message unescaped.
#[derive(Debug, PartialEq)]
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    message: String,
}

impl WorkflowCommand {
    fn parse(line: &str) -> Option<WorkflowCommand> {
        let rest = line.strip_prefix("::")?;
        let end = rest.find("::")?;
        let (head, message) = (&rest[..end], &rest[end + 2..]);
        let (name, props) = head.split_once(' ').unwrap_or((head, ""));
        let properties = props
            .split(',')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), unescape(v, true)))
            .collect();
        Some(WorkflowCommand { name: name.to_string(), properties, message: unescape(message, false) })
    }

    fn property(&self, key: &str) -> Option<&str> {
        self.properties.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The runner's unescaping, in the runner's order (`%25` last).
fn unescape(s: &str, property: bool) -> String {
    let mut s = s.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        s = s.replace("%3A", ":").replace("%2C", ",");
    }
    s.replace("%25", "%")
}

fn commands(output: &str) -> Vec<WorkflowCommand> {
    output.lines().filter_map(WorkflowCommand::parse).collect()
}

#[test]
fn github_annotations_of_the_legacy_database() {
    let report = legacy();
    let output = render(report, Format::Github);
    let commands = commands(&output);
    let summary = report.summary();
    let errors: Vec<_> = commands.iter().filter(|c| c.name == "error").collect();
    assert_eq!(errors.len(), summary.fail, "an error annotation per failure");
    assert_eq!(commands.iter().filter(|c| c.name == "group").count(), 2, "a log group per database");
    assert_eq!(commands.iter().filter(|c| c.name == "endgroup").count(), 2);
    let id = conversations_id(report);
    let at = id.location.expect("located");
    let annotation = errors
        .iter()
        .find(|c| c.property("title") == Some(id.id.as_str()))
        .expect("annotation for conversations.id");
    assert_eq!(annotation.property("file"), Some("expected_schema.yaml"));
    assert_eq!(annotation.property("line"), Some(at.line.to_string().as_str()));
    assert_eq!(annotation.property("col"), Some(at.column.to_string().as_str()));
    assert_eq!(
        annotation.message,
        "column public.conversations.id is text, expected uuid\nexpected: uuid\nactual:   text\nall 20 non-null values of public.conversations.id convert to uuid"
    );
    // Every annotation names the spec and, when the check has one, its line.
    for (command, finding) in errors.iter().zip(failing(report)) {
        assert_eq!(command.property("file"), Some("expected_schema.yaml"));
        assert_eq!(command.property("title"), Some(finding.id.as_str()));
        assert_eq!(command.property("line").map(String::from), finding.location.map(|l| l.line.to_string()));
    }
    let last = output.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "pgconform: {} passed, {} failed, 0 warnings, 0 skipped: does not conform",
            summary.pass, summary.fail
        )
    );
    snapshot!("format_github_legacy", output);
}

#[test]
fn github_step_summary_is_appended_when_the_runner_asks_for_one() {
    let report = legacy();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.md");
    std::fs::write(&path, "# an earlier step\n").unwrap();
    let path_text = path.display().to_string();
    let env = |k: &str| (k == "GITHUB_STEP_SUMMARY").then(|| path_text.clone());
    let output =
        OutputArgs { format: Format::Github, color: ColorChoice::Never, quiet: true, verbose: false };
    let mut out = Vec::new();
    let code = pgconform::app::print_report(report, &output, false, &env, &mut out).unwrap();
    assert_eq!(code, 1);
    let summary = std::fs::read_to_string(&path).unwrap();
    assert!(
        summary.starts_with("# an earlier step\n### pgconform: "),
        "appended, not overwritten:\n{summary}"
    );
    assert!(summary.contains("| | database | check | expected | actual | spec |"), "{summary}");
    let id = conversations_id(report);
    let at = id.location.unwrap();
    assert!(summary.contains(&format!("| ✘ | digitalocean | column public.conversations.id is text, expected uuid | uuid | text | `expected_schema.yaml:{at}` |")), "{summary}");
    assert_eq!(summary.matches("| ✘ |").count(), report.summary().fail);
    // -q keeps passing checks out of the log group.
    assert!(!text(&out).lines().any(|l| l.starts_with("ok ")), "{}", text(&out));
}

// ---------------------------------------------------------------- SARIF

fn sarif_schema() -> Value {
    let text = std::fs::read_to_string(SARIF_SCHEMA).expect("the vendored SARIF schema");
    // The schema's pattern for `run.language` has a stray `]` that ECMAScript
    // reads as a literal but Rust's regex engine refuses; escaping it keeps
    // the pattern's meaning.
    let text = text.replace(r#"[a-zA-Z]{2}]?$"#, r#"[a-zA-Z]{2}\\]?$"#);
    serde_json::from_str(&text).expect("the SARIF schema is JSON")
}

fn assert_valid_sarif(document: &Value) {
    let violations = util::schema_violations(&sarif_schema(), document);
    assert!(violations.is_empty(), "SARIF 2.1.0 schema violations:\n{}", violations.join("\n"));
}

#[test]
fn the_sarif_schema_check_can_fail() {
    // Guards the validator itself: a document with a wrong level is refused.
    let bad = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": { "name": "x" } },
        "results": [{ "message": { "text": "m" }, "level": "fatal" }] }] });
    assert!(!util::schema_violations(&sarif_schema(), &bad).is_empty());
}

#[test]
fn sarif_of_the_legacy_database() {
    let report = legacy();
    let output = render(report, Format::Sarif);
    let document: Value = serde_json::from_str(&output).expect("SARIF is JSON");
    assert_valid_sarif(&document);
    let run = &document["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), CheckKind::ALL.len(), "a rule per check kind");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), failing(report).len(), "a result per check that is not a pass");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule");
    }
    let id = conversations_id(report);
    let at = id.location.unwrap();
    let result = results
        .iter()
        .find(|r| r["partialFingerprints"]["pgconformCheckId/v1"] == id.id.as_str())
        .expect("result");
    assert_eq!(result["ruleId"], "column-type");
    assert_eq!(result["level"], "error");
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "expected_schema.yaml");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], at.line);
    assert_eq!(physical["region"]["startColumn"], at.column);
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    snapshot!("format_sarif_legacy", output);
}

// ---------------------------------------------------------------- JSON Schema of the JSON format

fn report_schema() -> Value {
    serde_json::from_str(pgconform::report::JSON_OUTPUT_SCHEMA).expect("the report schema is JSON")
}

/// The published schema with every object closed: a field the printer
/// writes but the schema does not document fails this one.
fn closed(mut schema: Value) -> Value {
    fn close(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                map.values_mut().for_each(close);
            }
            Value::Array(items) => items.iter_mut().for_each(close),
            _ => {}
        }
    }
    close(&mut schema);
    schema
}

fn assert_valid_json_report(document: &Value) {
    for schema in [report_schema(), closed(report_schema())] {
        let violations = util::schema_violations(&schema, document);
        assert!(violations.is_empty(), "JSON report schema violations:\n{}", violations.join("\n"));
    }
}

#[test]
fn json_output_follows_its_published_schema() {
    let document: Value = serde_json::from_str(&render(legacy(), Format::Json)).unwrap();
    assert_valid_json_report(&document);
    // `pgconform schema --output` prints that same schema.
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["schema", "--output"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), report_schema());
    // And the schema is not a rubber stamp.
    let mut broken = document.clone();
    broken["databases"][0]["checks"][0]["status"] = "passed".into();
    assert!(!util::schema_violations(&report_schema(), &broken).is_empty());
    let mut undocumented = document;
    undocumented["databases"][0]["checks"][0]["sql"] = "SELECT".into();
    assert!(util::schema_violations(&report_schema(), &undocumented).is_empty(), "open to new fields");
    assert!(!util::schema_violations(&closed(report_schema()), &undocumented).is_empty());
}

// ---------------------------------------------------------------- spec errors, in every format

const BAD_SPEC: &str = "version: 1\ndatabases:\n  app:\n    schemas:\n      public:\n        tables:\n          t:\n            colums: { id: uuid }\n            foreign_keys: [{ columns: [a], references: u(id), on_delete: cascde }]\n";

fn spec_errors_in(format: &str) -> String {
    let dir = SpecDir::new(BAD_SPEC);
    let out = pgconform(&["check", "--format", format], dir.path());
    assert_eq!(out.status.code(), Some(2), "{format}: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("expected_schema.yaml:8:13: unknown key `colums`"),
        "still explained on stderr"
    );
    text(&out.stdout)
}

#[test]
fn spec_errors_as_junit() {
    let xml = spec_errors_in("junit");
    assert_valid_junit(&xml);
    assert_eq!(xml.matches("<error type=\"spec-error\"").count(), 2, "{xml}");
    assert!(xml.contains("<testcase classname=\"spec\" name=\"expected_schema.yaml:8:13\">"), "{xml}");
    assert!(xml.contains("hint: did you mean `columns`?"), "{xml}");
    snapshot!("spec_error_junit", xml);
}

#[test]
fn spec_errors_as_github_annotations() {
    let output = spec_errors_in("github");
    let commands = commands(&output);
    assert_eq!(commands.len(), 2, "{output}");
    assert_eq!(commands[0].name, "error");
    assert_eq!(commands[0].property("file"), Some("expected_schema.yaml"));
    assert_eq!((commands[0].property("line"), commands[0].property("col")), (Some("8"), Some("13")));
    assert!(
        commands[0].message.starts_with("unknown key `colums` in a table\nhint: did you mean `columns`?"),
        "{:?}",
        commands[0]
    );
    assert_eq!(commands[1].property("line"), Some("9"));
    assert!(commands[1].message.contains("cascde"), "{:?}", commands[1]);
    snapshot!("spec_error_github", output);
}

#[test]
fn spec_errors_as_sarif() {
    let output = spec_errors_in("sarif");
    let document: Value = serde_json::from_str(&output).unwrap();
    assert_valid_sarif(&document);
    let results = document["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let physical = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "expected_schema.yaml");
    assert_eq!(physical["region"]["startLine"], 8);
    assert_eq!(physical["region"]["startColumn"], 13);
    assert_eq!(document["runs"][0]["invocations"][0]["exitCode"], 2);
    snapshot!("spec_error_sarif", output);
}

#[test]
fn spec_errors_as_json_follow_the_schema() {
    let output = spec_errors_in("json");
    let document: Value = serde_json::from_str(&output).unwrap();
    assert_valid_json_report(&document);
    assert_eq!(document["spec_errors"].as_array().map(Vec::len), Some(2));
    snapshot!("spec_error_json", output);
}

// ---------------------------------------------------------------- a database that cannot be checked

#[test]
fn an_unreachable_database_is_an_error_in_every_format_and_never_shows_the_password() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let spec = format!(
        "version: 1\ndatabases:\n  app:\n    url: postgresql://admin:Sup3r-S3cret@127.0.0.1:{port}/app\n    schemas:\n      public:\n        tables:\n          t: {{}}\n"
    );
    let dir = SpecDir::new(&spec);
    for format in ["junit", "github", "sarif", "json"] {
        let out = pgconform(&["check", "--format", format], dir.path());
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stdout = text(&out.stdout);
        assert!(
            !format!("{stdout}{}", text(&out.stderr)).contains("Sup3r-S3cret"),
            "{format} leaks the password:\n{stdout}"
        );
        assert!(stdout.contains(&format!("127.0.0.1:{port}")), "{format} says which server:\n{stdout}");
        match format {
            "junit" => {
                assert_valid_junit(&stdout);
                assert!(stdout.contains("<testcase classname=\"app.connection\" name=\"connection\">\n      <error type=\"could-not-check\""), "{stdout}");
                assert!(stdout.contains("tests=\"1\" failures=\"0\" errors=\"1\""), "{stdout}");
            }
            "github" => {
                let commands = commands(&stdout);
                let error = commands.iter().find(|c| c.name == "error").expect("an error annotation");
                assert_eq!(error.property("file"), Some("expected_schema.yaml"));
                assert!(error.message.starts_with("app: could not check: "), "{error:?}");
                assert!(
                    stdout.trim_end().ends_with("1 not checked: could not check every database"),
                    "{stdout}"
                );
            }
            "sarif" => {
                let document: Value = serde_json::from_str(&stdout).unwrap();
                assert_valid_sarif(&document);
                let run = &document["runs"][0];
                assert_eq!(run["results"][0]["ruleId"], "connection");
                assert_eq!(run["invocations"][0]["executionSuccessful"], false);
            }
            _ => assert_valid_json_report(&serde_json::from_str(&stdout).unwrap()),
        }
    }
}

// ---------------------------------------------------------------- hostile text

/// A finding whose texts hold everything the formats must escape.
fn hostile_report() -> Report {
    let mut finding = Finding::new("app", CheckKind::Check, "public.t.\"a,b\"", Status::Fail)
        .message("check <x & \"y\"> is 100% wrong: a, b\r\nsecond line\tand a bell \u{7}")
        .expected("x > 0 AND y < 'z'")
        .actual("]]> %0A ::error::")
        .at(Location::new(3, 5));
    finding.details.push("::warning::not a command".into());
    Report {
        spec: "specs/my spec,v2.yaml".into(),
        databases: vec![DatabaseReport {
            name: "app".into(),
            server_version: None,
            error: None,
            findings: vec![finding],
        }],
    }
}

#[test]
fn hostile_text_stays_valid_xml_and_reads_back() {
    let report = hostile_report();
    let xml = render(&report, Format::Junit);
    assert_valid_junit(&xml);
    if let Some(message) = xpath(&xml, "string(//failure/@message)") {
        // Everything comes back but the bell, which XML 1.0 cannot carry.
        assert_eq!(message, report.databases[0].findings[0].message.replace('\u{7}', "\\u{7}"));
    }
    assert!(!xml.contains("]]>"), "{xml}");
}

#[test]
fn hostile_text_makes_one_annotation_that_reads_back() {
    let report = hostile_report();
    let output = render(&report, Format::Github);
    let finding = &report.databases[0].findings[0];
    let commands = commands(&output);
    let annotations: Vec<_> =
        commands.iter().filter(|c| ["error", "warning", "notice"].contains(&c.name.as_str())).collect();
    assert_eq!(annotations.len(), 1, "text inside a message never starts a command:\n{output}");
    let annotation = annotations[0];
    assert_eq!(annotation.property("file"), Some("specs/my spec,v2.yaml"));
    assert_eq!(annotation.property("title"), Some(finding.id.as_str()));
    assert_eq!(
        annotation.message,
        format!(
            "{}\nexpected: {}\nactual:   {}\n::warning::not a command",
            finding.message, "x > 0 AND y < 'z'", "]]> %0A ::error::"
        )
    );
    // No line of the log group can be read as a command either.
    assert_eq!(
        output.lines().filter(|l| l.starts_with("::")).count(),
        3,
        "group, endgroup, the annotation, nothing else:\n{output}"
    );
}

#[test]
fn hostile_text_is_plain_json_in_sarif() {
    let report = hostile_report();
    let document: Value = serde_json::from_str(&render(&report, Format::Sarif)).unwrap();
    assert_valid_sarif(&document);
    let result = &document["runs"][0]["results"][0];
    assert!(
        result["message"]["text"].as_str().unwrap().starts_with(&report.databases[0].findings[0].message)
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "specs/my%20spec,v2.yaml"
    );
}

// ---------------------------------------------------------------- lint findings

#[test]
fn lint_findings_report_under_their_lint_rule_in_sarif_and_junit() {
    let url = util::database(
        "formatslint",
        "CREATE TABLE a (id text PRIMARY KEY); CREATE TABLE b (a_id text REFERENCES a, note json);",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = pgconform(&["lint", "--url", &url, "--format", "sarif"], dir.path());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out.stderr));
    let document: Value = serde_json::from_str(&text(&out.stdout)).expect("SARIF");
    assert_valid_sarif(&document);
    let run = &document["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the tables have hazards: {document:#}");
    for result in results {
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], result["ruleId"]);
        assert!(
            CheckKind::ALL.iter().all(|k| k.name() != rule["id"]),
            "reported under the lint rule: {rule}"
        );
        assert!(rule["fullDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{rule}");
    }
    let xml = text(&pgconform(&["lint", "--url", &url, "--format", "junit"], dir.path()).stdout);
    assert_valid_junit(&xml);
    assert!(xml.contains("classname=\"") && xml.contains(".lint\""), "{xml}");
    // The JSON form of lint findings (with `rule` and `fix_sql`) is documented in the schema.
    let json: Value =
        serde_json::from_slice(&pgconform(&["lint", "--url", &url, "--format", "json"], dir.path()).stdout)
            .unwrap();
    assert!(
        json["databases"][0]["checks"].as_array().unwrap().iter().any(|c| c["rule"].is_string()),
        "{json:#}"
    );
    assert_valid_json_report(&json);
}
