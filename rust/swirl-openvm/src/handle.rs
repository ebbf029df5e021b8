//! Owning wrappers of libswirl objects (released on drop) and the error type of this crate.

use std::{ffi::CStr, fmt, ptr};

use crate::ffi;

/// A failure reported by libswirl (status, detail code and message) or by this crate's glue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwirlError {
    pub status: i32,
    pub detail: i32,
    pub message: String,
}

impl SwirlError {
    pub fn glue(message: impl Into<String>) -> Self {
        SwirlError {
            status: -1,
            detail: 0,
            message: message.into(),
        }
    }

    pub(crate) fn from_ffi(status: i32, err: &ffi::SwirlError) -> Self {
        SwirlError {
            status,
            detail: err.detail,
            message: err.message(),
        }
    }

    /// Name of the status code, e.g. "SWIRL_ERR_DECODE" ("glue" for errors of this crate).
    pub fn status_name(&self) -> String {
        if self.status < 0 {
            return "glue".into();
        }
        // SAFETY: swirl_status_str returns a static NUL-terminated string for any int.
        unsafe { CStr::from_ptr(ffi::swirl_status_str(self.status)) }
            .to_string_lossy()
            .into_owned()
    }
}

impl fmt::Display for SwirlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (detail {}): {}",
            self.status_name(),
            self.detail,
            self.message
        )
    }
}

impl std::error::Error for SwirlError {}

/// Turns a status and its error report into a Result.
pub(crate) fn check(status: i32, err: &ffi::SwirlError) -> Result<(), SwirlError> {
    if status == ffi::SWIRL_OK {
        Ok(())
    } else {
        Err(SwirlError::from_ffi(status, err))
    }
}

/// Which libswirl backend a context runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    Cpu,
    Cuda,
}

/// A libswirl context: the worker pool (and, for CUDA, the device).
pub struct Ctx {
    raw: *mut ffi::swirl_ctx,
}

// SAFETY: a swirl context is used by one call at a time; the engine serialises its use with a
// mutex (see engine.rs). libswirl keeps no thread-local state.
unsafe impl Send for Ctx {}

impl Ctx {
    /// nthreads 0: one worker per core.
    pub fn new(nthreads: u32, backend: BackendKind) -> Result<Self, SwirlError> {
        let kind = match backend {
            BackendKind::Cpu => ffi::SWIRL_BACKEND_CPU,
            BackendKind::Cuda => ffi::SWIRL_BACKEND_CUDA,
        };
        let mut raw = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: out-pointers are valid; on failure raw stays NULL.
        let rc = unsafe { ffi::swirl_ctx_create(nthreads, kind, &mut raw, &mut err) };
        check(rc, &err)?;
        Ok(Ctx { raw })
    }

    pub fn raw(&self) -> *mut ffi::swirl_ctx {
        self.raw
    }

    pub fn backend_name(&self) -> String {
        // SAFETY: the context is live; the name is a static string.
        unsafe { CStr::from_ptr(ffi::swirl_ctx_backend_name(self.raw)) }
            .to_string_lossy()
            .into_owned()
    }

    /// Spans of the last proof made with this context: (dotted name, depth, seconds).
    pub fn spans(&self) -> Vec<(String, u32, f64)> {
        let mut buf: Vec<ffi::swirl_span> = (0..64)
            .map(|_| ffi::swirl_span {
                name: ptr::null(),
                depth: 0,
                seconds: 0.0,
                bytes_to_device: 0,
                bytes_from_device: 0,
                host_waits: 0,
            })
            .collect();
        // SAFETY: buf has 64 entries.
        let n = unsafe { ffi::swirl_ctx_spans(self.raw, buf.as_mut_ptr(), buf.len()) };
        buf.truncate(n.min(64));
        buf.iter()
            .map(|s| {
                // SAFETY: names are valid until the next proof on this context.
                let name = unsafe { CStr::from_ptr(s.name) }
                    .to_string_lossy()
                    .into_owned();
                (name, s.depth, s.seconds)
            })
            .collect()
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: raw came from swirl_ctx_create and is freed once.
        unsafe { ffi::swirl_ctx_free(self.raw) }
    }
}

/// Bytes allocated by libswirl, copied into a Vec and released.
pub(crate) fn take_bytes(ptr: *mut u8, len: usize) -> Vec<u8> {
    if ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: libswirl returned ptr with len valid bytes; we copy then free it once.
    let v = unsafe { std::slice::from_raw_parts(ptr, len) }.to_vec();
    unsafe { ffi::swirl_bytes_free(ptr) };
    v
}

/// A decoded swirl verifying key.
pub struct Vk {
    raw: *mut ffi::swirl_vk,
}

unsafe impl Send for Vk {}
unsafe impl Sync for Vk {}

impl Vk {
    /// Strict decoding of verifying-key bytes (the postcard of MultiStarkVerifyingKey).
    pub fn decode(bytes: &[u8]) -> Result<Self, SwirlError> {
        let mut raw = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: bytes is a valid slice; raw is an out-pointer.
        let rc = unsafe { ffi::swirl_vk_decode(bytes.as_ptr(), bytes.len(), &mut raw, &mut err) };
        check(rc, &err)?;
        Ok(Vk { raw })
    }

    pub fn raw(&self) -> *const ffi::swirl_vk {
        self.raw
    }

    pub fn encode(&self) -> Result<Vec<u8>, SwirlError> {
        encode_vk(self.raw)
    }

    pub fn pre_hash(&self) -> [u32; 8] {
        vk_pre_hash(self.raw)
    }

    /// swirl_verify on proof bytes.
    pub fn verify(&self, proof: &[u8]) -> Result<(), SwirlError> {
        verify_raw(self.raw, proof)
    }
}

impl Drop for Vk {
    fn drop(&mut self) {
        // SAFETY: raw came from swirl_vk_decode.
        unsafe { ffi::swirl_vk_free(self.raw) }
    }
}

pub(crate) fn encode_vk(vk: *const ffi::swirl_vk) -> Result<Vec<u8>, SwirlError> {
    let mut p = ptr::null_mut();
    let mut len = 0usize;
    let mut err = ffi::SwirlError::new();
    // SAFETY: vk is live; out-pointers valid.
    let rc = unsafe { ffi::swirl_vk_encode(vk, &mut p, &mut len, &mut err) };
    check(rc, &err)?;
    Ok(take_bytes(p, len))
}

pub(crate) fn vk_pre_hash(vk: *const ffi::swirl_vk) -> [u32; 8] {
    let mut out = [0u32; 8];
    // SAFETY: vk is live; out has 8 entries.
    unsafe { ffi::swirl_vk_pre_hash(vk, out.as_mut_ptr()) };
    out
}

pub(crate) fn verify_raw(vk: *const ffi::swirl_vk, proof: &[u8]) -> Result<(), SwirlError> {
    let mut err = ffi::SwirlError::new();
    // SAFETY: vk is live; proof is a valid slice.
    let rc = unsafe { ffi::swirl_verify(vk, proof.as_ptr(), proof.len(), &mut err) };
    check(rc, &err)
}

/// A swirl proving key.
pub struct Pk {
    raw: *mut ffi::swirl_pk,
}

unsafe impl Send for Pk {}
unsafe impl Sync for Pk {}

impl Pk {
    /// # Safety
    /// `raw` must be a proving key owned by the caller (from swirl_keygen / swirl_pk_from_vk).
    pub(crate) unsafe fn from_raw(raw: *mut ffi::swirl_pk) -> Self {
        Pk { raw }
    }

    pub fn raw(&self) -> *const ffi::swirl_pk {
        self.raw
    }

    /// The verifying key inside (borrowed).
    pub fn vk_raw(&self) -> *const ffi::swirl_vk {
        // SAFETY: pk is live.
        unsafe { ffi::swirl_pk_vk(self.raw) }
    }

    pub fn vk_bytes(&self) -> Result<Vec<u8>, SwirlError> {
        encode_vk(self.vk_raw())
    }

    pub fn pre_hash(&self) -> [u32; 8] {
        vk_pre_hash(self.vk_raw())
    }

    pub fn verify(&self, proof: &[u8]) -> Result<(), SwirlError> {
        verify_raw(self.vk_raw(), proof)
    }

    /// A proving key for `vk` with its preprocessed traces (one entry per AIR, row-major
    /// canonical values; None where the AIR has none).
    pub fn from_vk(
        ctx: &Ctx,
        vk: &Vk,
        preprocessed: &[Option<RowMajorU32>],
    ) -> Result<Self, SwirlError> {
        let traces: Vec<ffi::swirl_trace> = preprocessed
            .iter()
            .map(|t| match t {
                Some(t) => t.as_ffi(),
                None => ffi::swirl_trace {
                    values: ptr::null_mut(),
                    height: 0,
                    width: 0,
                },
            })
            .collect();
        let mut raw = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: traces outlive the call (libswirl copies them); names NULL = defaults.
        let rc = unsafe {
            ffi::swirl_pk_from_vk(
                ctx.raw(),
                vk.raw(),
                traces.as_ptr(),
                ptr::null(),
                traces.len(),
                &mut raw,
                &mut err,
            )
        };
        check(rc, &err)?;
        Ok(Pk { raw })
    }
}

impl Drop for Pk {
    fn drop(&mut self) {
        // SAFETY: raw is owned.
        unsafe { ffi::swirl_pk_free(self.raw) }
    }
}

/// A cached main trace committed once by swirl (swirl_commit_cached_main), reusable by proofs.
pub struct CommittedTrace {
    raw: *mut ffi::swirl_committed_trace,
}

// SAFETY: the object is immutable after creation (libswirl only reads it while proving).
unsafe impl Send for CommittedTrace {}
unsafe impl Sync for CommittedTrace {}

impl CommittedTrace {
    /// Commits `trace` under the parameters of `vk` (the verifying key inside `pk`).
    pub fn new(ctx: &Ctx, pk: &Pk, trace: &RowMajorU32) -> Result<Self, SwirlError> {
        let view = trace.as_ffi();
        let mut raw = ptr::null_mut();
        let mut err = ffi::SwirlError::new();
        // SAFETY: live key and trace view; out-pointer.
        let rc = unsafe {
            ffi::swirl_commit_cached_main(ctx.raw(), pk.vk_raw(), &view, &mut raw, &mut err)
        };
        check(rc, &err)?;
        Ok(CommittedTrace { raw })
    }

    pub fn raw(&self) -> *const ffi::swirl_committed_trace {
        self.raw
    }

    pub fn root(&self) -> [u32; 8] {
        let mut out = [0u32; 8];
        // SAFETY: live object; 8 slots.
        unsafe { ffi::swirl_committed_trace_root(self.raw, out.as_mut_ptr()) };
        out
    }
}

impl std::fmt::Debug for CommittedTrace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CommittedTrace(root {:?})", self.root())
    }
}

impl Drop for CommittedTrace {
    fn drop(&mut self) {
        // SAFETY: owned.
        unsafe { ffi::swirl_committed_trace_free(self.raw) }
    }
}

/// A row-major matrix of canonical BabyBear values, the layout swirl's traces use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowMajorU32 {
    pub values: Vec<u32>,
    pub height: usize,
    pub width: usize,
}

impl RowMajorU32 {
    /// A view for libswirl (which only reads traces given to it).
    pub(crate) fn as_ffi(&self) -> ffi::swirl_trace {
        ffi::swirl_trace {
            values: self.values.as_ptr() as *mut u32,
            height: self.height,
            width: self.width,
        }
    }
}
