//! Shared pieces of the cross-verification tests and the bench: the reference's proving context
//! for swirl's scenario traces, and proof comparison section by section.

use std::sync::Arc;

use openvm_stark_backend::{
    prover::{
        stacked_pcs::stacked_commit, AirProvingContext, CommittedTraceData, CpuColMajorBackend,
        ProvingContext,
    },
    StarkProtocolConfig,
};
use openvm_stark_sdk::config::baby_bear_poseidon2::BabyBearPoseidon2Config;
use p3_field::PrimeCharacteristicRing;

use crate::{
    convert::{rows_to_col_major, SC},
    handle::SwirlError,
    scenario::{proof_sections, AirInput},
};

/// The reference's host proving context for the same traces and public values (cached mains
/// committed with the reference's stacked commitment).
pub fn reference_ctx(
    config: &BabyBearPoseidon2Config,
    inputs: &[AirInput],
) -> ProvingContext<CpuColMajorBackend<SC>> {
    let params = config.params();
    let per_trace = inputs
        .iter()
        .enumerate()
        .filter_map(|(air_id, input)| {
            let common = input.common_main.as_ref()?;
            let cached_mains = input
                .cached_mains
                .iter()
                .map(|t| {
                    let trace = rows_to_col_major(t);
                    let (commitment, data) = stacked_commit(
                        config.hasher(),
                        params.l_skip,
                        params.n_stack,
                        params.log_blowup,
                        params.k_whir(),
                        &[&trace],
                    )
                    .expect("reference stacked commitment");
                    CommittedTraceData {
                        commitment,
                        trace,
                        data: Arc::new(data),
                    }
                })
                .collect();
            let public_values = input
                .public_values
                .iter()
                .map(|&v| p3_baby_bear::BabyBear::from_u32(v))
                .collect();
            Some((
                air_id,
                AirProvingContext::new(cached_mains, rows_to_col_major(common), public_values),
            ))
        })
        .collect();
    ProvingContext::new(per_trace)
}

/// Byte ranges of the five sections of a proof (as swirl's inspector splits it).
pub fn section_ranges(
    proof: &[u8],
) -> Result<Vec<(&'static str, std::ops::Range<usize>)>, SwirlError> {
    let mut at = 0usize;
    Ok(proof_sections(proof)?
        .iter()
        .map(|&(name, len)| {
            let r = at..at + len;
            at += len;
            (name, r)
        })
        .collect())
}

/// None when equal; otherwise which sections differ (by name, with sizes).
pub fn compare_sections(a: &[u8], b: &[u8]) -> Option<String> {
    if a == b {
        return None;
    }
    let (ra, rb) = match (section_ranges(a), section_ranges(b)) {
        (Ok(ra), Ok(rb)) => (ra, rb),
        (ea, eb) => {
            return Some(format!(
                "sections unavailable: {:?} / {:?}",
                ea.err(),
                eb.err()
            ))
        }
    };
    let diffs: Vec<String> = ra
        .iter()
        .zip(&rb)
        .filter(|((_, x), (_, y))| a.get(x.clone()) != b.get(y.clone()))
        .map(|((n, x), (_, y))| format!("{n} ({} vs {} bytes)", x.len(), y.len()))
        .collect();
    Some(format!(
        "proof bytes differ ({} vs {} bytes); differing sections: {}",
        a.len(),
        b.len(),
        diffs.join(", ")
    ))
}
