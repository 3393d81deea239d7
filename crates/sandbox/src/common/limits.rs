//! Every bound on what the sandbox stores and on the work one request may cause, in one
//! place, so that a hostile or careless client cannot grow the database, or one request's
//! work, without limit.
//!
//! Where an API's rules bound a field (`webhook-rules`), the rule is the bound and is named
//! here only to say so; the console rejects such a value first, with the same reason. The
//! `inferred:` bounds below are the sandbox's own (the APIs document none): they are far
//! above anything an admin types, and each is answered in the API's own error shape, naming
//! the field. They belong in the rules crate once it bounds the same fields (the console
//! would then refuse them first); until then a value over one is refused by the sandbox
//! only.
//!
//! Every request body is also bounded as a whole: `body::MAX_BODY_BYTES` (1 MiB) for
//! SlashID and InstaVM, Droplit's documented 100 KiB (`webhook_rules::droplit::wire`).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Recorded deliveries: one page of a sandbox delivery list (SlashID's and Droplit's;
/// InstaVM's documented list has its own, `webhook_rules::instavm::validate`).
/// inferred: 50 unless `limit` is given, 1 to 100, as InstaVM's.
pub const DELIVERIES_PAGE_DEFAULT: usize = 50;
pub const DELIVERIES_PAGE_MAX: usize = 100;

/// inferred: how many recorded deliveries each owner keeps (a SlashID organization, an
/// InstaVM user, a Droplit ecosystem); past it the oldest are pruned, in the transaction
/// that records new ones. An owner, not a webhook: the number of webhooks is not bounded,
/// so a cap per webhook would not bound the table. 2,000 is about 40 pages of the lists,
/// and at most a few megabytes per owner with the field bounds below.
pub const DELIVERIES_PER_OWNER: usize = 2_000;

pub mod slashid {
    /// Every field is bounded by the rules, which the console applies too (one rule, one
    /// place): `name` (`fields::NAME_MAX_CHARS`), `description`
    /// (`fields::DESCRIPTION_MAX_CHARS`), `target_url` (`target_url::MAX_BYTES`),
    /// `custom_headers` (`headers::MAX_HEADERS` names of `headers::MAX_NAME_BYTES`, each
    /// with `headers::MAX_VALUES_PER_HEADER` values of `headers::MAX_VALUE_BYTES`), trigger
    /// names (enums), `timeout` (a duration), test events per request
    /// (`test_events::MAX_EVENTS_PER_REQUEST`) and their `analytics_correlation_id`
    /// (`test_events::MAX_CORRELATION_ID_BYTES`).
    pub use webhook_rules::slashid::fields::{DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS};

    /// inferred: the deliveries one `POST /test-events` may record (events times the
    /// webhooks each triggers): 50 events to 20 webhooks. A request that would record more
    /// is refused (400) before anything is signed; with the bounds above it writes at most
    /// about 4 MB in one short transaction.
    pub const DELIVERIES_PER_REQUEST: usize = 1_000;
}

pub mod instavm {
    /// inferred: `url` and `description`, in characters (pydantic's `max_length` counts
    /// characters). The real server bounds neither: the recorded FastAPI verdicts accept
    /// 100,000 characters of each (`tests/vectors/instavm-endpoints.jsonl`), so the bound is
    /// above that, and well below the body's 1 MiB.
    pub const URL_MAX_CHARS: usize = 128 * 1024;
    pub const DESCRIPTION_MAX_CHARS: usize = 128 * 1024;
    /// inferred: `event_patterns`: how many, and each one's characters.
    pub const EVENT_PATTERNS_MAX: usize = 100;
    pub const EVENT_PATTERN_MAX_CHARS: usize = 200;
    /// inferred: `POST /sandbox/instavm/events`: the event type's characters and the
    /// `data` object's size as compact JSON; the body of every delivery holds it.
    pub const EVENT_TYPE_MAX_CHARS: usize = 200;
    pub const EVENT_DATA_MAX_BYTES: usize = 64 * 1024;
    /// inferred: the endpoints one sandbox event may be delivered to (the number of
    /// endpoints is not bounded); more is refused (422) before anything is signed.
    pub const DELIVERIES_PER_EVENT: usize = 100;
}

pub mod droplit {
    /// Bounded by the rules: ids (`validate::MAX_ID_LEN`), and every other field by the
    /// documented body limit (100 KiB, `webhook_rules::droplit::wire::MAX_BODY_BYTES`).
    /// No lower bound of the sandbox's own: the recorded Node verdicts accept URLs of
    /// 100,001 characters (`tests/vectors/droplit-url.jsonl`), which a lower one would
    /// refuse.
    pub use webhook_rules::droplit::validate::MAX_ID_LEN;
    pub use webhook_rules::droplit::wire::MAX_BODY_BYTES;
}

static KEEP: AtomicUsize = AtomicUsize::new(DELIVERIES_PER_OWNER);

/// The deliveries each owner keeps: `DELIVERIES_PER_OWNER`, or `--keep-deliveries` (set
/// once at start; tests lower it to see pruning without recording thousands).
pub fn deliveries_per_owner() -> usize {
    KEEP.load(Ordering::Relaxed)
}

pub fn set_deliveries_per_owner(n: usize) {
    KEEP.store(n.max(1), Ordering::Relaxed);
}

/// SQL that keeps only the newest `deliveries_per_owner()` rows of `table` whose `column`
/// is `?1` (`seq` orders the rows), given `?2` = that number.
pub fn prune_sql(table: &str, column: &str) -> String {
    format!(
        "DELETE FROM {table} WHERE {column} = ?1 AND seq <= (
            SELECT seq FROM {table} WHERE {column} = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)"
    )
}
