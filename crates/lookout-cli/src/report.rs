//! `lookout report`: rendered by [`lookout_core::report`], which the desktop app's "Export
//! report" shares.

pub use lookout_core::report::{cell, mean, time};
