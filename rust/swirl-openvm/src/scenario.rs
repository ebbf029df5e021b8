//! swirl's built-in scenarios (swirl_builtin_scenario / swirl_builtin_airs) seen from Rust:
//! swirl-side keygen over its own AIR definitions, and the scenario's traces as plain data.

use std::{ffi::CString, ptr};

use crate::{
    ffi,
    handle::{check, CommittedTrace, Ctx, Pk, RowMajorU32, SwirlError},
};

/// The inputs of one AIR of a scenario (None: absent).
#[derive(Clone, Debug)]
pub struct AirInput {
    pub common_main: Option<RowMajorU32>,
    pub cached_mains: Vec<RowMajorU32>,
    pub public_values: Vec<u32>,
    /// Commitments of the cached mains made earlier (empty: swirl commits them itself).
    pub cached_commitments: Vec<std::sync::Arc<CommittedTrace>>,
}

/// A built-in scenario bundle (AIRs, and traces when made with `with_traces`).
pub struct Scenario {
    raw: *mut ffi::swirl_builtin,
}

impl Scenario {
    pub fn new(name: &str, size: usize, seed: u64, with_traces: bool) -> Result<Self, SwirlError> {
        let cname = CString::new(name).map_err(|_| SwirlError::glue("scenario name has a NUL"))?;
        let mut raw = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: valid C string and out-pointers.
        let rc = unsafe {
            if with_traces {
                ffi::swirl_builtin_scenario(cname.as_ptr(), size, seed, &mut raw, &mut err)
            } else {
                ffi::swirl_builtin_airs(cname.as_ptr(), size, seed, &mut raw, &mut err)
            }
        };
        check(rc, &err)?;
        Ok(Scenario { raw })
    }

    pub fn num_airs(&self) -> usize {
        // SAFETY: raw is live.
        unsafe { (*self.raw).num_airs }
    }

    /// swirl's keygen of the scenario's AIRs under `params`.
    pub fn keygen(&self, ctx: &Ctx, params: &ffi::swirl_system_params) -> Result<Pk, SwirlError> {
        let mut pk = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: the bundle's AIR array has num_airs entries; vk_out NULL is allowed.
        let rc = unsafe {
            ffi::swirl_keygen(
                ctx.raw(),
                params,
                (*self.raw).airs,
                self.num_airs(),
                &mut pk,
                ptr::null_mut(),
                &mut err,
            )
        };
        check(rc, &err)?;
        // SAFETY: keygen returned an owned key.
        Ok(unsafe { Pk::from_raw(pk) })
    }

    /// The scenario's proof inputs, copied out of the bundle.
    pub fn inputs(&self) -> Vec<AirInput> {
        let copy = |t: *const ffi::swirl_trace| -> RowMajorU32 {
            // SAFETY: the bundle's traces are live, height * width values each.
            unsafe {
                let t = &*t;
                let n = t.height * t.width;
                let values = if n == 0 {
                    Vec::new()
                } else {
                    std::slice::from_raw_parts(t.values, n).to_vec()
                };
                RowMajorU32 {
                    values,
                    height: t.height,
                    width: t.width,
                }
            }
        };
        (0..self.num_airs())
            .map(|a| {
                // SAFETY: inputs has num_airs entries.
                let inp = unsafe { &*(*self.raw).inputs.add(a) };
                let cached_mains = (0..inp.num_cached_mains)
                    // SAFETY: cached_mains has num_cached_mains entries.
                    .map(|c| copy(unsafe { inp.cached_mains.add(c) }))
                    .collect();
                let public_values = if inp.num_public_values == 0 {
                    Vec::new()
                } else {
                    // SAFETY: num_public_values values.
                    unsafe { std::slice::from_raw_parts(inp.public_values, inp.num_public_values) }
                        .to_vec()
                };
                AirInput {
                    common_main: (!inp.common_main.is_null()).then(|| copy(inp.common_main)),
                    cached_mains,
                    public_values,
                    cached_commitments: Vec::new(),
                }
            })
            .collect()
    }
}

impl Drop for Scenario {
    fn drop(&mut self) {
        // SAFETY: owned bundle.
        unsafe { ffi::swirl_builtin_free(self.raw) }
    }
}

/// libswirl's view of plain inputs; borrows from them (and owns the arrays of views).
pub(crate) struct FfiInputs<'a> {
    _commons: Vec<Option<ffi::swirl_trace>>,
    _cached: Vec<Vec<ffi::swirl_trace>>,
    _committed: Vec<Vec<*const ffi::swirl_committed_trace>>,
    pub raw: Vec<ffi::swirl_air_inputs>,
    _inputs: std::marker::PhantomData<&'a [AirInput]>,
}

impl<'a> FfiInputs<'a> {
    pub(crate) fn new(inputs: &'a [AirInput]) -> Self {
        let commons: Vec<Option<ffi::swirl_trace>> = inputs
            .iter()
            .map(|i| i.common_main.as_ref().map(|t| t.as_ffi()))
            .collect();
        let cached: Vec<Vec<ffi::swirl_trace>> = inputs
            .iter()
            .map(|i| i.cached_mains.iter().map(|t| t.as_ffi()).collect())
            .collect();
        let committed: Vec<Vec<*const ffi::swirl_committed_trace>> = inputs
            .iter()
            .map(|i| i.cached_commitments.iter().map(|c| c.raw()).collect())
            .collect();
        // The views live in the vectors above, whose heap buffers never move once built.
        let raw = inputs
            .iter()
            .enumerate()
            .map(|(a, i)| ffi::swirl_air_inputs {
                common_main: commons[a]
                    .as_ref()
                    .map_or(ptr::null(), |t| t as *const ffi::swirl_trace),
                cached_mains: if cached[a].is_empty() {
                    ptr::null()
                } else {
                    cached[a].as_ptr()
                },
                num_cached_mains: cached[a].len(),
                public_values: if i.public_values.is_empty() {
                    ptr::null()
                } else {
                    i.public_values.as_ptr()
                },
                num_public_values: i.public_values.len(),
                cached_commitments: if committed[a].is_empty() {
                    ptr::null()
                } else {
                    committed[a].as_ptr()
                },
            })
            .collect();
        FfiInputs {
            _commons: commons,
            _cached: cached,
            _committed: committed,
            raw,
            _inputs: std::marker::PhantomData,
        }
    }
}

/// swirl_prove over plain inputs (one per AIR of the key, in key order).
pub fn prove(ctx: &Ctx, pk: &Pk, inputs: &[AirInput]) -> Result<Vec<u8>, SwirlError> {
    let views = FfiInputs::new(inputs);
    let mut out = ptr::null_mut();
    let mut len = 0usize;
    let mut err = ffi::SwirlError::new();
    // SAFETY: all pointers are valid for the duration of the call; libswirl only reads inputs.
    let rc = unsafe {
        ffi::swirl_prove(
            ctx.raw(),
            pk.raw(),
            views.raw.as_ptr(),
            views.raw.len(),
            &mut out,
            &mut len,
            &mut err,
        )
    };
    check(rc, &err)?;
    Ok(crate::handle::take_bytes(out, len))
}

/// swirl_prove_rap_stage: the RAP sections (witness, GKR, batch) from the transcript state,
/// which is updated; returns the section bytes and r (4 canonical values per EF element).
pub fn prove_rap_stage(
    ctx: &Ctx,
    pk: &Pk,
    inputs: &[AirInput],
    transcript: &mut ffi::swirl_rap_transcript,
) -> Result<(Vec<u8>, Vec<u32>), SwirlError> {
    let views = FfiInputs::new(inputs);
    let mut out = ptr::null_mut();
    let mut len = 0usize;
    let mut r = vec![0u32; 4 * 64];
    let mut r_len = 0usize;
    let mut err = ffi::SwirlError::new();
    // SAFETY: as prove; r has r.len() slots.
    let rc = unsafe {
        ffi::swirl_prove_rap_stage(
            ctx.raw(),
            pk.raw(),
            views.raw.as_ptr(),
            views.raw.len(),
            transcript,
            &mut out,
            &mut len,
            r.as_mut_ptr(),
            r.len(),
            &mut r_len,
            &mut err,
        )
    };
    check(rc, &err)?;
    r.truncate(r_len);
    Ok((crate::handle::take_bytes(out, len), r))
}

/// Byte sizes of the proof's sections (swirl_proof_summarize): preamble, GKR, batch
/// constraints, stacking, WHIR.
pub fn proof_sections(proof: &[u8]) -> Result<[(&'static str, usize); 5], SwirlError> {
    let mut s = ffi::swirl_proof_summary::default();
    let mut err = ffi::SwirlError::new();
    // SAFETY: proof is a valid slice; s is released below.
    let rc = unsafe { ffi::swirl_proof_summarize(proof.as_ptr(), proof.len(), &mut s, &mut err) };
    check(rc, &err)?;
    let sections = [
        ("preamble", s.preamble_bytes),
        ("gkr", s.gkr_bytes),
        ("batch_constraint", s.constraint_bytes),
        ("stacking", s.stacking_bytes),
        ("whir", s.whir_bytes),
    ];
    // SAFETY: s was filled by swirl_proof_summarize.
    unsafe { ffi::swirl_proof_summary_free(&mut s) };
    Ok(sections)
}
