//! The rules, one file each, and [`ALL`]: the one list of them, in the order
//! `lint --list`, reports and the README show them (grouped). A rule's name
//! is written once, in its file; everything else finds it through `ALL`.

mod char_n;
mod check_instead_of_not_null;
mod constraint_not_valid;
mod disabled_trigger;
mod duplicate_index;
mod extension_in_public;
mod fk_collation_mismatch;
mod fk_type_mismatch;
mod fk_without_index;
mod function_search_path_mutable;
mod identifier_at_max_length;
mod identifier_needs_quoting;
mod integer_primary_key;
mod invalid_index;
mod json_not_jsonb;
mod money_type;
mod orphan_sequence;
mod policy_without_rls;
mod redundant_index;
mod reg_type_column;
mod rls_enabled_without_policy;
mod rule_not_view;
mod security_definer_without_search_path;
mod sequence_narrower_than_column;
mod sequence_near_exhaustion;
mod serial_not_identity;
mod table_inheritance;
mod table_without_primary_key;
mod time_with_time_zone;
mod timestamp_without_time_zone;
mod unused_enum;
mod uuid_stored_as_text;
mod varchar_n;

use super::rule::Rule;

pub static ALL: [Rule; 33] = [
    // keys and indexes
    fk_type_mismatch::RULE,
    fk_collation_mismatch::RULE,
    uuid_stored_as_text::RULE,
    fk_without_index::RULE,
    table_without_primary_key::RULE,
    duplicate_index::RULE,
    redundant_index::RULE,
    invalid_index::RULE,
    constraint_not_valid::RULE,
    check_instead_of_not_null::RULE,
    // column types
    timestamp_without_time_zone::RULE,
    time_with_time_zone::RULE,
    char_n::RULE,
    money_type::RULE,
    json_not_jsonb::RULE,
    serial_not_identity::RULE,
    integer_primary_key::RULE,
    varchar_n::RULE,
    reg_type_column::RULE,
    // sequences
    sequence_near_exhaustion::RULE,
    sequence_narrower_than_column::RULE,
    orphan_sequence::RULE,
    // code and security
    security_definer_without_search_path::RULE,
    function_search_path_mutable::RULE,
    rls_enabled_without_policy::RULE,
    policy_without_rls::RULE,
    disabled_trigger::RULE,
    rule_not_view::RULE,
    // naming and structure
    identifier_needs_quoting::RULE,
    identifier_at_max_length::RULE,
    table_inheritance::RULE,
    unused_enum::RULE,
    extension_in_public::RULE,
];

/// What every rule file needs.
mod prelude {
    pub use super::super::context::{
        Context, alter_type_sql, effective_type, foreign_keys, integer_range, thousands, widens,
    };
    pub use super::super::rule::{Group, Hit, Rule};
    pub use super::super::subject::Subject;
    pub use crate::catalog::{
        Column, ConstraintKind, Index, IndexKey, QualifiedName, Relation, RelationKind,
    };
    pub use crate::spec::Severity;
    pub use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};
}
