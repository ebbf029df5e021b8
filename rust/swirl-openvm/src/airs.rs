//! The reference-side definitions of swirl's built-in scenarios (include/swirl.h's list): the
//! same AIRs, built from the reference's own test AIRs (stark-backend test_utils / dummy_airs)
//! and Plonky3's keccak AIR, plus the two AIRs the reference keeps outside its library (the
//! partitioned SumAir of tests/partitioned_sum_air.rs and the keccakf example's newtype).

use std::sync::Arc;

use openvm_stark_backend::{
    air_builders::PartitionedAirBuilder,
    test_utils::{
        dummy_airs::{
            fib_air::air::FibonacciAir, fib_selector_air::air::FibonacciSelectorAir,
            interaction::self_interaction_air::SelfInteractionAir,
            preprocessed_cached_air::air::PreprocessedCachedAir,
        },
        CachedFixture11, InteractionsFixture11, MixtureFixture, TestFixture,
    },
    AirRef, PartitionedBaseAir, SystemParams,
};
use openvm_stark_sdk::config::baby_bear_poseidon2::BabyBearPoseidon2Config;
use p3_air::{Air, AirBuilder, BaseAir, BaseAirWithPublicValues};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_keccak_air::KeccakAir;
use p3_matrix::Matrix;

use crate::convert::SC;

/// The scenario names swirl knows (swirl_builtin_names), in its order.
pub const BUILTIN_NAMES: [&str; 10] = [
    "keccakf",
    "fib",
    "fib_selector",
    "interactions",
    "self_interaction",
    "cached",
    "preprocessed_cached",
    "partitioned_sum",
    "mixture",
    "many_airs",
];

/// Widths of the six self-interaction AIRs of multi_interaction_traces_stark / the mixture.
const SELF_INTERACTION_WIDTHS: [usize; 6] = [4, 7, 8, 8, 10, 100];

/// Plonky3's Keccak-f AIR as the reference's keccakf example wraps it.
pub struct KeccakfAir(pub KeccakAir);

impl<F> BaseAir<F> for KeccakfAir {
    fn width(&self) -> usize {
        BaseAir::<F>::width(&self.0)
    }
}
impl<F: Field> BaseAirWithPublicValues<F> for KeccakfAir {}
impl<F: Field> PartitionedBaseAir<F> for KeccakfAir {}
impl<AB: AirBuilder> Air<AB> for KeccakfAir {
    fn eval(&self, builder: &mut AB) {
        self.0.eval(builder);
    }
}

/// stark-backend's tests/partitioned_sum_air.rs SumAir: common main x, cached main y[w],
/// x = y_0 + ... + y_{w-1} (the sum folded from zero, then assert_eq).
pub struct SumAir(pub usize);

impl<F> BaseAirWithPublicValues<F> for SumAir {}
impl<F> PartitionedBaseAir<F> for SumAir {
    fn cached_main_widths(&self) -> Vec<usize> {
        vec![self.0]
    }
    fn common_main_width(&self) -> usize {
        1
    }
}
impl<F> BaseAir<F> for SumAir {
    fn width(&self) -> usize {
        self.0 + 1
    }
}
impl<AB: PartitionedAirBuilder> Air<AB> for SumAir {
    fn eval(&self, builder: &mut AB) {
        let x = builder.common_main().row_slice(0).expect("row 0")[0].clone();
        let ys = builder.cached_mains()[0].row_slice(0).expect("row 0");
        let mut total = AB::Expr::ZERO;
        for y in ys.iter() {
            total += y.clone();
        }
        drop(ys);
        builder.assert_eq(x, total);
    }
}

/// Selector bits of the reference fixtures (and swirl's scenarios at seed 0): i even.
fn even_selectors(log_height: usize) -> Vec<bool> {
    (0..1usize << log_height).map(|i| i % 2 == 0).collect()
}

fn self_interaction_airs(bus_index: u16) -> Vec<AirRef<SC>> {
    SELF_INTERACTION_WIDTHS
        .iter()
        .map(|&width| Arc::new(SelfInteractionAir { width, bus_index }) as AirRef<SC>)
        .collect()
}

/// The AIRs of swirl's scenario `name` at `size` (seed 0), in key order. `config` is needed by
/// the fixtures that commit cached traces (their AIR lists do not depend on it).
pub fn reference_airs(
    name: &str,
    size: usize,
    config: &BabyBearPoseidon2Config,
) -> Vec<AirRef<SC>> {
    match name {
        "keccakf" => vec![Arc::new(KeccakfAir(KeccakAir {}))],
        "fib" => vec![Arc::new(FibonacciAir)],
        "fib_selector" => vec![Arc::new(FibonacciSelectorAir::new(
            even_selectors(size),
            false,
        ))],
        "interactions" => TestFixture::<SC>::airs(&InteractionsFixture11),
        "self_interaction" => self_interaction_airs(4),
        "cached" => TestFixture::<SC>::airs(&CachedFixture11::new(config.clone())),
        "preprocessed_cached" => vec![Arc::new(PreprocessedCachedAir::new(
            even_selectors(size),
            2,
        ))],
        "partitioned_sum" => vec![Arc::new(SumAir(5))],
        "mixture" => MixtureFixture::standard(size, config.clone()).airs(),
        other => panic!("unknown scenario {other}"),
    }
}

/// The parameters swirl's CLI uses per scenario: keccakf the app preset at log stacked height
/// 21 (the reference's keccakf example), every other scenario the small test preset
/// (test_system_params_small(2, 8, 3)).
pub fn scenario_params(name: &str) -> SystemParams {
    if name == "keccakf" {
        openvm_stark_sdk::config::app_params_with_100_bits_security(21)
    } else {
        openvm_stark_backend::test_utils::default_test_params_small()
    }
}
