//! Item 3 of issue 10, keys: for every built-in scenario, the reference's keygen (over the same
//! AIRs, defined with the reference's own test AIRs) and swirl's keygen give the same verifying
//! key bytes (postcard of MultiStarkVerifyingKey) and the same pre-hash; swirl decodes the
//! reference's bytes and re-encodes them unchanged.

use openvm_stark_backend::{keygen::MultiStarkKeygenBuilder, StarkProtocolConfig};
use openvm_stark_sdk::config::baby_bear_poseidon2::BabyBearPoseidon2Config;
use swirl_openvm::{
    airs::{reference_airs, scenario_params},
    convert::{digest_to_u32, to_swirl_params, vk_postcard},
    scenario::Scenario,
    vk_diff::describe_mismatch,
    BackendKind, Ctx, Vk,
};

/// Size per scenario: log height (or permutations for keccakf); only the preprocessed traces
/// (fib_selector, preprocessed_cached, mixture) depend on it.
fn key_size(name: &str) -> usize {
    match name {
        "keccakf" => 1024,
        "interactions" | "cached" => 0,
        _ => 3,
    }
}

fn check_keys(name: &str) {
    let size = key_size(name);
    let params = scenario_params(name);
    let config = BabyBearPoseidon2Config::default_from_params(params.clone());
    let mut builder = MultiStarkKeygenBuilder::new(config.clone());
    for air in reference_airs(name, size, &config) {
        builder.add_air(air);
    }
    let ref_pk = builder.generate_pk().expect("reference keygen");
    let ref_vk = ref_pk.get_vk();
    let ref_bytes = vk_postcard(&ref_vk);

    let ctx = Ctx::new(0, BackendKind::Cpu).unwrap();
    let swirl_params = to_swirl_params(config.params()).unwrap();
    let scenario = Scenario::new(name, size, 0, false).unwrap();
    let pk = scenario.keygen(&ctx, &swirl_params).expect("swirl keygen");
    let swirl_bytes = pk.vk_bytes().unwrap();

    if let Some(report) = describe_mismatch(&ref_vk, &ref_bytes, &swirl_bytes) {
        panic!("{name}: verifying key bytes differ: {report}");
    }
    assert_eq!(
        pk.pre_hash(),
        digest_to_u32(&ref_vk.pre_hash),
        "{name}: pre-hash differs"
    );
    let decoded = Vk::decode(&ref_bytes).expect("swirl decodes the reference's key");
    assert_eq!(
        decoded.encode().unwrap(),
        ref_bytes,
        "{name}: re-encoding changed the bytes"
    );
    assert_eq!(decoded.pre_hash(), digest_to_u32(&ref_vk.pre_hash));
}

macro_rules! key_tests {
    ($($test:ident => $name:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_keys($name);
            }
        )+
    };
}

key_tests! {
    vk_bytes_fib => "fib",
    vk_bytes_fib_selector => "fib_selector",
    vk_bytes_interactions => "interactions",
    vk_bytes_self_interaction => "self_interaction",
    vk_bytes_cached => "cached",
    vk_bytes_preprocessed_cached => "preprocessed_cached",
    vk_bytes_partitioned_sum => "partitioned_sum",
    vk_bytes_mixture => "mixture",
    vk_bytes_keccakf => "keccakf",
}

/// swirl's app preset (swirl_params_app) accepts exactly the log stacked heights at which the
/// reference's app_params_with_100_bits_security gives usable parameters (it asserts
/// <= MAX_APP_LOG_STACKED_HEIGHT = 24; at <= 10 its WHIR has no rounds, which its prover cannot
/// run), and gives the same parameters at each of them.
#[test]
fn app_params_match_reference() {
    let mut mismatches = Vec::new();
    for log_height in 0usize..=30 {
        let reference = std::panic::catch_unwind(|| {
            openvm_stark_sdk::config::app_params_with_100_bits_security(log_height)
        });
        let mut ours = swirl_openvm::ffi::swirl_system_params::default();
        // SAFETY: out-pointer to a plain struct.
        let rc = unsafe { swirl_openvm::ffi::swirl_params_app(log_height, &mut ours) };
        match (reference, rc) {
            // zero WHIR rounds (h <= 10): the reference's prover panics on these parameters
            // (tests/params_range.rs); swirl refuses them
            (Ok(reference), rc) if reference.whir.rounds.is_empty() => {
                if rc != 8 {
                    mismatches.push(format!("{log_height}: swirl accepts zero WHIR rounds"));
                }
            }
            (Ok(reference), 0) => {
                if ours != to_swirl_params(&reference).unwrap() {
                    mismatches.push(format!("{log_height}: parameters differ"));
                }
            }
            (Ok(_), rc) => mismatches.push(format!(
                "{log_height}: swirl refuses ({rc}), the reference accepts"
            )),
            (Err(_), 0) => mismatches.push(format!(
                "{log_height}: swirl accepts, the reference refuses"
            )),
            (Err(_), rc) => assert_eq!(rc, 8, "{log_height}: refused with the wrong status"),
        }
    }
    assert!(
        mismatches.is_empty(),
        "app preset range: {}",
        mismatches.join("; ")
    );
}

/// swirl's other presets equal the reference's: leaf, internal, root and hook
/// (`*_params_with_100_bits_security`), test_system_params_small over the (l_skip, n_stack,
/// k_whir) the reference's suites use, and SystemParams::new_for_testing.
#[test]
fn other_presets_match_reference() {
    use openvm_stark_backend::{test_utils::test_system_params_small, SystemParams};
    use openvm_stark_sdk::config as sdk;
    use swirl_openvm::ffi;
    type Preset = unsafe extern "C" fn(*mut ffi::swirl_system_params) -> i32;
    let fixed: [(&str, Preset, SystemParams); 4] = [
        (
            "leaf",
            ffi::swirl_params_leaf,
            sdk::leaf_params_with_100_bits_security(),
        ),
        (
            "internal",
            ffi::swirl_params_internal,
            sdk::internal_params_with_100_bits_security(),
        ),
        (
            "root",
            ffi::swirl_params_root,
            sdk::root_params_with_100_bits_security(),
        ),
        (
            "hook",
            ffi::swirl_params_hook,
            sdk::hook_params_with_100_bits_security(),
        ),
    ];
    let mut mismatches = Vec::new();
    for (name, preset, reference) in fixed {
        let mut ours = ffi::swirl_system_params::default();
        // SAFETY: out-pointer to a plain struct.
        let rc = unsafe { preset(&mut ours) };
        if rc != 0 || ours != to_swirl_params(&reference).unwrap() {
            mismatches.push(format!("{name} (rc {rc})"));
        }
    }
    for (l_skip, n_stack, k_whir) in [
        (2, 8, 3),
        (5, 5, 4),
        (5, 8, 3),
        (6, 7, 3),
        (3, 5, 3),
        (2, 2, 3),
    ] {
        let reference = test_system_params_small(l_skip, n_stack, k_whir);
        let mut ours = ffi::swirl_system_params::default();
        // SAFETY: as above.
        let rc = unsafe { ffi::swirl_params_test_small(l_skip, n_stack, k_whir, &mut ours) };
        if rc != 0 || ours != to_swirl_params(&reference).unwrap() {
            mismatches.push(format!(
                "test_small({l_skip}, {n_stack}, {k_whir}) (rc {rc})"
            ));
        }
    }
    for h in [8usize, 10, 12, 16, 20] {
        let reference = SystemParams::new_for_testing(h);
        let mut ours = ffi::swirl_system_params::default();
        // SAFETY: as above.
        let rc = unsafe { ffi::swirl_params_for_testing(h, &mut ours) };
        if rc != 0 || ours != to_swirl_params(&reference).unwrap() {
            mismatches.push(format!("new_for_testing({h}) (rc {rc})"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "presets differ: {}",
        mismatches.join("; ")
    );
}
