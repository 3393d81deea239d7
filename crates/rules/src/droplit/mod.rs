//! Droplit webhooks (`../shared/api/README.md`, section 3): a Node server, whose URL rule
//! is a JavaScript regular expression.
