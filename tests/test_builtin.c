/* test_builtin.c — the built-in scenario registry: every scenario keygens and its honest inputs
 * pass the debug checker; sampled single-cell changes are reported (except the cells no AIR can
 * see, listed in undetectable()); tampered interaction data is reported as a bus failure; the
 * keys-only bundles give the same verifying key; sizes and names are validated. */
#include <string.h>
#include "field/babybear.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_system_params P;

/* Cells whose change no constraint or bus can notice:
 *  - the fields of a dummy interaction row whose count is 0 (a zero-count message carries
 *    nothing; this includes the zero padding rows);
 *  - any cell of a self-interaction AIR of height 1 (no constraints; every interaction pairs the
 *    row with itself, so any change stays balanced);
 *  - keccakf's export column set to 1 on a final-round row (the AIR only forbids it elsewhere). */
static int undetectable(const swirl_builtin *b, size_t air, int part, size_t row, size_t col, uint32_t newv) {
    const char *nm = swirl_air_name(b->airs[air]);
    const swirl_air_inputs *in = &b->inputs[air];
    if (!strcmp(nm, "dummy_sender") || !strcmp(nm, "dummy_receiver")) {
        const swirl_trace *cm = in->common_main;
        uint32_t count = cm->values[row * cm->width];
        int is_field = in->num_cached_mains ? part == 0 : col > 0;
        return is_field && count == 0;
    }
    if (!strcmp(nm, "self_interaction")) return in->common_main->height == 1;
    if (!strcmp(nm, "keccakf") && col == 24 && newv == 1) {
        const swirl_trace *t = in->common_main;
        return t->values[row * t->width + 23] == 1; /* step_flags[23] */
    }
    return 0;
}

static swirl_pk *keygen_of(const swirl_builtin *b, swirl_vk **vk) {
    swirl_pk *pk = NULL;
    swirl_error e = {0};
    int rc = swirl_keygen(NULL, &P, b->airs, b->num_airs, &pk, vk, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen %s: %s", b->name, e.message);
    return rc == SWIRL_OK ? pk : NULL;
}

/* Honest inputs pass; `samples` random single-cell changes over all traces are reported. */
static void check_scenario(const char *name, size_t size, uint64_t seed, int samples) {
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    int rc = swirl_builtin_scenario(name, size, seed, &b, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s/%zu: %s", name, size, e.message);
    if (rc) return;
    swirl_pk *pk = keygen_of(b, NULL);
    if (!pk) { swirl_builtin_free(b); return; }
    swirl_check_report rep;
    rc = swirl_debug_check(pk, b->inputs, b->num_airs, &rep, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s/%zu/%llu honest: %s (%s)", name, size, (unsigned long long)seed, e.message, rep.message);
    /* every trace of the bundle, as (air, part) with part -1 = common main */
    size_t tried = 0, missed = 0;
    for (int i = 0; i < samples; i++) {
        size_t air = (size_t)(t_rand64() % b->num_airs);
        const swirl_air_inputs *in = &b->inputs[air];
        int part = (int)(t_rand64() % (in->num_cached_mains + 1)) - 1;
        const swirl_trace *t = part < 0 ? in->common_main : &in->cached_mains[part];
        if (!t || !t->width) continue;
        size_t row = (size_t)(t_rand64() % t->height), col = (size_t)(t_rand64() % t->width);
        uint32_t *cell = &t->values[row * t->width + col];
        uint32_t save = *cell;
        uint32_t newv = (t_rand64() & 1) ? bb_add(save, 1 + (uint32_t)(t_rand64() % 7)) : (uint32_t)(t_rand64() % SWIRL_P);
        if (newv == save) continue;
        if (undetectable(b, air, part, row, col, newv)) continue;
        *cell = newv;
        tried++;
        rc = swirl_debug_check(pk, b->inputs, b->num_airs, &rep, NULL);
        if (rc != SWIRL_ERR_TRACE || rep.kind == SWIRL_CHECK_OK || rep.kind == SWIRL_CHECK_SHAPE) {
            missed++;
            fprintf(stderr, "  missed: %s/%zu air %zu part %d row %zu col %zu %u -> %u\n", name, size, air, part, row, col,
                    save, newv);
        }
        *cell = save;
    }
    CHECK_MSG(missed == 0, "%s/%zu: %zu of %zu single-cell changes missed", name, size, missed, tried);
    CHECK_MSG(tried >= (size_t)samples / 4, "%s/%zu: only %zu changes tried", name, size, tried);
    CHECK(swirl_debug_check(pk, b->inputs, b->num_airs, &rep, NULL) == SWIRL_OK);
    swirl_pk_free(pk);
    swirl_builtin_free(b);
}

/* Interaction tampering is a bus failure on bus 0 (constraints of the dummy AIRs are empty). */
static void check_bus(const char *name, size_t size) {
    swirl_builtin *b = NULL;
    if (swirl_builtin_scenario(name, size, 5, &b, NULL) != SWIRL_OK) { CHECK(0); return; }
    swirl_pk *pk = keygen_of(b, NULL);
    if (!pk) { swirl_builtin_free(b); return; }
    swirl_check_report rep;
    /* receiver count + 1 */
    swirl_trace *rc = (swirl_trace *)b->inputs[1].common_main;
    rc->values[0] = bb_add(rc->values[0], 1);
    CHECK_MSG(swirl_debug_check(pk, b->inputs, 2, &rep, NULL) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS &&
                  rep.bus == 0, "%s/%zu: count", name, size);
    rc->values[0] = bb_sub(rc->values[0], 1);
    CHECK(swirl_debug_check(pk, b->inputs, 2, &rep, NULL) == SWIRL_OK);
    /* the field of the sender's last row with a non-zero count */
    const swirl_trace *sc = b->inputs[0].common_main;
    swirl_trace *sf = (swirl_trace *)(b->inputs[0].num_cached_mains ? &b->inputs[0].cached_mains[0] : sc);
    size_t fcol = b->inputs[0].num_cached_mains ? 0 : 1, row = 0;
    for (size_t r = 0; r < sc->height; r++)
        if (sc->values[r * sc->width]) row = r;
    CHECK(sc->values[row * sc->width] != 0);
    uint32_t *f = &sf->values[row * sf->width + fcol];
    *f = bb_add(*f, 1);
    CHECK_MSG(swirl_debug_check(pk, b->inputs, 2, &rep, NULL) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS &&
                  rep.bus == 0, "%s/%zu: message", name, size);
    *f = bb_sub(*f, 1);
    swirl_pk_free(pk);
    swirl_builtin_free(b);
}

/* The keys-only bundle has no inputs and yields the same verifying key bytes. */
static void check_keys_only(const char *name, size_t size, uint64_t seed) {
    swirl_builtin *full = NULL, *keys = NULL;
    CHECK(swirl_builtin_scenario(name, size, seed, &full, NULL) == SWIRL_OK);
    CHECK(swirl_builtin_airs(name, size, seed, &keys, NULL) == SWIRL_OK);
    if (!full || !keys) { swirl_builtin_free(full); swirl_builtin_free(keys); return; }
    CHECK(full->num_airs == keys->num_airs && full->max_log_height == keys->max_log_height);
    for (size_t i = 0; i < keys->num_airs; i++) CHECK(keys->inputs[i].common_main == NULL && keys->inputs[i].num_cached_mains == 0);
    swirl_vk *v1 = NULL, *v2 = NULL;
    swirl_pk *p1 = keygen_of(full, &v1), *p2 = keygen_of(keys, &v2);
    uint8_t *b1 = NULL, *b2 = NULL;
    size_t l1 = 0, l2 = 0;
    if (v1 && v2 && swirl_vk_encode(v1, &b1, &l1, NULL) == SWIRL_OK && swirl_vk_encode(v2, &b2, &l2, NULL) == SWIRL_OK)
        CHECK_MSG(l1 == l2 && !memcmp(b1, b2, l1), "%s: keys-only vk differs", name);
    else
        CHECK(0);
    swirl_bytes_free(b1);
    swirl_bytes_free(b2);
    swirl_pk_free(p1);
    swirl_pk_free(p2);
    swirl_vk_free(v1);
    swirl_vk_free(v2);
    swirl_builtin_free(full);
    swirl_builtin_free(keys);
}

static int traces_equal(const swirl_builtin *a, const swirl_builtin *b) {
    if (a->num_airs != b->num_airs) return 0;
    for (size_t i = 0; i < a->num_airs; i++) {
        const swirl_trace *x = a->inputs[i].common_main, *y = b->inputs[i].common_main;
        if (x->height != y->height || x->width != y->width ||
            memcmp(x->values, y->values, x->height * x->width * sizeof(uint32_t)))
            return 0;
        if (a->inputs[i].num_public_values != b->inputs[i].num_public_values ||
            (a->inputs[i].num_public_values &&
             memcmp(a->inputs[i].public_values, b->inputs[i].public_values, 3 * sizeof(uint32_t))))
            return 0;
    }
    return 1;
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    P.max_constraint_degree = 3;

    size_t n = 0;
    const char *const *names = swirl_builtin_names(&n);
    CHECK_EQ_U64(n, 10);
    CHECK(names[n] == NULL);
    swirl_builtin *b = NULL;
    swirl_error e = {0};
    CHECK(swirl_builtin_scenario("nope", 3, 0, &b, &e) == SWIRL_ERR_INVALID_ARG && b == NULL && e.message[0]);
    CHECK(swirl_builtin_scenario("keccakf", 0, 0, &b, NULL) == SWIRL_ERR_INVALID_ARG && b == NULL);
    CHECK(swirl_builtin_scenario("fib", 25, 0, &b, NULL) == SWIRL_ERR_INVALID_ARG && b == NULL);
    CHECK(swirl_builtin_scenario(NULL, 3, 0, &b, NULL) == SWIRL_ERR_INVALID_ARG);
    CHECK(swirl_builtin_scenario("fib", 3, 0, NULL, NULL) == SWIRL_ERR_INVALID_ARG);
    swirl_builtin_free(NULL);
    {
        /* trace generators validate their inputs */
        uint32_t c[3] = {1, 2, 3}, f[6] = {1, 2, 3, 4, 5, SWIRL_P};
        swirl_trace cm = {0}, ca = {0};
        CHECK(swirl_dummy_interaction_traces(2, 0, c, f, 3, &cm, NULL) == SWIRL_ERR_FIELD_RANGE && !cm.values);
        f[5] = 6;
        CHECK(swirl_dummy_interaction_traces(2, 1, c, f, 0, &cm, &ca) == SWIRL_ERR_INVALID_ARG);
        CHECK(swirl_dummy_interaction_traces(2, 1, c, f, 3, &cm, &ca) == SWIRL_OK);
        CHECK(cm.height == 4 && cm.width == 1 && ca.width == 2 && ca.values[5] == 6 && ca.values[6] == 0 && cm.values[3] == 0);
        swirl_trace_free(&cm);
        swirl_trace_free(&ca);
        CHECK(swirl_dummy_interaction_traces(2, 0, c, f, 3, &cm, NULL) == SWIRL_OK);
        CHECK(cm.height == 4 && cm.width == 3 && cm.values[3] == 2 && cm.values[5] == 4);
        swirl_trace_free(&cm);
        CHECK(swirl_partitioned_sum_air(0) == NULL);
        CHECK(swirl_partitioned_sum_traces(5, 25, 0, &cm, &ca) == SWIRL_ERR_INVALID_ARG);
    }

    /* shapes of the reference fixtures */
    if (swirl_builtin_scenario("mixture", 3, 0, &b, NULL) == SWIRL_OK) {
        CHECK_EQ_U64(b->num_airs, 12);
        CHECK_EQ_U64(b->max_log_height, 3);
        CHECK(b->inputs[0].public_values[0] == 8 && b->inputs[0].public_values[1] == 8);
        CHECK(b->inputs[5].public_values[0] == 7 && b->inputs[5].public_values[1] == 3);
        CHECK(b->inputs[1].common_main->height == 4 && b->inputs[2].common_main->height == 8);
        CHECK(b->inputs[3].num_cached_mains == 1 && b->inputs[3].cached_mains[0].values[3] == 889);
        CHECK(b->inputs[11].common_main->width == 100);
        swirl_builtin_free(b);
    } else CHECK(0);
    if (swirl_builtin_scenario("fib", 4, 0, &b, NULL) == SWIRL_OK) {
        /* F(0) = 0, F(1) = 1: the last right value of 16 rows is F(16) = 987 */
        CHECK(b->inputs[0].public_values[2] == 987);
        swirl_builtin_free(b);
    } else CHECK(0);
    if (swirl_builtin_airs("keccakf", 1024, 1, &b, NULL) == SWIRL_OK) {
        CHECK_EQ_U64(b->max_log_height, 15);
        CHECK(b->inputs[0].common_main == NULL);
        swirl_builtin_free(b);
    } else CHECK(0);
    /* determinism and seed dependence */
    {
        swirl_builtin *x = NULL, *y = NULL, *z = NULL;
        CHECK(swirl_builtin_scenario("partitioned_sum", 3, 9, &x, NULL) == SWIRL_OK);
        CHECK(swirl_builtin_scenario("partitioned_sum", 3, 9, &y, NULL) == SWIRL_OK);
        CHECK(swirl_builtin_scenario("partitioned_sum", 3, 10, &z, NULL) == SWIRL_OK);
        if (x && y && z) {
            CHECK(traces_equal(x, y));
            CHECK(!traces_equal(x, z));
        }
        swirl_builtin_free(x);
        swirl_builtin_free(y);
        swirl_builtin_free(z);
        CHECK(swirl_builtin_scenario("fib", 3, 1, &x, NULL) == SWIRL_OK);
        CHECK(swirl_builtin_scenario("fib", 3, 2, &y, NULL) == SWIRL_OK);
        if (x && y) CHECK(!traces_equal(x, y));
        swirl_builtin_free(x);
        swirl_builtin_free(y);
    }

    /* every scenario, honest and tampered, at several sizes */
    static const struct { const char *name; size_t size; uint64_t seed; int samples; } cases[] = {
        {"keccakf", 1, 0, 120},      {"keccakf", 3, 4, 250},
        {"fib", 0, 0, 20},           {"fib", 1, 0, 20},           {"fib", 5, 3, 60},
        {"fib_selector", 0, 0, 20},  {"fib_selector", 1, 0, 20},  {"fib_selector", 4, 0, 60}, {"fib_selector", 4, 7, 60},
        {"interactions", 0, 0, 60},  {"interactions", 3, 2, 60},
        {"cached", 0, 0, 60},        {"cached", 2, 2, 60},
        {"self_interaction", 0, 0, 0}, {"self_interaction", 1, 0, 80}, {"self_interaction", 3, 0, 120},
        {"preprocessed_cached", 0, 0, 20}, {"preprocessed_cached", 3, 0, 60}, {"preprocessed_cached", 3, 5, 60},
        {"partitioned_sum", 0, 0, 20}, {"partitioned_sum", 3, 0, 60},
        {"mixture", 0, 0, 150},      {"mixture", 1, 0, 150},      {"mixture", 2, 0, 150},
        {"mixture", 3, 0, 200},      {"mixture", 4, 11, 200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_scenario(cases[i].name, cases[i].size, cases[i].seed, cases[i].samples);
    for (size_t i = 0; i < n; i++) {
        /* every name builds at a small size */
        size_t size = 2;
        CHECK_MSG(swirl_builtin_scenario(names[i], size, 0, &b, NULL) == SWIRL_OK, "%s", names[i]);
        swirl_builtin_free(b);
        b = NULL;
        check_keys_only(names[i], size, 3);
    }
    check_bus("interactions", 0);
    check_bus("interactions", 3);
    check_bus("cached", 0);
    check_bus("cached", 2);
    return t_summary("test_builtin");
}
