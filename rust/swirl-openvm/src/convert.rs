//! Conversions between the reference's types (openvm-stark-backend 2.0.1 over BabyBear) and
//! swirl's plain data: system parameters, traces (canonical u32, row-major), key and proof bytes.

use openvm_stark_backend::{
    codec::{Decode, Encode},
    keygen::types::MultiStarkVerifyingKey,
    proof::Proof,
    prover::{ColMajorMatrix, MatrixDimensions, StridedColMajorMatrixView},
    SystemParams, WhirProximityStrategy,
};
use openvm_stark_sdk::config::baby_bear_poseidon2::{BabyBearPoseidon2Config, Digest, F};
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_matrix::{dense::RowMajorMatrix, Matrix};
use rayon::prelude::*;

use crate::{
    ffi::{self, swirl_system_params},
    handle::{RowMajorU32, SwirlError},
};

pub type SC = BabyBearPoseidon2Config;

/// The reference's SystemParams as swirl's struct (field by field; WHIR rounds beyond swirl's
/// fixed maximum are refused).
pub fn to_swirl_params(p: &SystemParams) -> Result<swirl_system_params, SwirlError> {
    let rounds = &p.whir.rounds;
    if rounds.len() > ffi::SWIRL_MAX_WHIR_ROUNDS {
        return Err(SwirlError::glue(format!(
            "{} WHIR rounds exceed swirl's maximum of {}",
            rounds.len(),
            ffi::SWIRL_MAX_WHIR_ROUNDS
        )));
    }
    let mut num_queries = [0usize; ffi::SWIRL_MAX_WHIR_ROUNDS];
    for (slot, round) in num_queries.iter_mut().zip(rounds) {
        *slot = round.num_queries;
    }
    let proximity = match p.whir.proximity {
        WhirProximityStrategy::UniqueDecoding => ffi::swirl_proximity {
            kind: 0,
            m: 0,
            list_start_round: 0,
        },
        WhirProximityStrategy::SplitUniqueList {
            m,
            list_start_round,
        } => ffi::swirl_proximity {
            kind: 1,
            m,
            list_start_round,
        },
        WhirProximityStrategy::ListDecoding { m } => ffi::swirl_proximity {
            kind: 2,
            m,
            list_start_round: 0,
        },
    };
    Ok(swirl_system_params {
        l_skip: p.l_skip,
        n_stack: p.n_stack,
        w_stack: p.w_stack,
        log_blowup: p.log_blowup,
        whir: ffi::swirl_whir_config {
            k: p.whir.k,
            num_rounds: rounds.len(),
            num_queries,
            mu_pow_bits: p.whir.mu_pow_bits,
            query_phase_pow_bits: p.whir.query_phase_pow_bits,
            folding_pow_bits: p.whir.folding_pow_bits,
            proximity,
        },
        logup: ffi::swirl_logup_params {
            max_interaction_count: p.logup.max_interaction_count,
            log_max_message_length: p.logup.log_max_message_length,
            pow_bits: p.logup.pow_bits,
        },
        max_constraint_degree: p.max_constraint_degree,
    })
}

/// A column-major reference matrix as swirl's row-major canonical trace (a blocked transpose:
/// blocks of rows in parallel, each block reading every column sequentially).
pub fn col_major_to_rows(m: &ColMajorMatrix<F>) -> RowMajorU32 {
    const BLOCK_ROWS: usize = 64;
    let (height, width) = (m.height(), m.width());
    let mut values = vec![0u32; height * width];
    if width > 0 {
        let columns: Vec<&[F]> = m.columns().collect();
        values
            .par_chunks_mut(width * BLOCK_ROWS)
            .enumerate()
            .for_each(|(block, out)| {
                let first_row = block * BLOCK_ROWS;
                let rows = out.len() / width;
                for (c, col) in columns.iter().enumerate() {
                    for (i, v) in col[first_row..first_row + rows].iter().enumerate() {
                        out[i * width + c] = v.as_canonical_u32();
                    }
                }
            });
    }
    RowMajorU32 {
        values,
        height,
        width,
    }
}

/// A row-major Plonky3 matrix as swirl's trace.
pub fn row_major_to_rows(m: &RowMajorMatrix<F>) -> RowMajorU32 {
    RowMajorU32 {
        values: m.values.iter().map(|v| v.as_canonical_u32()).collect(),
        height: Matrix::height(m),
        width: Matrix::width(m),
    }
}

/// An unstacked matrix of a stacked PCS commitment (e.g. a preprocessed trace) as swirl's trace.
pub fn strided_to_rows(view: StridedColMajorMatrixView<'_, F>) -> RowMajorU32 {
    row_major_to_rows(&view.to_row_major_matrix())
}

/// swirl's canonical trace back as a reference column-major matrix.
pub fn rows_to_col_major(t: &RowMajorU32) -> ColMajorMatrix<F> {
    let mut values = Vec::with_capacity(t.height * t.width);
    for c in 0..t.width {
        for r in 0..t.height {
            values.push(F::from_u32(t.values[r * t.width + c]));
        }
    }
    ColMajorMatrix::new(values, t.width)
}

pub fn digest_to_u32(d: &Digest) -> [u32; 8] {
    d.map(|x| x.as_canonical_u32())
}

pub fn u32_to_digest(d: &[u32; 8]) -> Digest {
    d.map(F::from_u32)
}

/// The reference's verifying-key bytes: postcard of MultiStarkVerifyingKey (inner + pre_hash).
pub fn vk_postcard(vk: &MultiStarkVerifyingKey<SC>) -> Vec<u8> {
    postcard::to_allocvec(vk).expect("postcard encoding of a verifying key cannot fail")
}

/// Decodes proof bytes with the reference's codec.
pub fn decode_proof(bytes: &[u8]) -> Result<Proof<SC>, SwirlError> {
    Proof::<SC>::decode_from_bytes(bytes)
        .map_err(|e| SwirlError::glue(format!("reference codec rejected the proof bytes: {e}")))
}

/// Encodes a proof with the reference's codec.
pub fn encode_proof(proof: &Proof<SC>) -> Vec<u8> {
    proof
        .encode_to_vec()
        .expect("encoding a proof into a Vec cannot fail")
}
