//! Item 2 of issue 10: the reference's own backend-generic suite (openvm-backend-tests 2.0.1,
//! `backend_test_suite!`) run against swirl. Every engine-generic test proves through
//! `SwirlCpuEngine`: `StarkEngine::prove` calls libswirl directly, and the Coordinator path
//! (`prove_from_transcript`, `prove_up_to_batch_constraints`) goes through swirl's stage
//! implementations (engine.rs). The WHIR-only tests of section 7 are not engine-generic: they
//! exercise the reference's own PCS code, not any engine (docs/CONFORMANCE.md).

openvm_backend_tests::backend_test_suite!(swirl_openvm::SwirlCpuEngine);
