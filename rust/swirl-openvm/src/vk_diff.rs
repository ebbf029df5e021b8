//! Section-by-section comparison of verifying-key bytes (postcard of MultiStarkVerifyingKey):
//! the reference key's encoding is split into its fields' encodings (postcard writes a struct
//! as its fields in order, a Vec as a varint length then its elements), so the first differing
//! byte of another encoding can be named by the field it falls in.

use std::ops::Range;

use openvm_stark_backend::keygen::types::MultiStarkVerifyingKey;
use serde::Serialize;

use crate::convert::SC;

fn len_of<T: Serialize + ?Sized>(v: &T) -> usize {
    postcard::to_allocvec(v).expect("postcard").len()
}

/// Named byte ranges of the reference key's postcard encoding, in order, covering all of it.
pub fn vk_sections(vk: &MultiStarkVerifyingKey<SC>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut push = |name: String, len: usize, out: &mut Vec<(String, Range<usize>)>| {
        out.push((name, at..at + len));
        at += len;
    };
    push("params".into(), len_of(&vk.inner.params), &mut out);
    push(
        "per_air.len".into(),
        len_of(&vk.inner.per_air.len()),
        &mut out,
    );
    for (i, a) in vk.inner.per_air.iter().enumerate() {
        push(
            format!("air{i}.preprocessed_data"),
            len_of(&a.preprocessed_data),
            &mut out,
        );
        push(format!("air{i}.params"), len_of(&a.params), &mut out);
        let dag = &a.symbolic_constraints;
        push(
            format!("air{i}.dag.constraints.nodes"),
            len_of(&dag.constraints.nodes),
            &mut out,
        );
        push(
            format!("air{i}.dag.constraints.constraint_idx"),
            len_of(&dag.constraints.constraint_idx),
            &mut out,
        );
        push(
            format!("air{i}.dag.interactions"),
            len_of(&dag.interactions),
            &mut out,
        );
        push(
            format!("air{i}.max_constraint_degree"),
            len_of(&a.max_constraint_degree),
            &mut out,
        );
        push(
            format!("air{i}.is_required"),
            len_of(&a.is_required),
            &mut out,
        );
        push(
            format!("air{i}.unused_variables"),
            len_of(&a.unused_variables),
            &mut out,
        );
    }
    push(
        "trace_height_constraints".into(),
        len_of(&vk.inner.trace_height_constraints),
        &mut out,
    );
    push("pre_hash".into(), len_of(&vk.pre_hash), &mut out);
    out
}

/// None when equal; otherwise a report naming the section of the first differing byte.
pub fn describe_mismatch(
    vk: &MultiStarkVerifyingKey<SC>,
    reference: &[u8],
    other: &[u8],
) -> Option<String> {
    if reference == other {
        return None;
    }
    let first = reference
        .iter()
        .zip(other)
        .position(|(a, b)| a != b)
        .unwrap_or(reference.len().min(other.len()));
    let sections = vk_sections(vk);
    let covered = sections.last().map_or(0, |s| s.1.end);
    let section = sections
        .iter()
        .find(|(_, r)| r.contains(&first))
        .map_or("(past the end)".to_string(), |(n, r)| {
            format!("{n} [{}..{})", r.start, r.end)
        });
    let window = |b: &[u8]| {
        let lo = first.saturating_sub(8);
        let hi = (first + 16).min(b.len());
        b.get(lo..hi).map(hex).unwrap_or_default()
    };
    Some(format!(
        "lengths: reference {} (sections cover {covered}), swirl {}; first difference at byte \
         {first} in section {section}\n  reference: {}\n  swirl:     {}",
        reference.len(),
        other.len(),
        window(reference),
        window(other)
    ))
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
