/* vk_security.c — the soundness of a verifying key, by the soundness calculator (reference:
 * SoundnessCalculator::calculate_from_vk): the key's parameters evaluated for the largest proof
 * the key admits (every AIR present, heights up to 2^(l_skip + n_stack), the key's constraint
 * and interaction counts). Parameter validation only rejects configurations that cannot be
 * sound at all; this says how sound a key is, so a verifier can require a minimum. */
#include <string.h>
#include "air/keys.h"
#include "pcs/soundness.h"
#include "util/error.h"

/* The calculator's shape inputs from the key (verifier-side upper bounds). */
static void shape_of(const swirl_vk *vk, swirl_soundness_inputs *in) {
    const swirl_system_params *p = &vk->params;
    size_t max_constraints = 0, max_interactions = 0, columns = 0;
    for (size_t a = 0; a < vk->num_airs; a++) {
        const swirl_air_vk *v = &vk->airs[a];
        size_t width = v->prep_width + v->common_width;
        for (size_t c = 0; c < v->num_cached; c++) width += v->cached_widths[c];
        columns += width;
        if (v->dag.num_constraints > max_constraints) max_constraints = v->dag.num_constraints;
        if (v->dag.num_interactions > max_interactions) max_interactions = v->dag.num_interactions;
    }
    size_t log_height = p->l_skip + p->n_stack;
    memset(in, 0, sizeof *in);
    /* an interaction-only key has no constraint to batch; one is the conservative bound the
     * calculator accepts */
    in->max_num_constraints_per_air = max_constraints ? max_constraints : 1;
    in->num_airs = vk->num_airs;
    in->max_constraint_degree = p->max_constraint_degree;
    in->max_log_trace_height = log_height;
    in->num_trace_columns = columns;
    in->num_stacked_columns = p->w_stack;
    in->n_logup = swirl_soundness_n_logup_bound(p->l_skip, vk->num_airs, max_interactions, log_height,
                                                p->logup.max_interaction_count);
}

int swirl_vk_security_bits(const swirl_vk *vk, double *bits_out, swirl_error *err) {
    if (!vk || !bits_out) return swirl_fail(err, SWIRL_ERR_INVALID_ARG, 0, "swirl_vk_security_bits: null argument");
    *bits_out = 0.0;
    swirl_soundness_inputs in;
    shape_of(vk, &in);
    swirl_soundness_report report;
    int rc = swirl_soundness_evaluate(&vk->params, &in, &report);
    if (rc) return swirl_fail(err, rc, 0, "swirl_vk_security_bits: the soundness calculator refused the key's shape (%s)",
                              swirl_status_str(rc));
    *bits_out = report.total_bits;
    return SWIRL_OK;
}
