//! swirl (the C library of this repository) as a proving engine of openvm-stark-backend 2.0.1.
//!
//! * [`SwirlEngine`] implements the reference's `StarkEngine` for the BabyBear-Poseidon2
//!   configuration: keys come from the reference's keygen, proofs are made by libswirl (CPU or
//!   CUDA backend) and decoded by the reference's codec into its `Proof` type. An OpenVM user
//!   swaps the engine type (`BabyBearPoseidon2CpuEngine` -> [`SwirlCpuEngine`]) and nothing else.
//! * [`scenario`], [`airs`]: swirl's built-in scenarios and their reference-side AIRs, for the
//!   interop tests (key bytes, cross-verification, proof byte identity) and the bench.

pub mod airs;
pub mod convert;
pub mod crosscheck;
pub mod engine;
pub mod ffi;
pub mod handle;
pub mod scenario;
pub mod spans;
pub mod transcript_log;
pub mod vk_diff;

pub use engine::{
    SwirlBackendMarker, SwirlCpu, SwirlCpuEngine, SwirlCuda, SwirlCudaEngine, SwirlEngine,
};
pub use handle::{BackendKind, Ctx, Pk, RowMajorU32, SwirlError, Vk};
