/* inputs.c — proving any AIR from files: public values ("AIR:V0,V1,..." on the command line or
 * in a file), prove --pk with .npy traces, and export-traces (a built-in scenario's inputs
 * written in that format). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "swirl_scenarios.h"

/* ---- public values ------------------------------------------------------------------------ */

void cli_public_free(cli_public_set *set) {
    if (!set) return;
    for (size_t a = 0; set->values && a < set->num_airs; a++) free(set->values[a]);
    free(set->values);
    free(set->given);
    free(set->counts);
    memset(set, 0, sizeof *set);
}

/* Strict decimal of at most 19 digits (no sign, no blanks) in [s, e); 0 when malformed. */
static int dec_span(const char *s, const char *e, uint64_t *out) {
    if (s == e || e - s > 19) return 0;
    uint64_t v = 0;
    for (const char *p = s; p < e; p++) {
        if (*p < '0' || *p > '9') return 0;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *out = v;
    return 1;
}

/* One entry "AIR:V0,V1,..." ([s, e), `where` names it in messages) into set. */
static int public_entry(const char *opt, const char *where, const char *s, const char *e, cli_public_set *set) {
    const char *colon = memchr(s, ':', (size_t)(e - s));
    uint64_t air = 0;
    if (!colon || !dec_span(s, colon, &air))
        return cli_err("swirl: %s: '%.*s' is not AIR:V0,V1,... (AIR a decimal index)\n", where, (int)(e - s), s), CLI_USAGE;
    if (air >= set->num_airs)
        return cli_err("swirl: %s: AIR %llu out of range: the key has %zu AIR%s (0..%zu)\n", where, (unsigned long long)air,
                       set->num_airs, set->num_airs == 1 ? "" : "s", set->num_airs - 1), CLI_USAGE;
    if (set->given[air]) return cli_err("swirl: %s: AIR %llu given twice (%s)\n", where, (unsigned long long)air, opt), CLI_USAGE;
    size_t n = 0;
    const char *p = colon + 1;
    if (p < e)
        for (const char *q = p; q <= e; q++) n += (q == e || *q == ',');
    uint32_t *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        const char *q = p;
        while (q < e && *q != ',') q++;
        uint64_t x = 0;
        if (!dec_span(p, q, &x)) {
            free(v);
            return cli_err("swirl: %s: AIR %llu value %zu '%.*s' is not a decimal number\n", where, (unsigned long long)air, i,
                           (int)(q - p), p), CLI_USAGE;
        }
        if (x >= SWIRL_P) {
            free(v);
            return cli_err("swirl: %s: AIR %llu value %zu is %llu, not a field element (not below p = %lu)\n", where,
                           (unsigned long long)air, i, (unsigned long long)x, (unsigned long)SWIRL_P), CLI_USAGE;
        }
        v[i] = (uint32_t)x;
        p = q + 1;
    }
    set->given[air] = 1;
    set->values[air] = v;
    set->counts[air] = n;
    return CLI_OK;
}

/* Every line of a public-values file: blank lines and '#' comments skipped, blanks trimmed. */
static int public_file(const char *opt, const char *path, cli_public_set *set) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    int code = cli_read_file(path, &bytes, &len);
    if (code) return code;
    if (memchr(bytes, 0, len)) {
        free(bytes);
        return cli_err("swirl: %s: not a text file (NUL byte)\n", path), CLI_USAGE;
    }
    const char *s = (const char *)bytes, *end = s + len;
    for (size_t line = 1; s < end && !code; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *a = s, *b = e;
        while (a < b && (*a == ' ' || *a == '\t' || *a == '\r')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
        if (a < b && *a != '#') {
            char where[64];
            snprintf(where, sizeof where, "%.40s line %zu", path, line);
            code = public_entry(opt, where, a, b, set);
        }
        s = nl ? nl + 1 : end;
    }
    free(bytes);
    return code;
}

int cli_public_collect(const char *opt, const cli_list *list, const char *file, size_t num_airs,
                       cli_public_set *set) {
    memset(set, 0, sizeof *set);
    set->num_airs = num_airs;
    set->given = calloc(num_airs ? num_airs : 1, sizeof *set->given);
    set->values = calloc(num_airs ? num_airs : 1, sizeof *set->values);
    set->counts = calloc(num_airs ? num_airs : 1, sizeof *set->counts);
    if (!set->given || !set->values || !set->counts) {
        cli_public_free(set);
        return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    }
    int code = CLI_OK;
    for (size_t i = 0; i < list->n && !code; i++) {
        const char *v = list->items[i];
        code = public_entry(opt, opt, v, v + strlen(v), set);
    }
    if (!code && file) code = public_file(opt, file, set);
    if (code) cli_public_free(set);
    return code;
}

/* ---- prove --pk ----------------------------------------------------------------------------- */

/* "AIR:FILE" (or "AIR:PART:FILE" when with_part) with AIR < num_airs. */
static int trace_spec(const char *opt, const char *spec, int with_part, size_t num_airs, size_t *air, size_t *part,
                      const char **path) {
    const char *c1 = strchr(spec, ':');
    const char *c2 = c1 && with_part ? strchr(c1 + 1, ':') : NULL;
    uint64_t a = 0, p = 0;
    const char *file = with_part ? (c2 ? c2 + 1 : NULL) : (c1 ? c1 + 1 : NULL);
    if (!c1 || !dec_span(spec, c1, &a) || (with_part && (!c2 || !dec_span(c1 + 1, c2, &p))) || !file || !*file)
        return cli_err("swirl prove: %s '%s' is not %s\n", opt, spec, with_part ? "AIR:PART:FILE" : "AIR:FILE"), CLI_USAGE;
    if (a >= num_airs)
        return cli_err("swirl prove: %s '%s': AIR %llu out of range: the key has %zu AIR%s\n", opt, spec, (unsigned long long)a,
                       num_airs, num_airs == 1 ? "" : "s"), CLI_USAGE;
    *air = (size_t)a;
    *part = (size_t)p;
    *path = file;
    return CLI_OK;
}

/* Everything prove --pk holds; released by files_free. */
typedef struct files {
    swirl_ctx *ctx;
    swirl_pk *pk;
    size_t n;
    swirl_air_info *info;
    swirl_trace *common;   /* n */
    swirl_trace **cached;  /* n arrays of info[a].num_cached_mains */
    swirl_air_inputs *in;  /* n */
    cli_public_set pub;
} files;

static void files_free(files *f) {
    for (size_t a = 0; a < f->n; a++) {
        if (f->common) swirl_trace_free(&f->common[a]);
        if (f->cached && f->cached[a]) {
            for (size_t c = 0; c < f->info[a].num_cached_mains; c++) swirl_trace_free(&f->cached[a][c]);
            free(f->cached[a]);
        }
    }
    free(f->common);
    free(f->cached);
    free(f->in);
    free(f->info);
    cli_public_free(&f->pub);
    swirl_pk_free(f->pk);
    swirl_ctx_free(f->ctx);
    memset(f, 0, sizeof *f);
}

/* The key, from the --pk file. */
static int load_pk(const cli_opts *o, files *f) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    double t0 = cli_now();
    cli_stage_begin("read proving key");
    int code = cli_read_file(o->pk, &bytes, &len);
    if (code) return code;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_pk_decode(f->ctx, bytes, len, &f->pk, &e);
    free(bytes);
    if (rc) return cli_fail(rc == SWIRL_ERR_DECODE ? "malformed proving key" : "cannot load the proving key", rc, &e);
    cli_stage_end("read proving key", cli_now() - t0);
    f->n = swirl_vk_num_airs(swirl_pk_vk(f->pk));
    uint32_t pre_hash[8];
    char hex[65];
    swirl_vk_pre_hash(swirl_pk_vk(f->pk), pre_hash);
    cli_digest_hex(pre_hash, hex);
    cli_note("proving key %s: %zu AIR%s, pre-hash %s (verify --expect-vk-hash pins it)", o->pk, f->n, f->n == 1 ? "" : "s", hex);
    size_t n = f->n ? f->n : 1;
    f->info = calloc(n, sizeof *f->info);
    f->common = calloc(n, sizeof *f->common);
    f->cached = calloc(n, sizeof *f->cached);
    f->in = calloc(n, sizeof *f->in);
    if (!f->info || !f->common || !f->cached || !f->in) return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    for (size_t a = 0; a < f->n; a++) {
        if (swirl_vk_air_info(swirl_pk_vk(f->pk), a, &f->info[a])) return cli_err("swirl: cannot read AIR %zu of the key\n", a), CLI_INTERNAL;
        f->cached[a] = calloc(f->info[a].num_cached_mains + 1, sizeof **f->cached);
        if (!f->cached[a]) return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    }
    return CLI_OK;
}

static int load_one(const char *spec_opt, const char *spec, const char *path, size_t expect_width, const char *what,
                    size_t air, swirl_trace *t) {
    if (t->values) return cli_err("swirl prove: %s '%s': the %s of AIR %zu is given twice\n", spec_opt, spec, what, air), CLI_USAGE;
    int code = cli_npy_load(path, t);
    if (code) return code;
    if (t->width != expect_width)
        return cli_err("swirl prove: %s: %zu columns, but the %s of AIR %zu has %zu in the key\n", path, t->width, what, air,
                       expect_width), CLI_USAGE;
    return CLI_OK;
}

/* The traces of --trace and --cached, checked against the key's widths. */
static int load_traces(const cli_opts *o, files *f) {
    double t0 = cli_now();
    cli_stage_begin("read traces");
    for (size_t i = 0; i < o->traces.n; i++) {
        size_t a, p;
        const char *path;
        int code = trace_spec("--trace", o->traces.items[i], 0, f->n, &a, &p, &path);
        if (code) return code;
        if (f->info[a].common_main_width == 0)
            return cli_err("swirl prove: --trace '%s': AIR %zu has no common main columns (give its cached parts with --cached)\n",
                           o->traces.items[i], a), CLI_USAGE;
        if ((code = load_one("--trace", o->traces.items[i], path, f->info[a].common_main_width, "common main", a, &f->common[a]))) return code;
    }
    for (size_t i = 0; i < o->cached.n; i++) {
        size_t a, p;
        const char *path;
        int code = trace_spec("--cached", o->cached.items[i], 1, f->n, &a, &p, &path);
        if (code) return code;
        if (p >= f->info[a].num_cached_mains)
            return cli_err("swirl prove: --cached '%s': AIR %zu has %zu cached part%s\n", o->cached.items[i], a,
                           f->info[a].num_cached_mains, f->info[a].num_cached_mains == 1 ? "" : "s"), CLI_USAGE;
        char what[48];
        snprintf(what, sizeof what, "cached part %zu", p);
        if ((code = load_one("--cached", o->cached.items[i], path, f->info[a].cached_main_widths[p], what, a, &f->cached[a][p]))) return code;
    }
    cli_stage_end("read traces", cli_now() - t0);
    return CLI_OK;
}

/* Presence, completeness, equal heights and public-value counts per AIR; fills f->in. */
static int assemble(files *f) {
    size_t present = 0;
    for (size_t a = 0; a < f->n; a++) {
        const swirl_air_info *ai = &f->info[a];
        size_t given = f->common[a].values ? 1 : 0, height = f->common[a].height;
        for (size_t c = 0; c < ai->num_cached_mains; c++)
            if (f->cached[a][c].values) {
                if (given && f->cached[a][c].height != height)
                    return cli_err("swirl prove: AIR %zu: cached part %zu has %zu rows, its other parts %zu (all parts of an AIR have one height)\n",
                                   a, c, f->cached[a][c].height, height), CLI_USAGE;
                height = f->cached[a][c].height;
                given++;
            }
        if (given == 0) {
            if (ai->is_required) return cli_err("swirl prove: AIR %zu is required: give its trace (--trace %zu:FILE)\n", a, a), CLI_USAGE;
            if (f->pub.given[a])
                return cli_err("swirl prove: AIR %zu has public values but no trace (an absent AIR has none)\n", a), CLI_USAGE;
            continue;
        }
        if (ai->common_main_width && !f->common[a].values)
            return cli_err("swirl prove: AIR %zu: the common main trace is missing (--trace %zu:FILE)\n", a, a), CLI_USAGE;
        for (size_t c = 0; c < ai->num_cached_mains; c++)
            if (!f->cached[a][c].values)
                return cli_err("swirl prove: AIR %zu: cached part %zu is missing (--cached %zu:%zu:FILE)\n", a, c, a, c), CLI_USAGE;
        size_t npv = f->pub.given[a] ? f->pub.counts[a] : 0;
        if (npv != ai->num_public_values)
            return cli_err("swirl prove: AIR %zu takes %zu public value%s, %zu given (--public %zu:V0,V1,...)\n", a,
                           ai->num_public_values, ai->num_public_values == 1 ? "" : "s", npv, a), CLI_USAGE;
        f->in[a].common_main = f->common[a].values ? &f->common[a] : NULL;
        f->in[a].cached_mains = ai->num_cached_mains ? f->cached[a] : NULL;
        f->in[a].num_cached_mains = ai->num_cached_mains;
        f->in[a].public_values = npv ? f->pub.values[a] : NULL;
        f->in[a].num_public_values = npv;
        present++;
    }
    if (!present) return cli_err("swirl prove: no AIR is present: give at least one --trace or --cached\n"), CLI_USAGE;
    return CLI_OK;
}

int cli_prove_from_files(const cli_opts *o) {
    if (cli_check_writable(o->out)) return CLI_USAGE;
    files f;
    memset(&f, 0, sizeof f);
    uint8_t *proof = NULL;
    size_t len = 0;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int code = cli_ctx_create(o, &f.ctx);
    if (!code) code = load_pk(o, &f);
    if (!code) code = cli_public_collect(o->public_file ? "--public-file" : "--public", &o->publics, o->public_file, f.n, &f.pub);
    if (!code) code = load_traces(o, &f);
    if (!code) code = assemble(&f);
    if (code) goto out;
    size_t present = 0;
    for (size_t a = 0; a < f.n; a++) present += f.in[a].common_main || f.in[a].num_cached_mains;
    cli_note("proving %zu of %zu AIR%s from files on %s with %u thread%s", present, f.n, f.n == 1 ? "" : "s", swirl_ctx_backend_name(f.ctx),
             cli_effective_threads(o->threads), cli_effective_threads(o->threads) == 1 ? "" : "s");
    cli_progress_attach(f.ctx);
    int rc = swirl_prove(f.ctx, f.pk, f.in, f.n, &proof, &len, &e);
    if (rc) {
        code = cli_fail("prove failed", rc, &e);
        goto out;
    }
    double t0 = cli_now();
    cli_stage_begin("verify");
    rc = swirl_verify(swirl_pk_vk(f.pk), proof, len, &e);
    if (rc) {
        cli_fail("the fresh proof does not verify", rc, &e);
        code = CLI_INTERNAL;
        goto out;
    }
    cli_stage_end("verify", cli_now() - t0);
    if ((code = cli_write_file(o->out, proof, len))) goto out;
    cli_note("wrote %s: proof %zu bytes", o->out, len);
out:
    swirl_bytes_free(proof);
    files_free(&f);
    return code;
}

/* ---- export-traces -------------------------------------------------------------------------- */

static int write_npy(const char *dir, const char *name, const swirl_trace *t) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    if (cli_npy_encode(t, &bytes, &len)) return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    int code = CLI_INTERNAL;
    if (path) {
        snprintf(path, n, "%s/%s", dir, name);
        code = cli_write_file(path, bytes, len);
        if (!code) printf("%s\n", path);
        free(path);
    } else {
        cli_err("swirl: out of memory\n");
    }
    free(bytes);
    return code;
}

/* DIR/public.txt: one "AIR:V0,V1,..." line per present AIR (the --public-file format). */
static int write_publics(const char *dir, const swirl_builtin *b) {
    size_t cap = 64, len = 0;
    char *text = malloc(cap);
    int code = CLI_OK;
    for (size_t a = 0; text && a < b->num_airs; a++) {
        const swirl_air_inputs *in = &b->inputs[a];
        if (!in->common_main && !in->num_cached_mains) continue;
        for (size_t i = 0; text && i <= in->num_public_values; i++) {
            if (cap - len < 32) {
                char *t = cap < SIZE_MAX / 2 ? realloc(text, cap * 2) : NULL;
                if (!t) {
                    free(text);
                    text = NULL;
                    break;
                }
                text = t;
                cap *= 2;
            }
            if (i == 0) len += (size_t)snprintf(text + len, cap - len, "%zu:", a);
            if (i < in->num_public_values)
                len += (size_t)snprintf(text + len, cap - len, "%s%lu", i ? "," : "", (unsigned long)in->public_values[i]);
            else
                len += (size_t)snprintf(text + len, cap - len, "\n");
        }
    }
    if (!text) return cli_err("swirl: out of memory\n"), CLI_INTERNAL;
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (!path) code = CLI_INTERNAL;
    else {
        snprintf(path, n, "%s/public.txt", dir);
        code = cli_write_file(path, (const uint8_t *)text, len);
        if (!code) printf("%s\n", path);
        free(path);
    }
    free(text);
    return code;
}

int cmd_export_traces(const cli_opts *o) {
    if (!o->out) return cli_err("swirl export-traces: -o DIR is required\n"), CLI_USAGE;
    struct stat st;
    if (stat(o->out, &st) != 0) {
        if (errno != ENOENT || mkdir(o->out, 0777) != 0)
            return cli_err("swirl export-traces: cannot create directory %s: %s\n", o->out, strerror(errno)), CLI_USAGE;
    } else if (!S_ISDIR(st.st_mode)) {
        return cli_err("swirl export-traces: %s exists and is not a directory\n", o->out), CLI_USAGE;
    }
    cli_setup setup;
    int code = cli_resolve(o, &setup);
    if (code) return code;
    swirl_builtin *b = NULL;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_builtin_scenario(setup.name, setup.size, o->seed, &b, &e);
    if (rc) return cli_fail("cannot build the scenario", rc, &e);
    for (size_t a = 0; a < b->num_airs && !code; a++) {
        const swirl_air_inputs *in = &b->inputs[a];
        char name[64];
        if (in->common_main && in->common_main->width) {
            snprintf(name, sizeof name, "air%zu.npy", a);
            code = write_npy(o->out, name, in->common_main);
        }
        for (size_t c = 0; c < in->num_cached_mains && !code; c++) {
            snprintf(name, sizeof name, "air%zu.cached%zu.npy", a, c);
            code = write_npy(o->out, name, &in->cached_mains[c]);
        }
    }
    if (!code) code = write_publics(o->out, b);
    swirl_builtin_free(b);
    if (fflush(stdout) != 0 && !code) code = CLI_USAGE;
    return code;
}
