/* main.c — the `swirl` command-line tool.
 *
 *   swirl --version | --help
 *   swirl keygen --air NAME [--size N] [--params app|test] -o vk.bin
 *   swirl prove  --air NAME [--size N] [--params app|test] [--seed S] -o proof.bin
 *   swirl verify (--vk vk.bin | --air NAME [--size N] [--params ...]) proof.bin
 *   swirl bench  --air NAME [--size N] [--params ...] [--runs R]
 * Built-in AIRs: keccakf (size = permutations, default 1024), fib (size = log2 height, default 10).
 * Exit codes: 0 success / valid, 1 proof rejected, 2 bad usage or malformed input, 3 internal or
 * device error. Progress goes to stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "swirl.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: swirl <command> [options]\n"
            "\n"
            "commands:\n"
            "  --version                       print the version and exit\n"
            "  --help                          print this help and exit\n"
            "  keygen --air NAME [--size N] [--params app|test] -o vk.bin\n"
            "  prove  --air NAME [--size N] [--params app|test] [--seed S] -o proof.bin\n"
            "  verify (--vk vk.bin | --air NAME [--size N] [--params app|test]) proof.bin\n"
            "  bench  --air NAME [--size N] [--params app|test] [--runs R]\n"
            "\n"
            "built-in AIRs: keccakf (size = number of permutations, default 1024; app preset),\n"
            "               fib (size = log2 trace height, default 10; test preset)\n"
            "exit codes: 0 success / valid proof, 1 proof rejected, 2 bad usage or malformed input,\n"
            "            3 internal or device error\n");
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
    const char *air, *params, *out, *vk, *proof;
    size_t size;
    int size_set;
    uint64_t seed;
    int runs;
} opts;

static int parse(int argc, char **argv, opts *o) {
    memset(o, 0, sizeof *o);
    o->runs = 1;
    o->seed = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--air") && v) { o->air = v; i++; }
        else if (!strcmp(a, "--size") && v) { o->size = (size_t)strtoull(v, NULL, 10); o->size_set = 1; i++; }
        else if (!strcmp(a, "--params") && v) { o->params = v; i++; }
        else if (!strcmp(a, "-o") && v) { o->out = v; i++; }
        else if (!strcmp(a, "--vk") && v) { o->vk = v; i++; }
        else if (!strcmp(a, "--seed") && v) { o->seed = strtoull(v, NULL, 10); i++; }
        else if (!strcmp(a, "--runs") && v) { o->runs = atoi(v); i++; }
        else if (!strcmp(a, "--backend") && v) { i++; } /* auto/cpu/cuda: the CPU backend runs every stage today */
        else if (a[0] != '-' && !o->proof) o->proof = a;
        else { fprintf(stderr, "swirl: unknown or incomplete option '%s'\n", a); return 2; }
    }
    if (o->runs < 1) o->runs = 1;
    return 0;
}

typedef struct {
    swirl_air *airs[2];
    size_t num_airs;
    swirl_trace trace;
    uint32_t pv[3];
    swirl_system_params params;
} scenario;

static void scenario_free(scenario *s) {
    for (size_t i = 0; i < s->num_airs; i++) swirl_air_free(s->airs[i]);
    swirl_trace_free(&s->trace);
}

/* builds the AIR, its trace and the parameters; returns 0 or an exit code */
static int scenario_build(const opts *o, int with_trace, scenario *s) {
    memset(s, 0, sizeof *s);
    if (!o->air) { fprintf(stderr, "swirl: --air is required\n"); return 2; }
    int app = o->params ? !strcmp(o->params, "app") : !strcmp(o->air, "keccakf");
    if (o->params && strcmp(o->params, "app") && strcmp(o->params, "test")) { fprintf(stderr, "swirl: --params must be app or test\n"); return 2; }
    if (!strcmp(o->air, "keccakf")) {
        size_t n = o->size_set ? o->size : 1024;
        if (n == 0 || n > (1u << 16)) { fprintf(stderr, "swirl: keccakf size must be 1..65536\n"); return 2; }
        s->airs[0] = swirl_keccakf_air();
        s->num_airs = 1;
        if (with_trace) {
            uint64_t (*in)[25] = malloc(n * sizeof *in);
            if (!in) return 3;
            swirl_keccakf_random_inputs(o->seed, n, in);
            int rc = swirl_keccakf_generate_trace((const uint64_t (*)[25])in, n, &s->trace);
            free(in);
            if (rc) return 3;
        }
    } else if (!strcmp(o->air, "fib")) {
        size_t h = o->size_set ? o->size : 10;
        if (h > 20) { fprintf(stderr, "swirl: fib size (log2 height) must be <= 20\n"); return 2; }
        s->airs[0] = swirl_fib_air();
        s->num_airs = 1;
        if (with_trace && swirl_fib_trace(0, 1, (unsigned)h, &s->trace, s->pv)) return 3;
    } else {
        fprintf(stderr, "swirl: unknown AIR '%s' (built-in: keccakf, fib)\n", o->air);
        return 2;
    }
    int rc = app ? swirl_params_app(21, &s->params) : swirl_params_default_test(&s->params);
    return rc ? 3 : 0;
}

static int write_file(const char *path, const uint8_t *b, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) { fprintf(stderr, "swirl: cannot write %s\n", path); return 2; }
    int ok = fwrite(b, 1, n, f) == n;
    ok &= fclose(f) == 0;
    if (!ok) { fprintf(stderr, "swirl: write error on %s\n", path); return 2; }
    return 0;
}

static int read_file(const char *path, uint8_t **b, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "swirl: cannot read %s\n", path); return 2; }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (len < 0) { fclose(f); return 2; }
    *b = malloc((size_t)len + 1);
    if (!*b || fread(*b, 1, (size_t)len, f) != (size_t)len) { fclose(f); free(*b); fprintf(stderr, "swirl: read error on %s\n", path); return 2; }
    fclose(f);
    *n = (size_t)len;
    return 0;
}

static int keygen(swirl_ctx *ctx, scenario *s, swirl_pk **pk, swirl_vk **vk) {
    swirl_error e = {0};
    int rc = swirl_keygen(ctx, &s->params, s->airs, s->num_airs, pk, vk, &e);
    if (rc) { fprintf(stderr, "swirl: keygen failed: %s\n", e.message); return rc == SWIRL_ERR_AIR ? 2 : 3; }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { usage(stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) { printf("swirl %s\n", swirl_version()); return 0; }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "help") || !strcmp(cmd, "-h")) { usage(stdout); return 0; }
    if (strcmp(cmd, "keygen") && strcmp(cmd, "prove") && strcmp(cmd, "verify") && strcmp(cmd, "bench")) {
        fprintf(stderr, "swirl: unknown command '%s'\n", cmd);
        usage(stderr);
        return 2;
    }
    opts o;
    if (parse(argc, argv, &o)) return 2;
    swirl_ctx *ctx = NULL;
    if (swirl_ctx_create(0, SWIRL_BACKEND_CPU, &ctx, NULL)) return 3;
    int code = 0;
    scenario s;
    memset(&s, 0, sizeof s);
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    uint8_t *bytes = NULL;
    size_t len = 0;
    if (!strcmp(cmd, "verify")) {
        if (!o.proof) { fprintf(stderr, "swirl: verify needs a proof file\n"); code = 2; goto out; }
        if (o.vk) {
            uint8_t *vb;
            size_t vl;
            if ((code = read_file(o.vk, &vb, &vl))) goto out;
            swirl_error e = {0};
            int rc = swirl_vk_decode(vb, vl, &vk, &e);
            free(vb);
            if (rc) { fprintf(stderr, "swirl: %s\n", e.message); code = 2; goto out; }
        } else {
            if ((code = scenario_build(&o, 0, &s)) || (code = keygen(ctx, &s, &pk, &vk))) goto out;
        }
        if ((code = read_file(o.proof, &bytes, &len))) goto out;
        swirl_error e = {0};
        int rc = swirl_verify(vk, bytes, len, &e);
        if (rc == SWIRL_OK) { printf("proof valid\n"); code = 0; }
        else if (rc == SWIRL_ERR_VERIFY) { printf("proof rejected: %s\n", e.message); code = 1; }
        else if (rc == SWIRL_ERR_DECODE) { fprintf(stderr, "swirl: malformed proof: %s\n", e.message); code = 2; }
        else { fprintf(stderr, "swirl: %s\n", e.message); code = 3; }
        goto out;
    }
    if ((code = scenario_build(&o, strcmp(cmd, "keygen") != 0, &s))) goto out;
    double t0 = now_s();
    if ((code = keygen(ctx, &s, &pk, &vk))) goto out;
    double tk = now_s() - t0;
    if (!strcmp(cmd, "keygen")) {
        if (!o.out) { fprintf(stderr, "swirl: keygen needs -o vk.bin\n"); code = 2; goto out; }
        if (swirl_vk_encode(vk, &bytes, &len, NULL)) { code = 3; goto out; }
        code = write_file(o.out, bytes, len);
        if (!code) printf("wrote %s (%zu bytes)\n", o.out, len);
        goto out;
    }
    swirl_air_inputs in = {&s.trace, NULL, 0, s.pv, strcmp(o.air, "fib") ? 0 : 3};
    double best_p = 1e30, best_v = 1e30;
    for (int run = 0; run < (strcmp(cmd, "bench") ? 1 : o.runs); run++) {
        fprintf(stderr, "swirl: proving %s (%zu x %zu trace)...\n", o.air, s.trace.height, s.trace.width);
        swirl_error e = {0};
        free(bytes);
        bytes = NULL;
        double a = now_s();
        int rc = swirl_prove(ctx, pk, &in, 1, &bytes, &len, &e);
        double tp = now_s() - a;
        if (rc) { fprintf(stderr, "swirl: prove failed: %s\n", e.message); code = rc == SWIRL_ERR_TRACE ? 2 : 3; goto out; }
        a = now_s();
        rc = swirl_verify(vk, bytes, len, &e);
        double tv = now_s() - a;
        if (rc) { fprintf(stderr, "swirl: the proof does not verify: %s\n", e.message); code = 1; goto out; }
        if (tp < best_p) best_p = tp;
        if (tv < best_v) best_v = tv;
    }
    if (!strcmp(cmd, "prove")) {
        if (!o.out) { fprintf(stderr, "swirl: prove needs -o proof.bin\n"); code = 2; goto out; }
        code = write_file(o.out, bytes, len);
        if (!code) printf("wrote %s (%zu bytes); proved in %.3f s, verified in %.3f s\n", o.out, len, best_p, best_v);
    } else {
        printf("== swirl bench: %s (trace %zu x %zu), CPU backend, best of %d run(s)\n", o.air, s.trace.height, s.trace.width, o.runs);
        printf("keygen          %9.3f s\n", tk);
        printf("prove (best)    %9.3f s\n", best_p);
        printf("verify (best)   %9.3f s\n", best_v);
        printf("proof size      %9zu bytes\n", len);
    }
out:
    free(bytes);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    scenario_free(&s);
    swirl_ctx_free(ctx);
    return code;
}
