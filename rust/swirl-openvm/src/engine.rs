//! swirl as an implementation of openvm-stark-backend 2.0.1's `StarkEngine`.
//!
//! Keys come from the reference's keygen (`StarkEngine::keygen`, not overridden). Transporting
//! a proving key to the "device" re-reads the reference key in swirl: the verifying key through
//! its postcard bytes (swirl's strict decoder, which recomputes the pre-hash) and each
//! preprocessed trace through `swirl_pk_from_vk`, which recommits it and requires the
//! reference's commitment. `StarkEngine::prove` hands the traces to `swirl_prove` and decodes
//! the bytes with the reference's codec into its `Proof`.
//!
//! The reference's stage traits (`TraceCommitter`, `MultiRapProver`, `OpeningProver`), which its
//! `Coordinator` and the backend test suite drive one by one, are implemented over swirl too:
//! * `commit`: swirl's stacked commitment of the traces (`swirl_stacked_root`);
//! * `prove_rap_constraints`: swirl's RAP stage (`swirl_prove_rap_stage`) from the caller's
//!   transcript state, whatever it is; the caller's transcript is then taken through the
//!   returned sections by the reference verifier's own step (`verify_zerocheck_and_logup`,
//!   which observes and samples what the prover did) and must end in swirl's state and point;
//! * `prove_openings`: swirl's driver owns the openings stage, which it runs only after its own
//!   preamble, so the whole proof is made again with `swirl_prove`; its RAP sections must equal
//!   the RAP stage's (true exactly when the caller began at the protocol start, as the
//!   Coordinator does), and its stacking and WHIR sections are returned. The caller's
//!   transcript ends where the reference verifier's ends after the whole proof.
//! Every section of every proof is therefore computed by swirl's prover.

use std::{
    cmp::Reverse,
    marker::PhantomData,
    sync::{Arc, Mutex, OnceLock},
};

use itertools::Itertools;
use openvm_stark_backend::{
    codec::Decode,
    keygen::types::{MultiStarkProvingKey, MultiStarkVerifyingKey},
    proof::{BatchConstraintProof, GkrProof, Proof, StackingProof, WhirProof},
    prover::{
        stacked_pcs::StackedPcsData, ColMajorMatrix, CommittedTraceData, Coordinator,
        DeviceDataTransporter, DeviceMultiStarkProvingKey, DeviceStarkProvingKey, MatrixDimensions,
        MultiRapProver, OpeningProver, ProverBackend, ProverDevice, ProvingContext, TraceCommitter,
    },
    verifier::{batch_constraints::verify_zerocheck_and_logup, verify},
    StarkEngine, StarkProtocolConfig, SystemParams,
};
use openvm_stark_sdk::config::baby_bear_poseidon2::{
    default_duplex_sponge, BabyBearPoseidon2Config, Digest, DuplexSponge, EF, F,
};
use p3_field::{BasedVectorSpace, PrimeCharacteristicRing, PrimeField32, TwoAdicField};

use crate::{
    convert::{
        col_major_to_rows, decode_proof, digest_to_u32, strided_to_rows, to_swirl_params,
        u32_to_digest, SC,
    },
    ffi,
    handle::{check, BackendKind, CommittedTrace, Ctx, Pk, RowMajorU32, SwirlError, Vk},
    scenario::{self, AirInput},
};

/// Selects libswirl's backend at the type level, so that an engine is a type (as the
/// reference's engines are): `SwirlEngine<SwirlCpu>` or `SwirlEngine<SwirlCuda>`.
pub trait SwirlBackendMarker: Send + Sync + 'static {
    const KIND: BackendKind;
}

/// libswirl's multithreaded CPU backend.
pub struct SwirlCpu;
/// libswirl's CUDA backend (needs a CUDA build of libswirl and a device).
pub struct SwirlCuda;

impl SwirlBackendMarker for SwirlCpu {
    const KIND: BackendKind = BackendKind::Cpu;
}
impl SwirlBackendMarker for SwirlCuda {
    const KIND: BackendKind = BackendKind::Cuda;
}

/// The reference's `ProverBackend` associated types for swirl. Traces stay the reference's
/// column-major host matrices; swirl reads them (converted to canonical row-major u32) when it
/// proves.
#[derive(Clone, Copy, Debug, Default)]
pub struct SwirlProverBackend;

impl ProverBackend for SwirlProverBackend {
    const CHALLENGE_EXT_DEGREE: u8 = 4;
    type Val = F;
    type Challenge = EF;
    type Commitment = Digest;
    type Matrix = ColMajorMatrix<F>;
    /// The swirl proving key of the whole multi-AIR key (the same Arc in every AIR's slot).
    type OtherAirData = Arc<SwirlKey>;
    type PcsData = SwirlPcsData;
}

/// A swirl proving key made from the reference's, or the reason it could not be made (kept
/// until `prove`, since the transport functions cannot fail).
pub struct SwirlKey {
    pub pk: Result<Pk, SwirlError>,
}

/// "PCS data" of a commitment: its root and the unstacked matrices it commits. For a cached main
/// trace, swirl's own commitment of it is made at its first proof (and checked against the
/// root) and reused by every later proof with the same data, as the reference reuses its
/// committed trace data.
#[derive(Clone)]
pub struct SwirlPcsData {
    pub commitment: Digest,
    pub matrices: Vec<ColMajorMatrix<F>>,
    swirl_commitment: OnceLock<Arc<CommittedTrace>>,
}

impl SwirlPcsData {
    pub fn new(commitment: Digest, matrices: Vec<ColMajorMatrix<F>>) -> Self {
        SwirlPcsData {
            commitment,
            matrices,
            swirl_commitment: OnceLock::new(),
        }
    }

    /// swirl's commitment of this single cached trace (made on first use; its root must be
    /// `self.commitment`).
    fn swirl_commitment(
        &self,
        ctx: &Ctx,
        pk: &Pk,
        trace: &RowMajorU32,
    ) -> Result<Arc<CommittedTrace>, SwirlError> {
        if let Some(c) = self.swirl_commitment.get() {
            return Ok(c.clone());
        }
        let made = Arc::new(CommittedTrace::new(ctx, pk, trace)?);
        if made.root() != digest_to_u32(&self.commitment) {
            return Err(SwirlError::glue(format!(
                "swirl's commitment of a cached trace {:?} differs from the context's {:?}",
                made.root(),
                digest_to_u32(&self.commitment)
            )));
        }
        Ok(self.swirl_commitment.get_or_init(|| made).clone())
    }
}

/// What `prove_rap_constraints` hands on to `prove_openings`: the sumcheck point r and the RAP
/// sections it produced.
pub struct SwirlArtifacts {
    pub r: Vec<EF>,
    pub partial: (GkrProof<SC>, BatchConstraintProof<SC>),
}

/// The swirl proving key stored with the device key.
fn swirl_key(mpk: &DeviceMultiStarkProvingKey<SwirlProverBackend>) -> Result<&Pk, SwirlError> {
    let key = &mpk
        .per_air
        .first()
        .ok_or_else(|| SwirlError::glue("proving key without AIRs"))?
        .other_data;
    key.pk
        .as_ref()
        .map_err(|e| SwirlError::glue(format!("swirl could not use the reference's key: {e}")))
}

/// The `ProverDevice`: a libswirl context (worker pool, device) shared by clones.
pub struct SwirlDevice<B: SwirlBackendMarker> {
    config: BabyBearPoseidon2Config,
    ctx: Arc<Mutex<Ctx>>,
    _backend: PhantomData<B>,
}

impl<B: SwirlBackendMarker> Clone for SwirlDevice<B> {
    fn clone(&self) -> Self {
        SwirlDevice {
            config: self.config.clone(),
            ctx: self.ctx.clone(),
            _backend: PhantomData,
        }
    }
}

impl<B: SwirlBackendMarker> SwirlDevice<B> {
    pub fn new(config: BabyBearPoseidon2Config) -> Result<Self, SwirlError> {
        let threads = std::env::var("SWIRL_THREADS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(SwirlDevice {
            config,
            ctx: Arc::new(Mutex::new(Ctx::new(threads, B::KIND)?)),
            _backend: PhantomData,
        })
    }

    pub fn config(&self) -> &BabyBearPoseidon2Config {
        &self.config
    }

    fn with_ctx<T>(&self, f: impl FnOnce(&Ctx) -> T) -> T {
        let guard = self.ctx.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// Spans of the last swirl proof (dotted name, depth, seconds).
    pub fn spans(&self) -> Vec<(String, u32, f64)> {
        self.with_ctx(|c| c.spans())
    }

    /// "cpu" or "cuda".
    pub fn backend_name(&self) -> String {
        self.with_ctx(|c| c.backend_name())
    }

    fn make_key(&self, mpk: &MultiStarkProvingKey<SC>) -> Result<Pk, SwirlError> {
        let vk_bytes = crate::convert::vk_postcard(&mpk.get_vk());
        let vk = Vk::decode(&vk_bytes)?;
        let preprocessed: Vec<Option<RowMajorU32>> = mpk
            .per_air
            .iter()
            .map(|a| {
                a.preprocessed_data
                    .as_ref()
                    .map(|d| strided_to_rows(d.mat_view(0)))
            })
            .collect();
        self.with_ctx(|ctx| Pk::from_vk(ctx, &vk, &preprocessed))
    }

    /// The whole proof of `ctx` by swirl, decoded into the reference's type. Commitments the
    /// caller made (cached mains) must equal swirl's recommitment of the same traces.
    pub fn prove_with_swirl(
        &self,
        mpk: &DeviceMultiStarkProvingKey<SwirlProverBackend>,
        ctx: &ProvingContext<SwirlProverBackend>,
    ) -> Result<(Vec<u8>, Proof<SC>), SwirlError> {
        let pk = swirl_key(mpk)?;
        trace_call("swirl_prove");
        let bytes = self.with_ctx(|c| {
            let inputs = inputs_of(mpk.per_air.len(), ctx, Some((c, pk)))?;
            scenario::prove(c, pk, &inputs)
        })?;
        let proof = decode_proof(&bytes)?;
        check_cached_commitments(ctx, &proof)?;
        Ok((bytes, proof))
    }
}

/// With SWIRL_OPENVM_TRACE set, one line on stderr per call into swirl's prover (used to count
/// which tests of the reference's suite prove with swirl).
fn trace_call(what: &str) {
    if std::env::var_os("SWIRL_OPENVM_TRACE").is_some() {
        eprintln!("swirl-openvm: {what}");
    }
}

/// swirl's inputs (one per AIR of the key) from the reference's proving context. With
/// `commit` (ctx and key), cached mains carry swirl's commitments of them (made once per
/// committed trace data); without, swirl commits them itself.
fn inputs_of(
    num_airs: usize,
    ctx: &ProvingContext<SwirlProverBackend>,
    commit: Option<(&Ctx, &Pk)>,
) -> Result<Vec<AirInput>, SwirlError> {
    let mut inputs: Vec<AirInput> = (0..num_airs)
        .map(|_| AirInput {
            common_main: None,
            cached_mains: vec![],
            public_values: vec![],
            cached_commitments: vec![],
        })
        .collect();
    for (air_id, air_ctx) in &ctx.per_trace {
        let slot = inputs
            .get_mut(*air_id)
            .ok_or_else(|| SwirlError::glue(format!("AIR id {air_id} is not in the key")))?;
        if slot.common_main.is_some() {
            return Err(SwirlError::glue(format!(
                "AIR {air_id} appears twice in the context"
            )));
        }
        slot.common_main = Some(col_major_to_rows(&air_ctx.common_main));
        slot.cached_mains = air_ctx
            .cached_mains
            .iter()
            .map(|cd| col_major_to_rows(&cd.trace))
            .collect();
        if let Some((swirl_ctx, pk)) = commit {
            slot.cached_commitments = air_ctx
                .cached_mains
                .iter()
                .zip(&slot.cached_mains)
                .map(|(cd, rows)| cd.data.swirl_commitment(swirl_ctx, pk, rows))
                .collect::<Result<_, _>>()?;
        }
        slot.public_values = air_ctx
            .public_values
            .iter()
            .map(|v| v.as_canonical_u32())
            .collect();
    }
    Ok(inputs)
}

fn check_cached_commitments(
    ctx: &ProvingContext<SwirlProverBackend>,
    proof: &Proof<SC>,
) -> Result<(), SwirlError> {
    for (air_id, air_ctx) in &ctx.per_trace {
        let vdata = proof.trace_vdata[*air_id]
            .as_ref()
            .ok_or_else(|| SwirlError::glue(format!("swirl's proof omits present AIR {air_id}")))?;
        for (i, cd) in air_ctx.cached_mains.iter().enumerate() {
            if vdata.cached_commitments.get(i) != Some(&cd.commitment) {
                return Err(SwirlError::glue(format!(
                    "AIR {air_id} cached main {i}: swirl's commitment {:?} differs from the \
                     context's {:?}",
                    vdata.cached_commitments.get(i).map(digest_to_u32),
                    digest_to_u32(&cd.commitment)
                )));
            }
        }
    }
    Ok(())
}

impl<B: SwirlBackendMarker> TraceCommitter<SwirlProverBackend> for SwirlDevice<B> {
    type Error = SwirlError;

    fn commit(&self, traces: &[&ColMajorMatrix<F>]) -> Result<(Digest, SwirlPcsData), SwirlError> {
        let params = to_swirl_params(self.config.params())?;
        let rows: Vec<RowMajorU32> = traces.iter().map(|t| col_major_to_rows(t)).collect();
        let views: Vec<ffi::swirl_trace> = rows.iter().map(|r| r.as_ffi()).collect();
        let ptrs: Vec<*const ffi::swirl_trace> = views.iter().map(|v| v as *const _).collect();
        let mut root = [0u32; 8];
        let mut err = ffi::SwirlError::new();
        trace_call("swirl_stacked_root");
        let rc = self.with_ctx(|c| {
            // SAFETY: every pointer refers to a live view of `rows`; root has 8 entries.
            unsafe {
                ffi::swirl_stacked_root(
                    c.raw(),
                    &params,
                    ptrs.as_ptr(),
                    ptrs.len(),
                    root.as_mut_ptr(),
                    &mut err,
                )
            }
        });
        check(rc, &err)?;
        let commitment = u32_to_digest(&root);
        let matrices = traces.iter().map(|t| (*t).clone()).collect();
        Ok((commitment, SwirlPcsData::new(commitment, matrices)))
    }
}

/// The present AIRs of `ctx` in trace order (log height descending, then AIR id) and their
/// n = log height - l_skip, as the verifier orders them.
fn trace_order(
    ctx: &ProvingContext<SwirlProverBackend>,
    l_skip: usize,
) -> (Vec<usize>, Vec<isize>) {
    let log_height = |h: usize| h.trailing_zeros() as isize;
    let sorted: Vec<(usize, usize)> = ctx
        .per_trace
        .iter()
        .map(|(a, c)| (*a, c.common_main.height()))
        .sorted_by_key(|&(a, h)| (Reverse(h), a))
        .collect();
    let order = sorted.iter().map(|&(a, _)| a).collect();
    let ns = sorted
        .iter()
        .map(|&(_, h)| log_height(h) - l_skip as isize)
        .collect();
    (order, ns)
}

fn sponge_state(ts: &DuplexSponge) -> ffi::swirl_rap_transcript {
    ffi::swirl_rap_transcript {
        state: ts.state().map(|x| x.as_canonical_u32()),
        absorb_idx: ts.absorb_idx() as u32,
        sample_idx: ts.sample_idx() as u32,
    }
}

fn ef_from_u32(v: &[u32]) -> EF {
    EF::from_basis_coefficients_fn(|i| F::from_u32(v[i]))
}

impl<B: SwirlBackendMarker> MultiRapProver<SwirlProverBackend, DuplexSponge> for SwirlDevice<B> {
    type PartialProof = (GkrProof<SC>, BatchConstraintProof<SC>);
    type Artifacts = SwirlArtifacts;
    type Error = SwirlError;

    /// swirl's RAP stage (swirl_prove_rap_stage) from the caller's transcript state. The
    /// caller's transcript is then taken through the same sections by the reference verifier's
    /// own step, which must end in swirl's state and point.
    fn prove_rap_constraints(
        &self,
        transcript: &mut DuplexSponge,
        mpk: &DeviceMultiStarkProvingKey<SwirlProverBackend>,
        ctx: &ProvingContext<SwirlProverBackend>,
        _common_main_pcs_data: &SwirlPcsData,
    ) -> Result<(Self::PartialProof, SwirlArtifacts), SwirlError> {
        let pk = swirl_key(mpk)?;
        let inputs = inputs_of(mpk.per_air.len(), ctx, None)?;
        let mut state = sponge_state(transcript);
        trace_call("swirl_prove_rap_stage");
        let (bytes, r_raw) =
            self.with_ctx(|c| scenario::prove_rap_stage(c, pk, &inputs, &mut state))?;
        let mut reader = bytes.as_slice();
        let gkr = GkrProof::<SC>::decode(&mut reader).map_err(|e| {
            SwirlError::glue(format!("reference codec rejects swirl's GKR section: {e}"))
        })?;
        let batch = BatchConstraintProof::<SC>::decode(&mut reader).map_err(|e| {
            SwirlError::glue(format!(
                "reference codec rejects swirl's batch section: {e}"
            ))
        })?;
        if !reader.is_empty() {
            return Err(SwirlError::glue(
                "trailing bytes after swirl's RAP sections",
            ));
        }
        let r: Vec<EF> = r_raw.chunks(4).map(ef_from_u32).collect();

        let vk: MultiStarkVerifyingKey<SC> = mpk.get_vk();
        let l_skip = vk.inner.params.l_skip;
        let (order, ns) = trace_order(ctx, l_skip);
        let mut public_values = vec![Vec::new(); mpk.per_air.len()];
        for (a, c) in &ctx.per_trace {
            public_values[*a] = c.public_values.clone();
        }
        let omega_pows = F::two_adic_generator(l_skip)
            .powers()
            .take(1 << l_skip)
            .collect_vec();
        let replay_r = verify_zerocheck_and_logup::<SC, _>(
            transcript,
            &vk.inner,
            &public_values,
            &gkr,
            &batch,
            &order,
            &ns,
            &omega_pows,
        )
        .map_err(|e| {
            SwirlError::glue(format!("swirl's RAP sections do not verify (replay): {e}"))
        })?;
        if replay_r != r || sponge_state(transcript) != state {
            return Err(SwirlError::glue(
                "the reference's replay of swirl's RAP sections ends in another transcript state",
            ));
        }
        Ok((
            (gkr.clone(), batch.clone()),
            SwirlArtifacts {
                r,
                partial: (gkr, batch),
            },
        ))
    }
}

impl<B: SwirlBackendMarker> OpeningProver<SwirlProverBackend, DuplexSponge> for SwirlDevice<B> {
    type OpeningProof = (StackingProof<SC>, WhirProof<SC>);
    type OpeningPoints = SwirlArtifacts;
    type Error = SwirlError;

    /// swirl's openings stage runs inside its driver (swirl_prove), which starts from the
    /// protocol's initial transcript: the whole proof is made again and its RAP sections must
    /// equal the RAP stage's (they do exactly when the caller's transcript began at the
    /// protocol start, as the Coordinator's does). The caller's transcript ends where the
    /// reference verifier's ends after the whole proof.
    fn prove_openings(
        &self,
        transcript: &mut DuplexSponge,
        mpk: &DeviceMultiStarkProvingKey<SwirlProverBackend>,
        ctx: ProvingContext<SwirlProverBackend>,
        common_main_pcs_data: SwirlPcsData,
        points: SwirlArtifacts,
    ) -> Result<Self::OpeningProof, SwirlError> {
        let (_, proof) = self.prove_with_swirl(mpk, &ctx)?;
        if proof.common_main_commit != common_main_pcs_data.commitment {
            return Err(SwirlError::glue(
                "swirl's common main commitment differs from the TraceCommitter stage's",
            ));
        }
        if proof.gkr_proof != points.partial.0 || proof.batch_constraint_proof != points.partial.1 {
            return Err(SwirlError::glue(
                "the RAP stage did not start from the protocol's initial transcript after the \
                 preamble; swirl's openings stage can only follow that start",
            ));
        }
        let vk: MultiStarkVerifyingKey<SC> = mpk.get_vk();
        let mut replay = default_duplex_sponge();
        verify(&self.config, &vk, &proof, &mut replay).map_err(|e| {
            SwirlError::glue(format!("swirl's proof does not verify (replay): {e}"))
        })?;
        *transcript = replay;
        Ok((proof.stacking_proof, proof.whir_proof))
    }
}

impl<B: SwirlBackendMarker> ProverDevice<SwirlProverBackend, DuplexSponge> for SwirlDevice<B> {
    type Error = SwirlError;
    type DeviceCtx = ();

    fn device_ctx(&self) -> &() {
        &()
    }
}

impl<B: SwirlBackendMarker> DeviceDataTransporter<SC, SwirlProverBackend> for SwirlDevice<B> {
    fn transport_pk_to_device(
        &self,
        mpk: &MultiStarkProvingKey<SC>,
    ) -> DeviceMultiStarkProvingKey<SwirlProverBackend> {
        let key = Arc::new(SwirlKey {
            pk: self.make_key(mpk),
        });
        let per_air = mpk
            .per_air
            .iter()
            .map(|a| DeviceStarkProvingKey {
                air_name: a.air_name.clone(),
                vk: a.vk.clone(),
                preprocessed_data: a.preprocessed_data.as_ref().map(|d| CommittedTraceData {
                    commitment: d
                        .commit()
                        .expect("a committed preprocessed trace has a root"),
                    trace: d.mat_view(0).to_matrix(),
                    data: Arc::new(self.transport_pcs_data_to_device(d)),
                }),
                other_data: key.clone(),
            })
            .collect();
        DeviceMultiStarkProvingKey::new(
            per_air,
            mpk.trace_height_constraints.clone(),
            mpk.max_constraint_degree,
            mpk.params.clone(),
            mpk.vk_pre_hash,
        )
    }

    fn transport_matrix_to_device(&self, matrix: &ColMajorMatrix<F>) -> ColMajorMatrix<F> {
        matrix.clone()
    }

    fn transport_pcs_data_to_device(&self, pcs: &StackedPcsData<F, Digest>) -> SwirlPcsData {
        SwirlPcsData::new(
            pcs.commit().expect("committed data has a root"),
            (0..pcs.layout.mat_starts.len())
                .map(|i| pcs.mat_view(i).to_matrix())
                .collect(),
        )
    }

    fn transport_matrix_from_device_to_host(
        &self,
        matrix: &ColMajorMatrix<F>,
    ) -> ColMajorMatrix<F> {
        matrix.clone()
    }
}

/// swirl as a `StarkEngine` for BabyBear-Poseidon2 (transcript: the reference's duplex sponge).
pub struct SwirlEngine<B: SwirlBackendMarker = SwirlCpu> {
    device: SwirlDevice<B>,
}

/// swirl's CPU backend as a drop-in for `BabyBearPoseidon2CpuEngine`.
pub type SwirlCpuEngine = SwirlEngine<SwirlCpu>;
/// swirl's CUDA backend as a drop-in for the reference's GPU engine.
pub type SwirlCudaEngine = SwirlEngine<SwirlCuda>;

impl<B: SwirlBackendMarker> SwirlEngine<B> {
    /// As `StarkEngine::new`, but reporting a context that cannot be made (e.g. the CUDA
    /// backend without a device) instead of panicking.
    pub fn try_new(params: SystemParams) -> Result<Self, SwirlError> {
        let config = BabyBearPoseidon2Config::default_from_params(params);
        Ok(SwirlEngine {
            device: SwirlDevice::new(config)?,
        })
    }

    /// Spans of the last proof (dotted name, depth, seconds).
    pub fn spans(&self) -> Vec<(String, u32, f64)> {
        self.device.spans()
    }

    /// The whole proof as swirl's bytes and the reference's decoded `Proof`.
    pub fn prove_bytes(
        &self,
        pk: &DeviceMultiStarkProvingKey<SwirlProverBackend>,
        ctx: ProvingContext<SwirlProverBackend>,
    ) -> Result<(Vec<u8>, Proof<SC>), SwirlError> {
        self.device.prove_with_swirl(pk, &ctx)
    }
}

impl<B: SwirlBackendMarker> StarkEngine for SwirlEngine<B> {
    type SC = SC;
    type PB = SwirlProverBackend;
    type PD = SwirlDevice<B>;
    type TS = DuplexSponge;

    fn new(params: SystemParams) -> Self {
        Self::try_new(params).unwrap_or_else(|e| panic!("swirl context: {e}"))
    }

    fn config(&self) -> &SC {
        &self.device.config
    }

    fn device(&self) -> &SwirlDevice<B> {
        &self.device
    }

    fn initial_transcript(&self) -> DuplexSponge {
        default_duplex_sponge()
    }

    fn prover_from_transcript(
        &self,
        transcript: DuplexSponge,
    ) -> Coordinator<SC, SwirlProverBackend, SwirlDevice<B>, DuplexSponge> {
        Coordinator::new(SwirlProverBackend, self.device.clone(), transcript)
    }

    fn prove(
        &self,
        pk: &DeviceMultiStarkProvingKey<SwirlProverBackend>,
        ctx: ProvingContext<SwirlProverBackend>,
    ) -> Result<Proof<SC>, SwirlError> {
        self.device
            .prove_with_swirl(pk, &ctx)
            .map(|(_, proof)| proof)
    }
}
