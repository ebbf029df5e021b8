/* test_airs.c — every built-in test AIR: keygen, honest traces pass the debug checker, any
 * single sampled cell change is reported, and an unbalanced bus is reported. */
#include <string.h>
#include "field/babybear.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_system_params P;

typedef struct {
    swirl_air *airs[6];
    size_t n;
    swirl_trace common[6];
    swirl_trace cached[6][2];
    uint32_t pv[6][3];
    swirl_air_inputs in[6];
    swirl_pk *pk;
} scen;

static int keygen(scen *s) {
    swirl_error e = {0};
    int rc = swirl_keygen(NULL, &P, s->airs, s->n, &s->pk, NULL, &e);
    CHECK_MSG(rc == SWIRL_OK, "keygen: %s", e.message);
    return rc;
}

static void free_scen(scen *s) {
    for (size_t i = 0; i < s->n; i++) {
        swirl_air_free(s->airs[i]);
        swirl_trace_free(&s->common[i]);
        swirl_trace_free(&s->cached[i][0]);
        swirl_trace_free(&s->cached[i][1]);
    }
    swirl_pk_free(s->pk);
}

/* honest passes; each sampled single-cell change of every trace is reported */
static void check_scenario(const char *name, scen *s, int samples) {
    swirl_check_report rep;
    swirl_error e = {0};
    int rc = swirl_debug_check(s->pk, s->in, s->n, &rep, &e);
    CHECK_MSG(rc == SWIRL_OK, "%s honest: %s", name, e.message);
    size_t missed = 0, tried = 0;
    for (size_t a = 0; a < s->n; a++) {
        swirl_trace *ts[3] = {&s->common[a], &s->cached[a][0], &s->cached[a][1]};
        for (int k = 0; k < 3; k++) {
            swirl_trace *t = ts[k];
            if (!t->values || !t->width) continue;
            for (int i = 0; i < samples; i++) {
                size_t cell = (size_t)(t_rand64() % (t->height * t->width));
                uint32_t save = t->values[cell];
                t->values[cell] = bb_add(save, 1 + (uint32_t)(t_rand64() % 1000));
                tried++;
                if (swirl_debug_check(s->pk, s->in, s->n, &rep, &e) != SWIRL_ERR_TRACE || rep.kind == SWIRL_CHECK_OK) missed++;
                t->values[cell] = save;
            }
        }
    }
    CHECK_MSG(missed == 0, "%s: %zu of %zu single-cell changes missed", name, missed, tried);
    CHECK(swirl_debug_check(s->pk, s->in, s->n, &rep, &e) == SWIRL_OK);
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    /* fib */
    {
        scen s;
        memset(&s, 0, sizeof s);
        s.n = 1;
        s.airs[0] = swirl_fib_air();
        CHECK(swirl_fib_trace(1, 1, 5, &s.common[0], s.pv[0]) == SWIRL_OK);
        s.in[0].common_main = &s.common[0]; s.in[0].public_values = s.pv[0]; s.in[0].num_public_values = 3;
        if (keygen(&s) == SWIRL_OK) check_scenario("fib", &s, 40);
        free_scen(&s);
    }
    /* fib_selector with its bus-0 key, fed by a dummy sender of the looked-up keys */
    {
        scen s;
        memset(&s, 0, sizeof s);
        s.n = 2;
        uint8_t sels[16];
        for (int i = 0; i < 16; i++) sels[i] = i % 2 == 0;
        s.airs[0] = swirl_fib_selector_air(sels, 16, 1);
        s.airs[1] = swirl_dummy_interaction_air(1, 1, 0, 0, 1);
        CHECK(swirl_fib_selector_trace(0, 1, sels, 16, &s.common[0], s.pv[0]) == SWIRL_OK);
        /* one lookup (count 1) per selected row: a zero-count row would carry no information */
        s.common[1].values = calloc(8 * 2, 4);
        s.common[1].height = 8; s.common[1].width = 2;
        for (int i = 0, k = 0; i < 16; i++) {
            if (!sels[i]) continue;
            s.common[1].values[2 * k] = 1;
            s.common[1].values[2 * k + 1] = bb_add(s.common[0].values[2 * i], s.common[0].values[2 * i + 1]);
            k++;
        }
        s.in[0].common_main = &s.common[0]; s.in[0].public_values = s.pv[0]; s.in[0].num_public_values = 3;
        s.in[1].common_main = &s.common[1];
        if (keygen(&s) == SWIRL_OK) {
            check_scenario("fib_selector+bus", &s, 30);
            swirl_check_report rep;
            s.common[1].values[1] = bb_add(s.common[1].values[1], 1); /* looked-up key that is not in the table */
            CHECK(swirl_debug_check(s.pk, s.in, 2, &rep, NULL) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS && rep.bus == 0);
        }
        free_scen(&s);
    }
    /* sender / receiver, plain and partitioned (cached fields) */
    for (int partition = 0; partition <= 1; partition++) {
        scen s;
        memset(&s, 0, sizeof s);
        s.n = 2;
        s.airs[0] = swirl_dummy_interaction_air(2, 1, 3, partition, 1);
        s.airs[1] = swirl_dummy_interaction_air(2, 0, 3, partition, 1);
        size_t h[2] = {8, 4};
        for (int a = 0; a < 2; a++) {
            swirl_trace *cm = &s.common[a], *ca = &s.cached[a][0];
            cm->height = h[a]; cm->width = partition ? 1 : 3; cm->values = calloc(h[a] * 3, 4);
            if (partition) { ca->height = h[a]; ca->width = 2; ca->values = calloc(h[a] * 2, 4); }
            for (size_t r = 0; r < h[a]; r++) {
                uint32_t cnt = a == 0 ? 1 : 2, f0 = 100 + (uint32_t)(r % 4), f1 = 7 * (uint32_t)(r % 4);
                if (partition) { cm->values[r] = cnt; ca->values[2 * r] = f0; ca->values[2 * r + 1] = f1; }
                else { cm->values[3 * r] = cnt; cm->values[3 * r + 1] = f0; cm->values[3 * r + 2] = f1; }
            }
            s.in[a].common_main = cm;
            if (partition) { s.in[a].cached_mains = ca; s.in[a].num_cached_mains = 1; }
        }
        if (keygen(&s) == SWIRL_OK) {
            check_scenario(partition ? "interactions (partitioned)" : "interactions", &s, 20);
            swirl_check_report rep;
            s.common[1].values[0] = 3; /* receiver count */
            CHECK(swirl_debug_check(s.pk, s.in, 2, &rep, NULL) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS && rep.bus == 3);
        }
        free_scen(&s);
    }
    /* self interaction, widths 4 and 7, heights 2^3 and 2^0 */
    for (int v = 0; v < 2; v++) {
        scen s;
        memset(&s, 0, sizeof s);
        s.n = 1;
        size_t w = v ? 7 : 4;
        s.airs[0] = swirl_self_interaction_air(w, 4);
        CHECK(swirl_self_interaction_trace(w, v ? 0 : 3, &s.common[0]) == SWIRL_OK);
        s.in[0].common_main = &s.common[0];
        if (keygen(&s) == SWIRL_OK) {
            swirl_air_info info;
            swirl_vk_air_info(swirl_pk_vk(s.pk), 0, &info);
            CHECK(info.num_interactions == 8 && info.need_rot);
            if (v == 0) check_scenario("self_interaction", &s, 25);
            else {
                swirl_check_report rep;
                CHECK(swirl_debug_check(s.pk, s.in, 1, &rep, NULL) == SWIRL_OK);
            }
        }
        free_scen(&s);
    }
    /* preprocessed + cached */
    {
        scen s;
        memset(&s, 0, sizeof s);
        s.n = 1;
        uint8_t sels[8] = {1, 0, 1, 1, 0, 0, 1, 0};
        s.airs[0] = swirl_preprocessed_cached_air(sels, 8, 2);
        CHECK(swirl_preprocessed_cached_traces(sels, 8, 2, &s.common[0], s.cached[0]) == SWIRL_OK);
        s.in[0].common_main = &s.common[0];
        s.in[0].cached_mains = s.cached[0];
        s.in[0].num_cached_mains = 2;
        if (keygen(&s) == SWIRL_OK) check_scenario("preprocessed_cached", &s, 8);
        free_scen(&s);
    }
    return t_summary("test_airs");
}
