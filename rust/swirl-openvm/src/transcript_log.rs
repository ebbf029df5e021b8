//! Transcript logs of proofs, event by event, for locating where two proofs' transcripts part.
//!
//! The log of a proof is taken by running the reference verifier on it with the reference's
//! recording sponge: the verifier observes every prover message and samples every challenge in
//! the prover's order, so its log is the prover's transcript (observes and samples, each a base
//! field element; extension elements and digests appear as their coordinates).

use openvm_stark_backend::{
    keygen::types::MultiStarkVerifyingKey, proof::Proof, verifier::verify, TranscriptHistory,
};
use openvm_stark_sdk::config::baby_bear_poseidon2::{
    default_duplex_sponge_recorder, BabyBearPoseidon2Config,
};
use p3_field::PrimeField32;

use crate::convert::SC;

/// One transcript event: an observed or sampled base-field value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub is_sample: bool,
    pub value: u32,
}

/// The proof's transcript as the reference verifier sees it, and whether it verified (the log
/// stops where verification stopped).
pub fn verifier_log(
    config: &BabyBearPoseidon2Config,
    vk: &MultiStarkVerifyingKey<SC>,
    proof: &Proof<SC>,
) -> (Vec<Event>, Result<(), String>) {
    let mut recorder = default_duplex_sponge_recorder();
    let outcome = verify(config, vk, proof, &mut recorder).map_err(|e| e.to_string());
    let (values, flags) = recorder.into_log().into_parts();
    let events = values
        .iter()
        .zip(flags)
        .map(|(v, is_sample)| Event {
            is_sample,
            value: v.as_canonical_u32(),
        })
        .collect();
    (events, outcome)
}

/// Index of the first event where the logs differ (in kind or value, or one ends), or None.
pub fn first_divergence(a: &[Event], b: &[Event]) -> Option<usize> {
    let common = a.len().min(b.len());
    (0..common)
        .find(|&i| a[i] != b[i])
        .or((a.len() != b.len()).then_some(common))
}
