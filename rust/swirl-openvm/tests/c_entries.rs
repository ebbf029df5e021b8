//! The three libswirl entry points added for this crate, on bad input: each failure has its
//! exact status and message (include/swirl.h: swirl_pk_from_vk, swirl_stacked_root,
//! swirl_prove_rap_stage), and the engine's stage boundary refuses a foreign transcript start.

use openvm_stark_backend::{
    prover::{DeviceDataTransporter, Prover},
    test_utils::{default_test_params_small, FibFixture, PreprocessedFibFixture, TestFixture},
    FiatShamirTranscript, StarkEngine,
};
use p3_field::PrimeCharacteristicRing;
use swirl_openvm::{
    convert::{to_swirl_params, SC},
    ffi,
    scenario::{prove_rap_stage, AirInput, Scenario},
    BackendKind, Ctx, Pk, RowMajorU32, SwirlCpuEngine, Vk,
};

const SWIRL_ERR_INVALID_ARG: i32 = 1;
const SWIRL_ERR_FIELD_RANGE: i32 = 3;
const SWIRL_ERR_TRACE: i32 = 7;

fn ctx() -> Ctx {
    Ctx::new(1, BackendKind::Cpu).unwrap()
}

/// The verifying key and preprocessed trace of swirl's fib_selector scenario (log height 3).
fn fib_selector_key(ctx: &Ctx) -> (Vk, RowMajorU32) {
    let params = to_swirl_params(&default_test_params_small()).unwrap();
    let pk = Scenario::new("fib_selector", 3, 0, false)
        .unwrap()
        .keygen(ctx, &params)
        .unwrap();
    let vk = Vk::decode(&pk.vk_bytes().unwrap()).unwrap();
    // the reference fixture's selector column: 1 on even rows
    let sels = RowMajorU32 {
        values: (0..8u32).map(|i| u32::from(i % 2 == 0)).collect(),
        height: 8,
        width: 1,
    };
    (vk, sels)
}

#[test]
fn pk_from_vk_accepts_the_matching_trace() {
    let ctx = ctx();
    let (vk, sels) = fib_selector_key(&ctx);
    let pk = Pk::from_vk(&ctx, &vk, &[Some(sels)]).expect("matching preprocessed trace");
    assert_eq!(pk.pre_hash(), vk.pre_hash());
}

#[test]
fn pk_from_vk_rejects_a_wrong_trace() {
    let ctx = ctx();
    let (vk, mut sels) = fib_selector_key(&ctx);
    sels.values[1] = 1;
    let err = Pk::from_vk(&ctx, &vk, &[Some(sels)])
        .err()
        .expect("wrong trace refused");
    assert_eq!(err.status, SWIRL_ERR_TRACE);
    assert!(
        err.message.contains("does not match the key's commitment"),
        "{err}"
    );
}

#[test]
fn pk_from_vk_rejects_missing_and_out_of_range_traces() {
    let ctx = ctx();
    let (vk, mut sels) = fib_selector_key(&ctx);
    let err = Pk::from_vk(&ctx, &vk, &[None])
        .err()
        .expect("missing trace refused");
    assert_eq!(err.status, SWIRL_ERR_INVALID_ARG);
    assert!(
        err.message.contains("needs its preprocessed trace"),
        "{err}"
    );
    sels.values[2] = 2013265921;
    let err = Pk::from_vk(&ctx, &vk, &[Some(sels)])
        .err()
        .expect("value >= p refused");
    assert_eq!(err.status, SWIRL_ERR_FIELD_RANGE);
    let err = Pk::from_vk(&ctx, &vk, &[])
        .err()
        .expect("AIR count mismatch refused");
    assert_eq!(err.status, SWIRL_ERR_INVALID_ARG);
    assert!(err.message.contains("0 AIRs given, the key has 1"), "{err}");
}

fn stacked_root(traces: &[RowMajorU32]) -> (i32, String) {
    let ctx = ctx();
    let params = to_swirl_params(&default_test_params_small()).unwrap();
    let views: Vec<ffi::swirl_trace> = traces
        .iter()
        .map(|t| ffi::swirl_trace {
            values: t.values.as_ptr() as *mut u32,
            height: t.height,
            width: t.width,
        })
        .collect();
    let ptrs: Vec<*const ffi::swirl_trace> = views.iter().map(|v| v as *const _).collect();
    let mut root = [0u32; 8];
    let mut err = ffi::SwirlError::new();
    // SAFETY: valid views and out-pointers.
    let rc = unsafe {
        ffi::swirl_stacked_root(
            ctx.raw(),
            &params,
            ptrs.as_ptr(),
            ptrs.len(),
            root.as_mut_ptr(),
            &mut err,
        )
    };
    (rc, err.message())
}

fn column(height: usize, value: u32) -> RowMajorU32 {
    RowMajorU32 {
        values: vec![value; height],
        height,
        width: 1,
    }
}

#[test]
fn stacked_root_rejects_bad_shapes() {
    let (rc, msg) = stacked_root(&[column(6, 1)]);
    assert_eq!(
        (rc, msg.contains("is not a power of two")),
        (SWIRL_ERR_TRACE, true),
        "{msg}"
    );
    let (rc, msg) = stacked_root(&[column(4, 1), column(8, 1)]);
    assert_eq!(
        (rc, msg.contains("taller than the one before")),
        (SWIRL_ERR_TRACE, true),
        "{msg}"
    );
    let (rc, msg) = stacked_root(&[column(1 << 11, 1)]);
    assert_eq!(
        (rc, msg.contains("exceeds the stacked height 2^10")),
        (SWIRL_ERR_TRACE, true),
        "{msg}"
    );
    let (rc, _) = stacked_root(&[column(4, 2013265921)]);
    assert_eq!(rc, SWIRL_ERR_FIELD_RANGE);
    let (rc, msg) = stacked_root(&[]);
    assert_eq!(
        (rc, msg.contains("no traces")),
        (SWIRL_ERR_INVALID_ARG, true),
        "{msg}"
    );
    let (rc, _) = stacked_root(&[column(8, 1), column(4, 1)]);
    assert_eq!(rc, 0);
}

/// The fib scenario's key and inputs (log height 3).
fn fib_pk_and_inputs(ctx: &Ctx) -> (Pk, Vec<AirInput>) {
    let params = to_swirl_params(&default_test_params_small()).unwrap();
    let scenario = Scenario::new("fib", 3, 0, true).unwrap();
    (scenario.keygen(ctx, &params).unwrap(), scenario.inputs())
}

#[test]
fn rap_stage_rejects_bad_transcripts() {
    let ctx = ctx();
    let (pk, inputs) = fib_pk_and_inputs(&ctx);
    let mut t = ffi::swirl_rap_transcript {
        absorb_idx: 8,
        ..Default::default()
    };
    let err = prove_rap_stage(&ctx, &pk, &inputs, &mut t).err().unwrap();
    assert_eq!(err.status, SWIRL_ERR_INVALID_ARG);
    assert!(
        err.message.contains("transcript positions out of range"),
        "{err}"
    );
    let mut t = ffi::swirl_rap_transcript::default();
    t.state[3] = 2013265921;
    let err = prove_rap_stage(&ctx, &pk, &inputs, &mut t).err().unwrap();
    assert_eq!(err.status, SWIRL_ERR_FIELD_RANGE);
    assert!(err.message.contains("lane 3"), "{err}");
}

#[test]
fn rap_stage_rejects_unbalanced_interactions() {
    let ctx = ctx();
    let params = to_swirl_params(&default_test_params_small()).unwrap();
    let scenario = Scenario::new("interactions", 0, 0, true).unwrap();
    let pk = scenario.keygen(&ctx, &params).unwrap();
    let mut inputs = scenario.inputs();
    // the sender's first count (row 0, column 0) off by one: the bus no longer balances
    let sender = inputs[0].common_main.as_mut().unwrap();
    sender.values[0] += 1;
    let mut t = ffi::swirl_rap_transcript::default();
    let err = prove_rap_stage(&ctx, &pk, &inputs, &mut t).err().unwrap();
    assert_eq!(err.status, SWIRL_ERR_TRACE);
    assert!(err.message.contains("NonZeroRootSum"), "{err}");
}

#[test]
fn rap_stage_empty_inputs() {
    let ctx = ctx();
    let (pk, mut inputs) = fib_pk_and_inputs(&ctx);
    inputs[0].common_main = None;
    inputs[0].public_values.clear();
    let mut t = ffi::swirl_rap_transcript::default();
    let err = prove_rap_stage(&ctx, &pk, &inputs, &mut t).err().unwrap();
    // the fib AIR is optional, but a proof without any AIR is refused
    assert_eq!(err.status, SWIRL_ERR_TRACE);
    assert!(err.message.contains("EmptyTraces"), "{err}");
}

/// The Coordinator with a transcript that has seen something before the protocol: the RAP stage
/// proves from it, the openings stage cannot follow (swirl's driver starts from the protocol
/// start) and says so.
#[test]
fn coordinator_from_a_foreign_transcript_is_refused() {
    let engine = SwirlCpuEngine::new(default_test_params_small());
    let fx = FibFixture::new(0, 1, 8);
    let (pk, _vk) = fx.keygen(&engine);
    let d_pk = engine.device().transport_pk_to_device(&pk);
    let d_ctx = engine
        .device()
        .transport_proving_ctx_to_device(&TestFixture::<SC>::generate_proving_ctx(&fx));
    let mut transcript = engine.initial_transcript();
    FiatShamirTranscript::<SC>::observe(&mut transcript, p3_baby_bear::BabyBear::from_u32(7));
    let mut prover = engine.prover_from_transcript(transcript);
    let err = prover
        .prove(&d_pk, d_ctx)
        .err()
        .expect("foreign transcript start refused");
    assert!(
        err.message
            .contains("did not start from the protocol's initial transcript"),
        "{err}"
    );
}

/// A preprocessed AIR through the whole engine path (swirl_pk_from_vk with the reference's
/// preprocessed data): the reference verifies swirl's proof.
#[test]
fn engine_with_preprocessed_trace() {
    let engine = SwirlCpuEngine::new(default_test_params_small());
    let fx = PreprocessedFibFixture::new(0, 1, (0..16).map(|i| i % 2 == 0).collect());
    let (vk, proof) = fx.keygen_and_prove(&engine);
    engine.verify(&vk, &proof).expect("reference verifies");
}

/// libswirl built without CUDA: the CUDA engine cannot be made, and says why
/// (SWIRL_ERR_NO_DEVICE from swirl_ctx_create).
#[cfg(not(swirl_cuda))]
#[test]
fn cuda_engine_without_cuda_build() {
    let err = swirl_openvm::SwirlCudaEngine::try_new(default_test_params_small())
        .err()
        .expect("no CUDA in this build");
    assert_eq!(err.status, 11, "{err}");
}

/// Cached traces: swirl commits each committed trace data once and reuses it; a context whose
/// cached trace is not the one its commitment was made from is refused with the reason.
#[test]
fn cached_commitment_reused_and_checked() {
    use openvm_stark_backend::test_utils::CachedFixture11;
    let engine = SwirlCpuEngine::new(default_test_params_small());
    let fx = CachedFixture11::new(engine.config().clone());
    let (pk, vk) = fx.keygen(&engine);
    let d_pk = engine.device().transport_pk_to_device(&pk);
    let host_ctx = TestFixture::<SC>::generate_proving_ctx(&fx);
    let d_ctx = engine.device().transport_proving_ctx_to_device(&host_ctx);
    // the same committed data twice: the second proof reuses swirl's commitment
    let shared: Vec<_> = d_ctx
        .per_trace
        .iter()
        .map(|(a, c)| (*a, c.cached_mains[0].data.clone()))
        .collect();
    let first = engine.prove(&d_pk, d_ctx).expect("first proof");
    engine.verify(&vk, &first).expect("verifies");
    let mut again = engine.device().transport_proving_ctx_to_device(&host_ctx);
    for ((_, c), (_, data)) in again.per_trace.iter_mut().zip(&shared) {
        c.cached_mains[0].data = data.clone();
    }
    let second = engine.prove(&d_pk, again).expect("second proof");
    assert_eq!(
        swirl_openvm::convert::encode_proof(&first),
        swirl_openvm::convert::encode_proof(&second)
    );

    // a cached trace altered after its commitment was made
    let mut altered = engine.device().transport_proving_ctx_to_device(&host_ctx);
    let cached = &mut altered.per_trace[1].1.cached_mains[0];
    let mut values = cached.trace.values.clone();
    values[0] += p3_baby_bear::BabyBear::ONE;
    cached.trace = openvm_stark_backend::prover::ColMajorMatrix::new(values, 1);
    let err = engine
        .prove(&d_pk, altered)
        .err()
        .expect("altered cached trace refused");
    assert!(
        err.message.contains("swirl's commitment of a cached trace"),
        "{err}"
    );
}
