//! Builds libswirl (the C library two directories up) with its own CMake build and links it
//! statically, together with libswirl_scenarios: the built-in AIRs and scenarios (`swirl_fib_air`,
//! `swirl_builtin_scenario`, ...) that src/ffi.rs declares live in that internal library, not in
//! libswirl's public API (see the C tree's docs/ARCHITECTURE.md, "Library layout").
//!
//! CUDA: the library is built with its CUDA backend when `SWIRL_NVCC` or `CMAKE_CUDA_COMPILER`
//! names an nvcc, or when `nvcc` is on PATH (or at /usr/local/cuda/bin/nvcc); otherwise it is
//! built CPU-only (`-DSWIRL_CUDA=OFF`). `SWIRL_CUDA=0` forces a CPU-only build.
//! `SWIRL_CUDA_ARCHITECTURES` (default 90) picks the device architectures.

use std::{
    env,
    path::{Path, PathBuf},
    process::Command,
};

/// The nvcc to build with, or None for a CPU-only library.
fn find_nvcc() -> Option<PathBuf> {
    if env::var("SWIRL_CUDA")
        .map(|v| v == "0" || v == "OFF")
        .unwrap_or(false)
    {
        return None;
    }
    for var in ["SWIRL_NVCC", "CMAKE_CUDA_COMPILER"] {
        if let Ok(path) = env::var(var) {
            if !path.is_empty() {
                return Some(PathBuf::from(path));
            }
        }
    }
    let on_path = Command::new("nvcc")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if on_path {
        return Some(PathBuf::from("nvcc"));
    }
    let default = Path::new("/usr/local/cuda/bin/nvcc");
    default.exists().then(|| default.to_path_buf())
}

/// Directory of the CUDA runtime libraries that belong to `nvcc` (bin/../lib64 or bin/../lib).
fn cuda_lib_dir(nvcc: &Path) -> Option<PathBuf> {
    let resolved = if nvcc.is_absolute() {
        nvcc.to_path_buf()
    } else {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {}", nvcc.display()))
            .output()
            .ok()?;
        PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
    };
    let root = resolved.parent()?.parent()?.to_path_buf();
    ["lib64", "lib"]
        .iter()
        .map(|d| root.join(d))
        .find(|d| d.join("libcudart_static.a").exists())
}

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let swirl_root = manifest_dir
        .join("../..")
        .canonicalize()
        .expect("swirl source tree");
    for dir in ["src", "airs", "include", "cmake", "CMakeLists.txt", "swirl.pc.in"] {
        println!("cargo:rerun-if-changed={}", swirl_root.join(dir).display());
    }
    for var in [
        "SWIRL_NVCC",
        "CMAKE_CUDA_COMPILER",
        "SWIRL_CUDA",
        "SWIRL_CUDA_ARCHITECTURES",
    ] {
        println!("cargo:rerun-if-env-changed={var}");
    }

    let nvcc = find_nvcc();
    let mut cfg = cmake::Config::new(&swirl_root);
    cfg.profile("Release")
        .define("CMAKE_POSITION_INDEPENDENT_CODE", "ON")
        // swirl_scenarios links swirl_static, so building it builds both archives
        .build_target("swirl_scenarios");
    match &nvcc {
        Some(nvcc) => {
            let arch = env::var("SWIRL_CUDA_ARCHITECTURES").unwrap_or_else(|_| "90".into());
            cfg.define("SWIRL_CUDA", "ON")
                .define("CMAKE_CUDA_COMPILER", nvcc)
                .define("CMAKE_CUDA_ARCHITECTURES", arch);
        }
        None => {
            cfg.define("SWIRL_CUDA", "OFF");
        }
    }
    let dst = cfg.build();

    println!(
        "cargo:rustc-link-search=native={}",
        dst.join("build").display()
    );
    // the scenario library first: it uses libswirl's (public and internal) symbols
    println!("cargo:rustc-link-lib=static=swirl_scenarios");
    println!("cargo:rustc-link-lib=static=swirl");
    if let Some(nvcc) = &nvcc {
        if let Some(dir) = cuda_lib_dir(nvcc) {
            println!("cargo:rustc-link-search=native={}", dir.display());
        }
        // With the cargo feature `cuda` the reference's CUDA backend links the shared runtime;
        // libswirl then uses the same one (one runtime per process), else the static one.
        if env::var_os("CARGO_FEATURE_CUDA").is_some() {
            println!("cargo:rustc-link-lib=cudart");
        } else {
            println!("cargo:rustc-link-lib=static=cudart_static");
        }
        for lib in ["stdc++", "dl", "rt"] {
            println!("cargo:rustc-link-lib={lib}");
        }
        println!("cargo:rustc-cfg=swirl_cuda");
    }
    println!("cargo:rustc-check-cfg=cfg(swirl_cuda)");
    println!("cargo:rustc-link-lib=pthread");
    println!("cargo:rustc-link-lib=m");
}
