//! Item 3 of issue 10, proofs, for every built-in scenario with the same traces on both sides:
//! * the reference's proof (its CPU backend, parallel proof-of-work grinding) verifies with
//!   swirl (`swirl_verify` on the reference's encoded proof and verifying-key bytes);
//! * swirl's proof, made through the `SwirlCpuEngine` (reference keygen, swirl prover),
//!   verifies with the reference verifier, and the reference codec re-encodes it to the same
//!   bytes;
//! * with a serial proof-of-work on the reference side (its prover run in a one-thread rayon
//!   pool, where `find_any` returns the smallest witness, as swirl's grinder does), the two
//!   proofs are byte-identical; where not, the test names the differing sections and the
//!   first transcript event where the two proofs part.

use openvm_stark_backend::{
    keygen::types::MultiStarkVerifyingKey,
    proof::Proof,
    prover::{DeviceDataTransporter, ProvingContext},
    StarkEngine, SystemParams,
};
use openvm_stark_sdk::config::{
    app_params_with_100_bits_security, baby_bear_poseidon2::BabyBearPoseidon2CpuEngine,
};

/// The reference CPU engine with its default transcript.
type RefCpuEngine = BabyBearPoseidon2CpuEngine;
use swirl_openvm::{
    airs::{reference_airs, scenario_params},
    convert::{encode_proof, vk_postcard, SC},
    crosscheck::{compare_sections, reference_ctx},
    scenario::Scenario,
    transcript_log::{first_divergence, verifier_log},
    SwirlCpuEngine, Vk,
};

struct Outcome {
    vk: MultiStarkVerifyingKey<SC>,
    reference_parallel: Vec<u8>,
    reference_serial: Proof<SC>,
    swirl_bytes: Vec<u8>,
    swirl_proof: Proof<SC>,
}

fn run(name: &str, size: usize, seed: u64, params: SystemParams) -> Outcome {
    let scenario = Scenario::new(name, size, seed, true).expect("swirl scenario");
    let inputs = scenario.inputs();

    let reference = RefCpuEngine::new(params.clone());
    let airs = reference_airs(name, size, reference.config());
    let (pk, vk) = reference.keygen(&airs);
    let host_ctx = reference_ctx(reference.config(), &inputs);
    let d_pk = reference.device().transport_pk_to_device(&pk);
    let prove_reference = || {
        let d_ctx = reference
            .device()
            .transport_proving_ctx_to_device(&host_ctx);
        reference.prove(&d_pk, d_ctx).expect("reference prover")
    };
    let reference_parallel = encode_proof(&prove_reference());
    let serial_pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let reference_serial = serial_pool.install(prove_reference);

    let swirl = SwirlCpuEngine::new(params);
    let (swirl_pk, _) = swirl.keygen(&airs);
    let swirl_d_pk = swirl.device().transport_pk_to_device(&swirl_pk);
    let swirl_ctx: ProvingContext<_> = swirl.device().transport_proving_ctx_to_device(&host_ctx);
    let (swirl_bytes, swirl_proof) = swirl
        .prove_bytes(&swirl_d_pk, swirl_ctx)
        .expect("swirl prover");
    Outcome {
        vk,
        reference_parallel,
        reference_serial,
        swirl_bytes,
        swirl_proof,
    }
}

fn check(name: &str, size: usize) {
    check_with(name, size, 0, scenario_params(name));
}

/// `seed` != 0 draws the scenario's values from swirl's RNG; only for scenarios whose AIRs do
/// not depend on the seed (no drawn selectors).
fn check_with(name: &str, size: usize, seed: u64, params: SystemParams) {
    let out = run(name, size, seed, params);
    let vk_bytes = vk_postcard(&out.vk);
    let swirl_vk = Vk::decode(&vk_bytes).expect("swirl decodes the reference's key");

    // reference (parallel grinding) -> swirl verifier
    swirl_vk
        .verify(&out.reference_parallel)
        .unwrap_or_else(|e| panic!("{name}: swirl rejects the reference's proof: {e}"));
    let serial_bytes = encode_proof(&out.reference_serial);
    swirl_vk
        .verify(&serial_bytes)
        .unwrap_or_else(|e| panic!("{name}: swirl rejects the reference's serial proof: {e}"));

    // swirl -> reference verifier and codec
    let reference = RefCpuEngine::new(out.vk.inner.params.clone());
    reference
        .verify(&out.vk, &out.swirl_proof)
        .unwrap_or_else(|e| panic!("{name}: the reference rejects swirl's proof: {e}"));
    assert_eq!(
        encode_proof(&out.swirl_proof),
        out.swirl_bytes,
        "{name}: the reference codec re-encodes swirl's proof differently"
    );

    // byte identity with a serial proof-of-work
    if let Some(report) = compare_sections(&serial_bytes, &out.swirl_bytes) {
        let (a, _) = verifier_log(reference.config(), &out.vk, &out.reference_serial);
        let (b, _) = verifier_log(reference.config(), &out.vk, &out.swirl_proof);
        let at = first_divergence(&a, &b);
        panic!(
            "{name}: {report}; transcripts ({} / {} events) first differ at event {:?}: \
             reference {:?}, swirl {:?}",
            a.len(),
            b.len(),
            at,
            at.and_then(|i| a.get(i)),
            at.and_then(|i| b.get(i))
        );
    }
}

macro_rules! cross_tests {
    ($($test:ident => ($name:literal, $size:expr)),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($name, $size);
            }
        )+
    };
}

/// Drawn values (public values, interaction rows, sums) instead of the fixtures'.
#[test]
fn cross_seeded_values() {
    check_with("fib", 7, 5, scenario_params("fib"));
    check_with("partitioned_sum", 6, 9, scenario_params("partitioned_sum"));
    check_with("interactions", 6, 3, scenario_params("interactions"));
}

/// keccakf (4 permutations) under the app preset at log stacked height 16: the full preset's
/// PoW bits and query counts, with a stacked matrix small enough for the default suite.
#[test]
fn cross_keccakf_app16() {
    check_with("keccakf", 4, 0, app_params_with_100_bits_security(16));
}

/// keccakf under the keccakf example's preset, app_params_with_100_bits_security(21): every
/// proof commits and opens a 2^21-row stacked matrix, about 4 minutes for the five proofs and
/// verifications on 2 cores, so only with `--features slow-tests`.
#[test]
#[cfg_attr(
    not(feature = "slow-tests"),
    ignore = "slow: run with --features slow-tests"
)]
fn cross_keccakf_app21() {
    check("keccakf", 4);
}

cross_tests! {
    cross_fib => ("fib", 6),
    cross_fib_below_l_skip => ("fib", 1),
    cross_fib_selector => ("fib_selector", 5),
    cross_interactions => ("interactions", 0),
    cross_interactions_generated => ("interactions", 4),
    cross_self_interaction => ("self_interaction", 3),
    cross_cached => ("cached", 0),
    cross_preprocessed_cached => ("preprocessed_cached", 4),
    cross_partitioned_sum => ("partitioned_sum", 5),
    cross_mixture => ("mixture", 3),
}

/// The diagnostics the byte-identity check prints on a mismatch: a proof altered in one WHIR
/// value is named by its section, and the transcripts part at an observe of that value (the
/// events before it agree).
#[test]
fn diagnostics_name_the_differing_section_and_event() {
    let out = run("fib", 3, 0, scenario_params("fib"));
    let mut altered = out.swirl_bytes.clone();
    let last = altered.len() - 4; // low byte of the proof's last field element (WHIR)
    altered[last] ^= 1;
    let report = compare_sections(&out.swirl_bytes, &altered).expect("bytes differ");
    assert!(report.contains("differing sections: whir ("), "{report}");

    let reference = RefCpuEngine::new(out.vk.inner.params.clone());
    let altered_proof = swirl_openvm::convert::decode_proof(&altered).expect("still decodes");
    let (a, ok_a) = verifier_log(reference.config(), &out.vk, &out.swirl_proof);
    let (b, ok_b) = verifier_log(reference.config(), &out.vk, &altered_proof);
    assert!(ok_a.is_ok());
    assert!(ok_b.is_err(), "the altered proof must not verify");
    let at = first_divergence(&a, &b).expect("transcripts part");
    assert_eq!(a[..at], b[..at]);
    assert!(
        !a[at].is_sample && !b[at].is_sample,
        "they part at an observed value"
    );
    assert_eq!(a[at].value ^ b[at].value, 1);
}
