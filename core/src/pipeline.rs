//! The one ordered list of stages.
