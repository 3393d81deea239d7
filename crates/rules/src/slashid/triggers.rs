//! Trigger types and names: the `TriggerType`, `EventName` and `SyncHookName` enums of
//! `slashid-webhooks.openapi.yml`, kept as one table (a test checks it against the file).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerType {
    Event,
    SyncHook,
}

impl TriggerType {
    pub const ALL: [TriggerType; 2] = [TriggerType::Event, TriggerType::SyncHook];

    pub fn as_str(self) -> &'static str {
        match self {
            TriggerType::Event => "event",
            TriggerType::SyncHook => "sync_hook",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// "an event name" / "a sync_hook name", for messages.
    pub fn a_name(self) -> &'static str {
        match self {
            TriggerType::Event => "an event name",
            TriggerType::SyncHook => "a sync_hook name",
        }
    }

    /// Every name valid for this type, in the OpenAPI file's order.
    pub fn names(self) -> impl Iterator<Item = &'static TriggerName> {
        TRIGGER_NAMES.iter().filter(move |n| n.trigger_type == self)
    }

    /// The name as the API spells it, when it is valid for this type.
    pub fn name(self, name: &str) -> Option<&'static TriggerName> {
        self.names().find(|n| n.name == name)
    }
}

impl fmt::Display for TriggerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family a trigger name belongs to, for grouping in the trigger picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Authentication,
    Person,
    Token,
    Analytics,
    Gate,
    Role,
    Permission,
    Organization,
    Security,
    Aws,
    Gcp,
    ActiveDirectory,
    SyncHook,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Authentication => "Authentication",
            Family::Person => "Person",
            Family::Token => "Token",
            Family::Analytics => "Analytics and consent",
            Family::Gate => "Gate",
            Family::Role => "Role",
            Family::Permission => "Permission",
            Family::Organization => "Organization",
            Family::Security => "Security",
            Family::Aws => "AWS",
            Family::Gcp => "GCP",
            Family::ActiveDirectory => "Active Directory",
            Family::SyncHook => "Synchronous hooks",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriggerName {
    pub trigger_type: TriggerType,
    pub name: &'static str,
    pub family: Family,
}

const fn event(name: &'static str, family: Family) -> TriggerName {
    TriggerName {
        trigger_type: TriggerType::Event,
        name,
        family,
    }
}

const fn hook(name: &'static str) -> TriggerName {
    TriggerName {
        trigger_type: TriggerType::SyncHook,
        name,
        family: Family::SyncHook,
    }
}

use Family::*;

/// Every trigger name, events first in the OpenAPI `EventName` order, then `SyncHookName`.
pub const TRIGGER_NAMES: &[TriggerName] = &[
    event("AuthenticationSucceeded_v1", Authentication),
    event("AuthenticationFailed_v1", Authentication),
    event("PersonCreated_v1", Person),
    event("AnonymousPersonCreated_v1", Person),
    event("PersonDeleted_v1", Person),
    event("VirtualPageLoaded_v1", Analytics),
    event("SlashIDSDKLoaded_v1", Analytics),
    event("PersonIdentified_v1", Person),
    event("PersonLoggedOut_v1", Person),
    event("TokenMinted_v1", Token),
    event("AnonymousTokenMinted_v1", Token),
    event("PasswordChanged_v1", Person),
    event("GdprConsentsChanged_v1", Analytics),
    event("GateServerStarted_v1", Gate),
    event("GateRequestHandled_v1", Gate),
    event("GateRequestCredentialFound_v1", Gate),
    event("PermissionCreated_InRegion_v1", Permission),
    event("PermissionCreated_v1", Permission),
    event("PermissionDeleted_InRegion_v1", Permission),
    event("PermissionDeleted_v1", Permission),
    event("RoleCreated_InRegion_v1", Role),
    event("RoleCreated_v1", Role),
    event("RoleDeleted_InRegion_v1", Role),
    event("RoleDeleted_v1", Role),
    event("RoleUpdated_InRegion_v1", Role),
    event("RoleUpdated_v1", Role),
    event("RolesSetToPerson_InRegion_v1", Role),
    event("RolesSetToPerson_v1", Role),
    event("PermissionsSetToPerson_InRegion_v1", Permission),
    event("PermissionsSetToPerson_v1", Permission),
    event("MitmAttackDetected_v1", Security),
    event("PermissionUpdated_InRegion_v1", Permission),
    event("PermissionUpdated_v1", Permission),
    event("SuborganizationCreated_InRegion_v1", Organization),
    event("SuborganizationCreated_v1", Organization),
    event("OAuth2ClientCreated_InRegion_v1", Organization),
    event("OAuth2ClientCreated_v1", Organization),
    event("AWSIAMUserCreated_v1", Aws),
    event("AWSIAMRoleCreated_v1", Aws),
    event("AWSIAMRoleInlinePoliciesUpdated_v1", Aws),
    event("AWSIAMRoleManagedPoliciesUpdated_v1", Aws),
    event("AWSIAMRoleAssumeRolePolicyUpdated_v1", Aws),
    event("AWSIAMRolePermissionsBoundaryUpdated_v1", Aws),
    event("AWSIAMRoleDeleted_v1", Aws),
    event("GCPServiceAccountCreated_v1", Gcp),
    event("GCPRoleCreated_v1", Gcp),
    event("GCPIAMPolicyBindingUpdated_v1", Gcp),
    event("GCPServiceAccountDeleted_v1", Gcp),
    event("ActiveDirectorySPNCreated_v1", ActiveDirectory),
    event("ActiveDirectorySPNRoleUpdated_v1", ActiveDirectory),
    event("ActiveDirectorySPNDeleted_v1", ActiveDirectory),
    event("ActiveDirectoryUserCreated_v1", ActiveDirectory),
    hook("token_minted"),
    hook("identify_user"),
    hook("threat_detection"),
    hook("posture_detection"),
];

/// Every event name (the OpenAPI `EventName` enum), for `POST /test-events`.
pub fn event_names() -> impl Iterator<Item = &'static str> {
    TriggerType::Event.names().map(|n| n.name)
}
