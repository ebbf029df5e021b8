//! keccakf_peer: OpenVM (openvm-stark-backend 2.0.1) as swirl's benchmark peer, side by side in
//! one run, on the reference's keccakf example shape: 1024 Keccak-f permutations from
//! StdRng::seed_from_u64(42), Plonky3's trace, `app_params_with_100_bits_security(21)`.
//!
//! Engines: the reference CPU backend (`BabyBearPoseidon2CpuEngine`) and swirl's CPU backend
//! (`SwirlCpuEngine`); with the cargo feature `cuda`, also the reference CUDA backend
//! (`BabyBearPoseidon2GpuEngine`) and swirl's CUDA backend (`SwirlCudaEngine`), each skipped with
//! a line when no device is present. Every engine proves the same trace with keys from the
//! reference's keygen, and every proof is checked by the reference verifier. Prints the median
//! prove time of each engine over the runs, both span tables (the reference's `tracing` spans,
//! swirl's span report) and the ratios.
//!
//! Usage: keccakf_peer [--runs R] [--perms N] [--log-stacked-height H]

use std::{collections::BTreeMap, sync::Arc, time::Instant};

use openvm_stark_backend::{
    keygen::types::{MultiStarkProvingKey, MultiStarkVerifyingKey},
    prover::{AirProvingContext, ColMajorMatrix, DeviceDataTransporter, ProvingContext},
    AirRef, StarkEngine,
};
use openvm_stark_sdk::config::{
    app_params_with_100_bits_security, baby_bear_poseidon2::BabyBearPoseidon2CpuEngine,
};
use p3_baby_bear::BabyBear;
use p3_keccak_air::KeccakAir;
use rand::{rngs::StdRng, Rng, SeedableRng};
use swirl_openvm::{airs::KeccakfAir, convert::SC, spans::TimingLayer, SwirlCpuEngine};
use tracing_subscriber::layer::SubscriberExt;

struct Args {
    runs: usize,
    perms: usize,
    log_stacked_height: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        runs: 3,
        perms: 1024,
        log_stacked_height: 21,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = argv.get(i + 1).and_then(|v| v.parse::<usize>().ok());
        match (argv[i].as_str(), value) {
            ("--runs", Some(v)) if v > 0 => args.runs = v,
            ("--perms", Some(v)) if v > 0 => args.perms = v,
            ("--log-stacked-height", Some(v)) => args.log_stacked_height = v,
            _ => {
                eprintln!("usage: keccakf_peer [--runs R] [--perms N] [--log-stacked-height H]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    args
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

/// Median seconds per span name over the runs (a span missing from a run counts 0).
fn median_spans(runs: &[BTreeMap<String, f64>]) -> BTreeMap<String, f64> {
    let names: std::collections::BTreeSet<&String> = runs.iter().flat_map(|r| r.keys()).collect();
    names
        .into_iter()
        .map(|n| {
            let xs = runs
                .iter()
                .map(|r| r.get(n).copied().unwrap_or(0.0))
                .collect();
            (n.clone(), median(xs))
        })
        .collect()
}

struct EngineResult {
    name: &'static str,
    prove_seconds: f64,
    spans: BTreeMap<String, f64>,
    proof_bytes: usize,
}

/// Proves `runs` times with `prove` (which returns the proof and this run's spans), verifying
/// every proof with the reference verifier.
fn measure<P>(
    name: &'static str,
    runs: usize,
    vk: &MultiStarkVerifyingKey<SC>,
    verifier: &BabyBearPoseidon2CpuEngine,
    mut prove: P,
) -> EngineResult
where
    P: FnMut() -> (
        openvm_stark_backend::proof::Proof<SC>,
        BTreeMap<String, f64>,
    ),
{
    let mut times = Vec::new();
    let mut span_runs = Vec::new();
    let mut proof_bytes = 0;
    for run in 0..runs {
        let start = Instant::now();
        let (proof, spans) = prove();
        let seconds = start.elapsed().as_secs_f64();
        verifier
            .verify(vk, &proof)
            .unwrap_or_else(|e| panic!("{name}: the reference verifier rejects the proof: {e}"));
        proof_bytes = swirl_openvm::convert::encode_proof(&proof).len();
        eprintln!("{name}: run {run}: {seconds:.3} s");
        times.push(seconds);
        span_runs.push(spans);
    }
    EngineResult {
        name,
        prove_seconds: median(times),
        spans: median_spans(&span_runs),
        proof_bytes,
    }
}

fn reference_spans(totals: &swirl_openvm::spans::SpanTotals) -> BTreeMap<String, f64> {
    totals
        .take()
        .into_iter()
        .map(|(k, (s, _))| (k, s))
        .collect()
}

fn swirl_spans(spans: Vec<(String, u32, f64)>) -> BTreeMap<String, f64> {
    spans.into_iter().map(|(n, _, s)| (n, s)).collect()
}

fn print_spans(title: &str, spans: &BTreeMap<String, f64>) {
    println!("\n{title}");
    println!("{:<58} {:>10}", "span", "seconds");
    for (name, seconds) in spans {
        if *seconds >= 0.0005 {
            println!("{name:<58} {seconds:>10.3}");
        }
    }
}

/// A stage's seconds: the first alternative whose spans are all present, summed. The reference
/// CPU backend names its stages differently from its CUDA backend (whose names swirl uses).
fn stage_seconds(spans: &BTreeMap<String, f64>, alternatives: &[&[&str]]) -> Option<f64> {
    alternatives.iter().find_map(|names| {
        names
            .iter()
            .map(|n| spans.get(*n).copied())
            .sum::<Option<f64>>()
    })
}

type Alternatives = &'static [&'static [&'static str]];

/// (label, reference span alternatives, swirl span).
const STAGES: [(&str, Alternatives, &str); 6] = [
    ("whole proof", &[&["stark_prove_excluding_trace"]], "prover"),
    (
        "main trace commit",
        &[&["prover.main_trace_commit"]],
        "prover.main_trace_commit",
    ),
    (
        "RAP constraints",
        &[&["prover.rap_constraints"], &["prove_zerocheck_and_logup"]],
        "prover.rap_constraints",
    ),
    (
        "openings",
        &[
            &["prover.openings"],
            &["prove_stacked_opening_reduction", "prove_whir_opening_cpu"],
        ],
        "prover.openings",
    ),
    (
        ". stacked reduction",
        &[&["prove_stacked_opening_reduction"]],
        "prover.openings.stacked_reduction",
    ),
    (
        ". WHIR",
        &[&["prove_whir_opening_cpu"]],
        "prover.openings.whir",
    ),
];

fn print_ratios(reference: &EngineResult, swirl: &EngineResult) {
    println!(
        "\nratios {} / {} (below 1: swirl faster)",
        swirl.name, reference.name
    );
    println!(
        "{:<20} {:>12} {:>12} {:>8}",
        "stage", "reference s", "swirl s", "ratio"
    );
    let total = swirl.prove_seconds / reference.prove_seconds;
    println!(
        "{:<20} {:>12.3} {:>12.3} {:>8.3}",
        "prove (wall)", reference.prove_seconds, swirl.prove_seconds, total
    );
    for (label, alternatives, sname) in STAGES {
        let r = stage_seconds(&reference.spans, alternatives);
        if let (Some(r), Some(s)) = (r, swirl.spans.get(sname)) {
            println!("{label:<20} {r:>12.3} {s:>12.3} {:>8.3}", s / r);
        }
    }
}

fn main() {
    let args = parse_args();
    let (layer, totals) = TimingLayer::new();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
        .expect("tracing subscriber");

    let params = app_params_with_100_bits_security(args.log_stacked_height);
    let mut rng = StdRng::seed_from_u64(42);
    let inputs: Vec<[u64; 25]> = (0..args.perms).map(|_| rng.random()).collect();
    let trace = p3_keccak_air::generate_trace_rows::<BabyBear>(inputs, 0);
    let host_trace = ColMajorMatrix::from_row_major(&trace);
    println!(
        "keccakf_peer: {} permutations, trace {} x {}, app_params_with_100_bits_security({}), {} run(s), {} threads",
        args.perms,
        trace.values.len() / trace.width,
        trace.width,
        args.log_stacked_height,
        args.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let airs: Vec<AirRef<SC>> = vec![Arc::new(KeccakfAir(KeccakAir {}))];
    let reference = BabyBearPoseidon2CpuEngine::new(params.clone());
    let (pk, vk): (MultiStarkProvingKey<SC>, _) = reference.keygen(&airs);
    totals.take();

    let mut results = Vec::new();
    {
        let d_pk = reference.device().transport_pk_to_device(&pk);
        results.push(measure("reference-cpu", args.runs, &vk, &reference, || {
            let d_trace = reference.device().transport_matrix_to_device(&host_trace);
            let ctx = ProvingContext::new(vec![(0, AirProvingContext::simple_no_pis(d_trace))]);
            totals.take();
            let proof = reference.prove(&d_pk, ctx).expect("reference prover");
            (proof, reference_spans(&totals))
        }));
    }
    {
        let swirl = SwirlCpuEngine::new(params.clone());
        let d_pk = swirl.device().transport_pk_to_device(&pk);
        results.push(measure("swirl-cpu", args.runs, &vk, &reference, || {
            let d_trace = swirl.device().transport_matrix_to_device(&host_trace);
            let ctx = ProvingContext::new(vec![(0, AirProvingContext::simple_no_pis(d_trace))]);
            let proof = swirl.prove(&d_pk, ctx).expect("swirl prover");
            (proof, swirl_spans(swirl.spans()))
        }));
    }
    #[cfg(feature = "cuda")]
    cuda::run(
        &args,
        &params,
        &pk,
        &vk,
        &reference,
        &host_trace,
        &totals,
        &mut results,
    );

    println!("\nengine           prove s (median)   proof bytes");
    for r in &results {
        println!(
            "{:<16} {:>16.3} {:>13}",
            r.name, r.prove_seconds, r.proof_bytes
        );
    }
    for r in &results {
        print_spans(&format!("spans: {}", r.name), &r.spans);
    }
    let find = |n: &str| results.iter().find(|r| r.name == n);
    if let (Some(r), Some(s)) = (find("reference-cpu"), find("swirl-cpu")) {
        print_ratios(r, s);
    }
    if let (Some(r), Some(s)) = (find("reference-cuda"), find("swirl-cuda")) {
        print_ratios(r, s);
    }
}

#[cfg(feature = "cuda")]
mod cuda {
    use super::*;
    use openvm_cuda_backend::{BabyBearPoseidon2GpuEngine, GpuBackend};
    use openvm_stark_backend::SystemParams;
    use swirl_openvm::SwirlCudaEngine;

    #[allow(clippy::too_many_arguments)]
    pub fn run(
        args: &Args,
        params: &SystemParams,
        pk: &MultiStarkProvingKey<SC>,
        vk: &MultiStarkVerifyingKey<SC>,
        verifier: &BabyBearPoseidon2CpuEngine,
        host_trace: &ColMajorMatrix<BabyBear>,
        totals: &swirl_openvm::spans::SpanTotals,
        results: &mut Vec<EngineResult>,
    ) {
        match std::panic::catch_unwind(|| BabyBearPoseidon2GpuEngine::new(params.clone())) {
            Ok(mut gpu) => {
                // as the reference's CUDA keccakf example: no interactions, so keep zerocheck fast
                gpu.device_mut().prover_config_mut().zerocheck_save_memory = false;
                let d_pk = <_ as DeviceDataTransporter<SC, GpuBackend>>::transport_pk_to_device(
                    gpu.device(),
                    pk,
                );
                results.push(measure("reference-cuda", args.runs, vk, verifier, || {
                    let d_trace =
                        <_ as DeviceDataTransporter<SC, GpuBackend>>::transport_matrix_to_device(
                            gpu.device(),
                            host_trace,
                        );
                    let ctx =
                        ProvingContext::new(vec![(0, AirProvingContext::simple_no_pis(d_trace))]);
                    totals.take();
                    let proof = gpu.prove(&d_pk, ctx).expect("reference CUDA prover");
                    (proof, reference_spans(totals))
                }));
            }
            Err(_) => println!("reference-cuda: skipped (no CUDA device)"),
        }
        match SwirlCudaEngine::try_new(params.clone()) {
            Ok(swirl) => {
                let d_pk = swirl.device().transport_pk_to_device(pk);
                results.push(measure("swirl-cuda", args.runs, vk, verifier, || {
                    let d_trace = swirl.device().transport_matrix_to_device(host_trace);
                    let ctx =
                        ProvingContext::new(vec![(0, AirProvingContext::simple_no_pis(d_trace))]);
                    let proof = swirl.prove(&d_pk, ctx).expect("swirl CUDA prover");
                    (proof, swirl_spans(swirl.spans()))
                }));
            }
            Err(e) => println!("swirl-cuda: skipped ({e})"),
        }
    }
}
