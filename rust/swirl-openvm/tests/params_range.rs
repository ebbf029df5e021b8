//! Parity of the app preset's range (issue 10, item 4): the reference's
//! `app_params_with_100_bits_security(h)` is defined for every h <= 24; at h <= 10 its WHIR
//! configuration has no rounds (log_stacked_height <= WHIR_MAX_LOG_FINAL_POLY_LEN = 10).
//! These tests pin what the reference does with such parameters and whether swirl follows.

use openvm_stark_backend::{
    prover::DeviceDataTransporter,
    test_utils::{FibFixture, TestFixture},
    StarkEngine,
};
use openvm_stark_sdk::config::{
    app_params_with_100_bits_security, baby_bear_poseidon2::BabyBearPoseidon2CpuEngine,
};
use swirl_openvm::SwirlCpuEngine;

/// The reference's preset returns parameters at h = 8 (zero WHIR rounds) that its own prover
/// cannot use: proving fib (height 2^6) panics ("capacity overflow"). swirl refuses such
/// parameters outright (SWIRL_ERR_PARAMS), see the next test.
#[test]
#[should_panic(expected = "capacity overflow")]
fn reference_cannot_prove_with_zero_whir_rounds() {
    let params = app_params_with_100_bits_security(8);
    assert!(params.whir.rounds.is_empty());
    let engine = BabyBearPoseidon2CpuEngine::<
        openvm_stark_sdk::config::baby_bear_poseidon2::CpuTranscript,
    >::new(params);
    let fx = FibFixture::new(0, 1, 1 << 6);
    let (vk, proof) = fx.keygen_and_prove(&engine);
    engine
        .verify(&vk, &proof)
        .expect("reference verifies its zero-round WHIR proof");
}

/// swirl under the same parameters (keys from the reference's keygen): the key cannot be used
/// (swirl's vk decoder validates the parameters), and proving fails with that reason.
#[test]
fn swirl_refuses_zero_whir_rounds() {
    let params = app_params_with_100_bits_security(8);
    let engine = SwirlCpuEngine::new(params);
    let fx = FibFixture::new(0, 1, 1 << 6);
    let (pk, _vk) = fx.keygen(&engine);
    let d_pk = engine.device().transport_pk_to_device(&pk);
    let ctx =
        engine.device().transport_proving_ctx_to_device(
            &TestFixture::<swirl_openvm::convert::SC>::generate_proving_ctx(&fx),
        );
    let err = engine
        .prove(&d_pk, ctx)
        .expect_err("swirl must refuse zero WHIR rounds");
    assert!(
        err.message
            .contains("swirl could not use the reference's key"),
        "unexpected error: {err}"
    );
}

/// Above the reference's MAX_APP_LOG_STACKED_HEIGHT (24) both refuse the preset.
#[test]
fn app_preset_stops_at_24() {
    assert!(std::panic::catch_unwind(|| app_params_with_100_bits_security(25)).is_err());
    let mut p = swirl_openvm::ffi::swirl_system_params::default();
    // SAFETY: out-pointer to a plain struct.
    assert_eq!(
        unsafe { swirl_openvm::ffi::swirl_params_app(25, &mut p) },
        8
    );
    assert_eq!(
        unsafe { swirl_openvm::ffi::swirl_params_app(24, &mut p) },
        0
    );
}
