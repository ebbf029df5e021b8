//! A tracing layer that sums the wall time of every span by name: the reference's span table
//! (its prover opens `tracing` spans such as `prover.main_trace_commit`), printed next to
//! swirl's own span report by the bench.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::Instant,
};

use tracing::{span, Subscriber};
use tracing_subscriber::{layer::Context, registry::LookupSpan, Layer};

/// Accumulated seconds and entry counts per span name.
#[derive(Clone, Default)]
pub struct SpanTotals {
    inner: Arc<Mutex<BTreeMap<String, (f64, usize)>>>,
}

impl SpanTotals {
    pub fn take(&self) -> BTreeMap<String, (f64, usize)> {
        std::mem::take(&mut *self.inner.lock().unwrap())
    }
}

struct Started(Instant);

/// The layer: install with `tracing_subscriber::registry().with(layer)`.
pub struct TimingLayer {
    totals: SpanTotals,
}

impl TimingLayer {
    pub fn new() -> (Self, SpanTotals) {
        let totals = SpanTotals::default();
        (
            TimingLayer {
                totals: totals.clone(),
            },
            totals,
        )
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for TimingLayer {
    fn on_new_span(&self, _attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Started(Instant::now()));
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(started) = span.extensions().get::<Started>().map(|s| s.0) else {
            return;
        };
        let seconds = started.elapsed().as_secs_f64();
        let mut totals = self.totals.inner.lock().unwrap();
        let entry = totals.entry(span.name().to_string()).or_insert((0.0, 0));
        entry.0 += seconds;
        entry.1 += 1;
    }
}
