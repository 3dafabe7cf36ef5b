//! What happens to a result besides its thresholds: the runtime's policies, each a pure type
//! tested as sequences, like the threshold engine.
//!
//! - [`flap`]: the flap cap ([`flap::FlapCap::admit`]) and one incident for a flapping service.
//! - [`hold`]: a child's alert held while its parent is DOWN.
//! - [`sleep`]: failures dropped around a suspend and re-checked after the resume.
//! - [`offline`]: failures explained by this machine being offline.
//!
//! None of them does I/O or reads a clock: times come in with the calls, and the runtime
//! carries out what they answer (an event, an incident write, a re-check later).

pub mod flap;
pub mod hold;
pub mod offline;
pub mod sleep;
