//! Hand-written declarations of the part of `include/swirl.h` this crate uses.
//!
//! Every field element crossing this boundary is a canonical `u32` in `[0, p)`; every fallible
//! function returns a `swirl_status` (0 = success) and fills a [`SwirlError`].
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_uint};

pub const SWIRL_OK: c_int = 0;
pub const SWIRL_ERR_TRACE: c_int = 7;
pub const SWIRL_ERR_VERIFY: c_int = 5;
pub const SWIRL_ERR_DECODE: c_int = 4;

pub const SWIRL_BACKEND_CPU: c_int = 1;
pub const SWIRL_BACKEND_CUDA: c_int = 2;

#[repr(C)]
pub struct SwirlError {
    pub status: c_int,
    pub detail: c_int,
    pub message: [c_char; 256],
}

impl SwirlError {
    pub fn new() -> Self {
        SwirlError {
            status: 0,
            detail: 0,
            message: [0; 256],
        }
    }

    /// The message as a Rust string (lossy).
    pub fn message(&self) -> String {
        let bytes: Vec<u8> = self
            .message
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Default for SwirlError {
    fn default() -> Self {
        Self::new()
    }
}

#[repr(C)]
pub struct swirl_ctx {
    _private: [u8; 0],
}
#[repr(C)]
pub struct swirl_pk {
    _private: [u8; 0],
}
#[repr(C)]
pub struct swirl_vk {
    _private: [u8; 0],
}
#[repr(C)]
pub struct swirl_air {
    _private: [u8; 0],
}
#[repr(C)]
pub struct swirl_committed_trace {
    _private: [u8; 0],
}

/// Row-major matrix of canonical field elements (`values[r * width + c]`).
#[repr(C)]
pub struct swirl_trace {
    pub values: *mut u32,
    pub height: usize,
    pub width: usize,
}

#[repr(C)]
pub struct swirl_air_inputs {
    pub common_main: *const swirl_trace,
    pub cached_mains: *const swirl_trace,
    pub num_cached_mains: usize,
    pub public_values: *const u32,
    pub num_public_values: usize,
    pub cached_commitments: *const *const swirl_committed_trace,
}

#[repr(C)]
pub struct swirl_builtin {
    pub name: *const c_char,
    pub airs: *mut *mut swirl_air,
    pub num_airs: usize,
    pub inputs: *mut swirl_air_inputs,
    pub max_log_height: c_uint,
}

#[repr(C)]
pub struct swirl_span {
    pub name: *const c_char,
    pub depth: c_uint,
    pub seconds: f64,
    pub bytes_to_device: u64,
    pub bytes_from_device: u64,
    pub host_waits: u64,
}

pub const SWIRL_MAX_WHIR_ROUNDS: usize = 16;

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct swirl_proximity {
    pub kind: c_int,
    pub m: usize,
    pub list_start_round: usize,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct swirl_whir_config {
    pub k: usize,
    pub num_rounds: usize,
    pub num_queries: [usize; SWIRL_MAX_WHIR_ROUNDS],
    pub mu_pow_bits: usize,
    pub query_phase_pow_bits: usize,
    pub folding_pow_bits: usize,
    pub proximity: swirl_proximity,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct swirl_logup_params {
    pub max_interaction_count: u32,
    pub log_max_message_length: u32,
    pub pow_bits: usize,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct swirl_system_params {
    pub l_skip: usize,
    pub n_stack: usize,
    pub w_stack: usize,
    pub log_blowup: usize,
    pub whir: swirl_whir_config,
    pub logup: swirl_logup_params,
    pub max_constraint_degree: usize,
}

#[repr(C)]
pub struct swirl_proof_air_summary {
    pub present: c_int,
    pub log_height: c_uint,
    pub num_cached_mains: usize,
    pub num_public_values: usize,
}

#[repr(C)]
pub struct swirl_proof_summary {
    pub total_bytes: usize,
    pub num_airs: usize,
    pub num_present: usize,
    pub airs: *mut swirl_proof_air_summary,
    pub common_main_commit: [u32; 8],
    pub logup_pow_witness: u32,
    pub gkr_layers: usize,
    pub constraint_rounds: usize,
    pub num_column_openings: usize,
    pub stacking_rounds: usize,
    pub num_commitments: usize,
    pub whir_rounds: usize,
    pub whir_sumcheck_rounds: usize,
    pub whir_queries: usize,
    pub whir_final_poly_len: usize,
    pub preamble_bytes: usize,
    pub gkr_bytes: usize,
    pub constraint_bytes: usize,
    pub stacking_bytes: usize,
    pub whir_bytes: usize,
}

impl Default for swirl_proof_summary {
    fn default() -> Self {
        // SAFETY: plain-old-data struct of integers and one null pointer.
        unsafe { std::mem::zeroed() }
    }
}

extern "C" {
    pub fn swirl_version() -> *const c_char;
    pub fn swirl_status_str(status: c_int) -> *const c_char;

    pub fn swirl_ctx_create(
        nthreads: c_uint,
        backend: c_int,
        out: *mut *mut swirl_ctx,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_ctx_free(ctx: *mut swirl_ctx);
    pub fn swirl_ctx_backend_name(ctx: *const swirl_ctx) -> *const c_char;
    pub fn swirl_ctx_spans(ctx: *const swirl_ctx, out: *mut swirl_span, max: usize) -> usize;

    pub fn swirl_params_app(log_stacked_height: usize, out: *mut swirl_system_params) -> c_int;
    pub fn swirl_params_leaf(out: *mut swirl_system_params) -> c_int;
    pub fn swirl_params_internal(out: *mut swirl_system_params) -> c_int;
    pub fn swirl_params_root(out: *mut swirl_system_params) -> c_int;
    pub fn swirl_params_hook(out: *mut swirl_system_params) -> c_int;
    pub fn swirl_params_test_small(
        l_skip: usize,
        n_stack: usize,
        k_whir: usize,
        out: *mut swirl_system_params,
    ) -> c_int;
    pub fn swirl_params_for_testing(
        log_stacked_height: usize,
        out: *mut swirl_system_params,
    ) -> c_int;

    pub fn swirl_keygen(
        ctx: *mut swirl_ctx,
        params: *const swirl_system_params,
        airs: *const *mut swirl_air,
        num_airs: usize,
        pk_out: *mut *mut swirl_pk,
        vk_out: *mut *mut swirl_vk,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_pk_free(pk: *mut swirl_pk);
    pub fn swirl_vk_free(vk: *mut swirl_vk);
    pub fn swirl_pk_vk(pk: *const swirl_pk) -> *const swirl_vk;
    pub fn swirl_vk_encode(
        vk: *const swirl_vk,
        bytes_out: *mut *mut u8,
        len_out: *mut usize,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_vk_decode(
        bytes: *const u8,
        len: usize,
        vk_out: *mut *mut swirl_vk,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_bytes_free(bytes: *mut u8);
    pub fn swirl_vk_pre_hash(vk: *const swirl_vk, out: *mut u32);
    pub fn swirl_vk_params(vk: *const swirl_vk) -> *const swirl_system_params;
    pub fn swirl_vk_num_airs(vk: *const swirl_vk) -> usize;

    /// Added for this crate (src/air/pk_from_vk.c): a proving key from a verifying key and the
    /// preprocessed traces (one per AIR, `values` NULL where the AIR has none).
    pub fn swirl_pk_from_vk(
        ctx: *mut swirl_ctx,
        vk: *const swirl_vk,
        preprocessed: *const swirl_trace,
        names: *const *const c_char,
        num_airs: usize,
        pk_out: *mut *mut swirl_pk,
        err: *mut SwirlError,
    ) -> c_int;

    pub fn swirl_builtin_airs(
        name: *const c_char,
        size: usize,
        seed: u64,
        out: *mut *mut swirl_builtin,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_builtin_scenario(
        name: *const c_char,
        size: usize,
        seed: u64,
        out: *mut *mut swirl_builtin,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_builtin_free(b: *mut swirl_builtin);

    pub fn swirl_prove(
        ctx: *mut swirl_ctx,
        pk: *const swirl_pk,
        inputs: *const swirl_air_inputs,
        num_airs: usize,
        proof_out: *mut *mut u8,
        len_out: *mut usize,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_verify(
        vk: *const swirl_vk,
        proof: *const u8,
        len: usize,
        err: *mut SwirlError,
    ) -> c_int;

    pub fn swirl_proof_summarize(
        proof: *const u8,
        len: usize,
        out: *mut swirl_proof_summary,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_proof_summary_free(s: *mut swirl_proof_summary);

    pub fn swirl_commit_cached_main(
        ctx: *mut swirl_ctx,
        vk: *const swirl_vk,
        trace: *const swirl_trace,
        out: *mut *mut swirl_committed_trace,
        err: *mut SwirlError,
    ) -> c_int;
    pub fn swirl_committed_trace_free(c: *mut swirl_committed_trace);
    pub fn swirl_committed_trace_root(c: *const swirl_committed_trace, out: *mut u32);

    pub fn swirl_keccakf_random_inputs(seed: u64, n: usize, out: *mut [u64; 25]);
    pub fn swirl_keccakf_generate_trace(
        inputs: *const [u64; 25],
        num_inputs: usize,
        out: *mut swirl_trace,
    ) -> c_int;
    pub fn swirl_trace_free(t: *mut swirl_trace);
}

extern "C" {
    /// Added for this crate (src/pcs/stacked_root.c): the root of the stacked commitment of
    /// row-major traces in stacking order, made by the context's backend.
    pub fn swirl_stacked_root(
        ctx: *mut swirl_ctx,
        params: *const swirl_system_params,
        traces: *const *const swirl_trace,
        num_traces: usize,
        root_out: *mut u32,
        err: *mut SwirlError,
    ) -> c_int;
}

/// The duplex sponge's state as swirl_prove_rap_stage takes it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct swirl_rap_transcript {
    pub state: [u32; 16],
    pub absorb_idx: c_uint,
    pub sample_idx: c_uint,
}

extern "C" {
    /// Added for this crate (src/prover/rap_stage.c): the RAP-constraints stage alone from a
    /// caller's transcript state; returns the LogUp witness + GKR + batch sections.
    pub fn swirl_prove_rap_stage(
        ctx: *mut swirl_ctx,
        pk: *const swirl_pk,
        inputs: *const swirl_air_inputs,
        num_airs: usize,
        transcript: *mut swirl_rap_transcript,
        sections_out: *mut *mut u8,
        sections_len: *mut usize,
        r_out: *mut u32,
        r_cap: usize,
        r_len: *mut usize,
        err: *mut SwirlError,
    ) -> c_int;
}
