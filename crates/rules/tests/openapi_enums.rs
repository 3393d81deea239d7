//! The trigger picker offers exactly the names SlashID's OpenAPI file allows, in its order:
//! a name missing from `TRIGGER_NAMES` cannot be chosen, an extra one is a 400 waiting to
//! happen.

use webhook_rules::slashid::triggers::{TRIGGER_NAMES, TriggerType};

const OPENAPI: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/openapi/slashid-webhooks.openapi.yml"
);

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The `enum:` list of the schema `name` under `components: schemas:`. The file is plain
/// block YAML (no flow lists, no anchors), so a line reader suffices.
fn schema_enum(yaml: &str, name: &str) -> Vec<String> {
    let lines: Vec<&str> = yaml.lines().collect();
    let header = format!("{name}:");
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_end() == format!("    {header}"))
        .collect();
    assert_eq!(
        starts.len(),
        1,
        "{OPENAPI}: schema {name} must be defined exactly once"
    );
    let start = starts[0];
    let body: Vec<&str> = lines[start + 1..]
        .iter()
        .copied()
        .take_while(|l| l.trim().is_empty() || indent(l) > indent(lines[start]))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let enum_at = body
        .iter()
        .position(|l| l.trim() == "enum:")
        .unwrap_or_else(|| panic!("{OPENAPI}: schema {name} has no enum"));
    let items: Vec<String> = body[enum_at + 1..]
        .iter()
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| {
            let item = l.trim_start()[2..].trim();
            item.trim_matches(|c| c == '\'' || c == '"').to_owned()
        })
        .collect();
    assert!(
        !items.is_empty(),
        "{OPENAPI}: schema {name} has an empty enum"
    );
    items
}

fn ours(trigger_type: TriggerType) -> Vec<&'static str> {
    TRIGGER_NAMES
        .iter()
        .filter(|n| n.trigger_type == trigger_type)
        .map(|n| n.name)
        .collect()
}

fn read_openapi() -> String {
    std::fs::read_to_string(OPENAPI).unwrap_or_else(|e| panic!("reading {OPENAPI}: {e}"))
}

#[test]
fn trigger_types_are_the_openapi_trigger_type_enum() {
    let ours: Vec<&str> = TriggerType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(ours, schema_enum(&read_openapi(), "TriggerType"));
}

#[test]
fn event_names_are_the_openapi_event_name_enum_in_order() {
    assert_eq!(
        ours(TriggerType::Event),
        schema_enum(&read_openapi(), "EventName")
    );
}

#[test]
fn sync_hook_names_are_the_openapi_sync_hook_name_enum_in_order() {
    assert_eq!(
        ours(TriggerType::SyncHook),
        schema_enum(&read_openapi(), "SyncHookName")
    );
}

#[test]
fn trigger_names_hold_nothing_else() {
    let yaml = read_openapi();
    let expected = schema_enum(&yaml, "EventName").len() + schema_enum(&yaml, "SyncHookName").len();
    assert_eq!(
        TRIGGER_NAMES.len(),
        expected,
        "TRIGGER_NAMES has names the API does not"
    );
    let mut seen = std::collections::HashSet::new();
    for n in TRIGGER_NAMES {
        assert!(seen.insert(n.name), "{} is listed twice", n.name);
    }
    // Events first, then hooks, as the table documents and the picker shows them.
    let first_hook = TRIGGER_NAMES
        .iter()
        .position(|n| n.trigger_type == TriggerType::SyncHook)
        .expect("sync hooks are listed");
    assert!(
        TRIGGER_NAMES[first_hook..]
            .iter()
            .all(|n| n.trigger_type == TriggerType::SyncHook),
        "an event is listed after the first sync hook"
    );
}
