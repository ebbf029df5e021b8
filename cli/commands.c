/* commands.c — keygen, prove, verify, inspect and bench of the `swirl` command-line tool.
 * Machine-readable output (JSON, the verify "valid" line, the bench table) goes to stdout;
 * progress, reports and errors go to stderr. Every path frees what it made. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "swirl_scenarios.h"

/* What a scenario command holds; released by keys_free. */
typedef struct keys {
    cli_setup setup;
    swirl_builtin *b;
    swirl_ctx *ctx;
    swirl_pk *pk;
    swirl_vk *vk;
    double keygen_s;
} keys;

static void keys_free(keys *k) {
    swirl_pk_free(k->pk);
    swirl_vk_free(k->vk);
    swirl_builtin_free(k->b);
    swirl_ctx_free(k->ctx);
    memset(k, 0, sizeof *k);
}

/* Resolves the scenario, builds it (with traces when with_traces), creates the context and runs
 * keygen. Returns an exit code; on failure k holds nothing. */
static int keys_make(const cli_opts *o, int with_traces, keys *k) {
    memset(k, 0, sizeof *k);
    int code = cli_resolve(o, &k->setup);
    if (code) return code;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = with_traces ? swirl_builtin_scenario(k->setup.name, k->setup.size, o->seed, &k->b, &e)
                         : swirl_builtin_airs(k->setup.name, k->setup.size, o->seed, &k->b, &e);
    if (rc) {
        code = cli_fail("cannot build the scenario", rc, &e);
        keys_free(k);
        return code;
    }
    if ((code = cli_ctx_create(o, &k->ctx))) {
        keys_free(k);
        return code;
    }
    double t0 = cli_now();
    cli_stage_begin("keygen");
    rc = swirl_keygen(k->ctx, &k->setup.params, k->b->airs, k->b->num_airs, &k->pk, &k->vk, &e);
    k->keygen_s = cli_now() - t0;
    if (rc == SWIRL_OK) cli_stage_end("keygen", k->keygen_s);
    if (rc) {
        cli_err("swirl: keygen of %s (size %zu, params %s) failed\n", k->setup.name, k->setup.size,
                k->setup.params_name);
        code = cli_fail("keygen", rc, &e);
        keys_free(k);
        return code;
    }
    return CLI_OK;
}

/* Flushes stdout; a failed write of the command's output is an unwritable-output error. */
static int finish_stdout(int code) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_err("swirl: cannot write to standard output\n");
        return code ? code : CLI_USAGE;
    }
    return code;
}

/* ---- keygen ------------------------------------------------------------------------------- */

int cmd_keygen(const cli_opts *o) {
    if (!o->out) {
        cli_err("swirl keygen: -o vk.bin is required\n");
        return CLI_USAGE;
    }
    if (o->pk_out && !strcmp(o->pk_out, o->out)) {
        cli_err("swirl keygen: -o and --pk-out name the same file '%s'\n", o->out);
        return CLI_USAGE;
    }
    if (cli_check_writable(o->out) || (o->pk_out && cli_check_writable(o->pk_out))) return CLI_USAGE;
    keys k;
    int code = keys_make(o, 0, &k);
    if (code) return code;
    uint8_t *bytes = NULL, *pk_bytes = NULL;
    size_t len = 0, pk_len = 0;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_vk_encode(k.vk, &bytes, &len, &e);
    if (rc) {
        code = cli_fail("cannot encode the verifying key", rc, &e);
        goto out;
    }
    if (o->pk_out && (rc = swirl_pk_encode(k.pk, &pk_bytes, &pk_len, &e))) {
        code = cli_fail("cannot encode the proving key", rc, &e);
        goto out;
    }
    /* the proving key first: a failure then leaves no verifying key without its proving key */
    if (o->pk_out && (code = cli_write_file(o->pk_out, pk_bytes, pk_len))) goto out;
    if ((code = cli_write_file(o->out, bytes, len))) goto out;
    if (o->pk_out) cli_note("wrote %s (proving key, %zu bytes)", o->pk_out, pk_len);

    size_t n = swirl_vk_num_airs(k.vk);
    if (n != k.b->num_airs) {
        cli_err("swirl: the key has %zu AIRs, the scenario %zu\n", n, k.b->num_airs);
        code = CLI_INTERNAL;
        goto out;
    }
    swirl_air_info *info = calloc(n ? n : 1, sizeof *info);
    if (!info) {
        cli_err("swirl: out of memory\n");
        code = CLI_INTERNAL;
        goto out;
    }
    for (size_t i = 0; i < n && !code; i++) {
        rc = swirl_vk_air_info(k.vk, i, &info[i]);
        if (rc) code = cli_fail("cannot read the key's AIR information", rc, NULL);
    }
    if (code) {
        free(info);
        goto out;
    }
    uint32_t pre_hash[8];
    swirl_vk_pre_hash(k.vk, pre_hash);
    size_t total_width = 0, total_constraints = 0, total_interactions = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = info[i].preprocessed_width + info[i].common_main_width;
        for (size_t c = 0; c < info[i].num_cached_mains; c++) w += info[i].cached_main_widths[c];
        total_width += w;
        total_constraints += info[i].num_constraints;
        total_interactions += info[i].num_interactions;
    }

    if (o->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj_begin(&j, NULL);
        json_str(&j, "scenario", k.setup.name);
        json_uint(&j, "size", k.setup.size);
        json_uint(&j, "seed", o->seed);
        json_str(&j, "params", k.setup.params_name);
        json_uint(&j, "num_airs", n);
        json_uint(&j, "vk_bytes", len);
        json_u32_list(&j, "vk_pre_hash", pre_hash, 8);
        char pre_hash_hex[65];
        cli_digest_hex(pre_hash, pre_hash_hex);
        json_str(&j, "vk_pre_hash_hex", pre_hash_hex);
        json_params(&j, "key_params", swirl_vk_params(k.vk));
        json_uint(&j, "num_height_constraints", swirl_vk_num_height_constraints(k.vk));
        json_uint(&j, "total_width", total_width);
        json_uint(&j, "total_constraints", total_constraints);
        json_uint(&j, "total_interactions", total_interactions);
        json_arr_begin(&j, "airs");
        for (size_t i = 0; i < n; i++) {
            const swirl_air_info *a = &info[i];
            size_t w = a->preprocessed_width + a->common_main_width;
            for (size_t c = 0; c < a->num_cached_mains; c++) w += a->cached_main_widths[c];
            json_obj_begin(&j, NULL);
            json_uint(&j, "index", i);
            json_str(&j, "name", swirl_air_name(k.b->airs[i]));
            json_bool(&j, "has_preprocessed", a->has_preprocessed);
            json_uint(&j, "preprocessed_width", a->preprocessed_width);
            json_size_list(&j, "cached_widths", a->cached_main_widths, a->num_cached_mains);
            json_uint(&j, "common_width", a->common_main_width);
            json_uint(&j, "total_width", w);
            json_uint(&j, "public_values", a->num_public_values);
            json_uint(&j, "constraints", a->num_constraints);
            json_uint(&j, "interactions", a->num_interactions);
            json_uint(&j, "max_degree", a->max_degree);
            json_uint(&j, "dag_nodes", a->num_dag_nodes);
            json_bool(&j, "need_rot", a->need_rot);
            json_bool(&j, "required", a->is_required);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        json_obj_end(&j);
        json_finish(&j);
    } else if (!cli_progress_quiet()) {
        cli_err("swirl: wrote %s (%zu bytes): %s, size %zu, params %s, %zu AIR%s, keygen %.3f s\n", o->out, len,
                k.setup.name, k.setup.size, k.setup.params_name, n, n == 1 ? "" : "s", k.keygen_s);
        for (size_t i = 0; i < n; i++) {
            const swirl_air_info *a = &info[i];
            fprintf(stderr, "  %2zu %-28s prep %zu, cached [", i, swirl_air_name(k.b->airs[i]), a->preprocessed_width);
            for (size_t c = 0; c < a->num_cached_mains; c++) fprintf(stderr, "%s%zu", c ? " " : "", a->cached_main_widths[c]);
            fprintf(stderr, "], common %zu; %zu constraints, %zu interactions, degree %u, %zu DAG nodes%s\n",
                    a->common_main_width, a->num_constraints, a->num_interactions, a->max_degree, a->num_dag_nodes,
                    a->is_required ? ", required" : "");
        }
    }
    free(info);
    code = finish_stdout(code);
out:
    swirl_bytes_free(bytes);
    swirl_bytes_free(pk_bytes);
    keys_free(&k);
    return code;
}

/* ---- prove -------------------------------------------------------------------------------- */

static void print_spans(FILE *f, const swirl_span *sp, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned d = sp[i].depth > 8 ? 8 : sp[i].depth;
        int pad = 44 - 2 * (int)d;
        fprintf(f, "  %*s%-*s %12.3f ms\n", 2 * (int)d, "", pad, sp[i].name ? sp[i].name : "?", sp[i].seconds * 1e3);
    }
}

int cmd_prove(const cli_opts *o) {
    if (!o->out) {
        cli_err("swirl prove: -o proof.bin is required\n");
        return CLI_USAGE;
    }
    if (o->pk) return cli_prove_from_files(o);
    if (cli_check_writable(o->out)) return CLI_USAGE;
    keys k;
    int code = keys_make(o, 1, &k);
    if (code) return code;
    uint8_t *proof = NULL;
    size_t len = 0;
    swirl_error e;
    memset(&e, 0, sizeof e);
    cli_note("proving %s (%zu) on %s with %u thread%s", k.setup.name, k.setup.size, swirl_ctx_backend_name(k.ctx),
             cli_effective_threads(o->threads), cli_effective_threads(o->threads) == 1 ? "" : "s");
    cli_progress_attach(k.ctx);
    double t0 = cli_now();
    int rc = swirl_prove(k.ctx, k.pk, k.b->inputs, k.b->num_airs, &proof, &len, &e);
    double tp = cli_now() - t0;
    if (rc) {
        code = cli_fail("prove failed", rc, &e);
        goto out;
    }
    cli_note("proved in %.3f s", tp);
    swirl_span spans[SWIRL_MAX_SPANS];
    size_t ns = swirl_ctx_spans(k.ctx, spans, SWIRL_MAX_SPANS);
    if (ns > SWIRL_MAX_SPANS) ns = SWIRL_MAX_SPANS;
    if (ns && !cli_progress_quiet()) {
        cli_err("swirl: spans\n");
        print_spans(stderr, spans, ns);
    }
    t0 = cli_now();
    cli_stage_begin("verify");
    rc = swirl_verify(k.vk, proof, len, &e);
    double tv = cli_now() - t0;
    if (rc) {
        cli_fail("the fresh proof does not verify", rc, &e);
        code = CLI_INTERNAL;
        goto out;
    }
    cli_stage_end("verify", tv);
    if ((code = cli_write_file(o->out, proof, len))) goto out;
    cli_note("wrote %s: proof %zu bytes (verified in %.3f ms)", o->out, len, tv * 1e3);
out:
    swirl_bytes_free(proof);
    keys_free(&k);
    return code;
}

/* ---- verify ------------------------------------------------------------------------------- */

/* Reads and decodes a verifying-key file; returns an exit code (messages printed). */
static int load_vk(const char *path, swirl_vk **vk) {
    uint8_t *vb = NULL;
    size_t vl = 0;
    *vk = NULL;
    int code = cli_read_file(path, &vb, &vl);
    if (code) return code;
    swirl_error e;
    memset(&e, 0, sizeof e);
    int rc = swirl_vk_decode(vb, vl, vk, &e);
    free(vb);
    if (rc) return cli_fail(rc == SWIRL_ERR_DECODE ? "malformed verifying key" : "cannot load the verifying key", rc, &e);
    return CLI_OK;
}

/* verify's two key lines (stderr: stdout stays machine-readable): the parameters with the
 * key's soundness, and the pre-hash (not with --quiet). Returns the soundness in bits (-1: not
 * computable). */
static double print_key_lines(const swirl_vk *vk) {
    uint32_t pre_hash[8];
    char hex[65];
    double bits = -1.0;
    if (swirl_vk_security_bits(vk, &bits, NULL) != SWIRL_OK) bits = -1.0;
    if (cli_progress_quiet()) return bits;
    swirl_vk_pre_hash(vk, pre_hash);
    cli_digest_hex(pre_hash, hex);
    cli_err("swirl: key parameters: ");
    cli_print_params(stderr, swirl_vk_params(vk));
    if (bits >= 0) fprintf(stderr, "; soundness %.1f bits", bits);
    fprintf(stderr, "\nswirl: key pre-hash:   %s\n", hex);
    return bits;
}

static void print_u32_list(FILE *f, const uint32_t *v, size_t n) {
    fputc('[', f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%lu", i ? ", " : "", (unsigned long)v[i]);
    fputc(']', f);
}

/* The statement as text: a summary line, then one line per AIR (`indent` before each). */
static void print_statement(FILE *f, const swirl_statement *st, const char *indent) {
    fprintf(f, "%sstatement: %zu of %zu AIR%s present\n", indent, st->num_present, st->num_airs, st->num_airs == 1 ? "" : "s");
    for (size_t a = 0; a < st->num_airs; a++) {
        const swirl_statement_air *s = &st->airs[a];
        if (!s->present) {
            fprintf(f, "%s  AIR %zu: absent\n", indent, a);
            continue;
        }
        fprintf(f, "%s  AIR %zu: log height %u, public values ", indent, a, s->log_height);
        print_u32_list(f, s->public_values, s->num_public_values);
        fputc('\n', f);
    }
}

/* Binds the statement to --expect-public / --expect-public-file: CLI_OK, or CLI_MISMATCH with the
 * first difference named (AIR, index, both values). */
static int check_expected(const swirl_statement *st, const cli_public_set *want, const char *opt) {
    for (size_t a = 0; a < want->num_airs; a++) {
        if (!want->given[a]) continue;
        swirl_error e;
        memset(&e, 0, sizeof e);
        int rc = swirl_statement_expect_public(st, a, want->values[a], want->counts[a], NULL, &e);
        if (rc == SWIRL_ERR_VERIFY) {
            const char *what = e.message;
            if (!strncmp(what, "statement mismatch: ", 20)) what += 20;
            cli_err("swirl: statement mismatch (the proof is valid, its statement is not the expected one): %s (%s, detail %d)\n",
                    what, opt, e.detail);
            return CLI_MISMATCH;
        }
        if (rc) return cli_fail("cannot compare the statement", rc, &e);
    }
    return CLI_OK;
}

int cmd_verify(const cli_opts *o) {
    if (!o->file) {
        cli_err("swirl verify: a proof file is required\n");
        return CLI_USAGE;
    }
    if (!o->vk == !o->air) {
        cli_err("swirl verify: give exactly one of --vk vk.bin and --air NAME\n");
        return CLI_USAGE;
    }
    uint8_t *proof = NULL;
    size_t len = 0;
    keys k;
    memset(&k, 0, sizeof k);
    swirl_vk *vk = NULL; /* decoded from --vk */
    swirl_error e;
    memset(&e, 0, sizeof e);
    cli_public_set want;
    memset(&want, 0, sizeof want);
    swirl_statement st;
    memset(&st, 0, sizeof st);
    const char *want_opt = o->expect_public_file ? "--expect-public-file" : "--expect-public";
    int code = cli_read_file(o->file, &proof, &len);
    if (code) return code;
    if (o->vk) {
        if ((code = load_vk(o->vk, &vk))) goto out;
    } else if ((code = keys_make(o, 0, &k))) {
        goto out;
    }
    const swirl_vk *key = vk ? vk : k.vk;
    /* expected values are input: checked (ranges, AIR indices) before anything is verified */
    if ((o->expect_public.n || o->expect_public_file) &&
        (code = cli_public_collect(want_opt, &o->expect_public, o->expect_public_file, swirl_vk_num_airs(key), &want)))
        goto out;
    double bits = print_key_lines(key);
    if (o->min_security && bits < (double)o->min_security) {
        cli_err("swirl: key rejected: soundness %.1f bits, below the required %u\n", bits, o->min_security);
        code = CLI_REJECTED;
        goto out;
    }
    swirl_system_params expected;
    uint32_t expected_hash[8];
    /* both specs were checked by cli_parse */
    int pin_params = o->expect_params && cli_params_from_spec(o->expect_params, &expected);
    int pin_hash = o->expect_vk_hash && cli_parse_digest_hex(o->expect_vk_hash, expected_hash);
    double t0 = cli_now();
    cli_stage_begin("verify");
    int rc = swirl_verify_pinned(key, pin_params ? &expected : NULL, pin_hash ? expected_hash : NULL, proof, len, &e);
    if (rc == SWIRL_OK) cli_stage_end("verify", cli_now() - t0);
    if (rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH) {
        cli_err("swirl: expected parameters: ");
        cli_print_params(stderr, &expected);
        fputc('\n', stderr);
    } else if (rc == SWIRL_ERR_VERIFY && e.detail == SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH) {
        cli_err("swirl: expected pre-hash:  %s\n", o->expect_vk_hash);
    }
    if (rc == SWIRL_OK) {
        /* the proof is valid: what it states, then the binding to what was expected */
        rc = swirl_proof_statement(key, proof, len, &st, &e);
        if (rc) {
            code = cli_fail("cannot read the statement of a valid proof", rc, &e);
            if (code != CLI_INTERNAL) code = CLI_INTERNAL; /* the verifier accepted it: a bug if it does not decode */
            goto out;
        }
        if ((code = check_expected(&st, &want, want_opt))) goto out;
        printf("valid\n");
        print_statement(stdout, &st, "");
        code = finish_stdout(CLI_OK);
    } else if (rc == SWIRL_ERR_VERIFY) {
        cli_err("swirl: proof rejected: %s (detail %d)\n", e.message[0] ? e.message : "no message", e.detail);
        code = CLI_REJECTED;
    } else if (rc == SWIRL_ERR_DECODE) {
        cli_err("swirl: malformed proof: %s\n", e.message[0] ? e.message : "no message");
        code = CLI_USAGE;
    } else {
        code = cli_fail("verification failed", rc, &e);
    }
out:
    swirl_statement_free(&st);
    cli_public_free(&want);
    swirl_vk_free(vk);
    keys_free(&k);
    free(proof);
    return code;
}

/* ---- inspect ------------------------------------------------------------------------------ */

/* inspect's key part: parameters, pre-hash and size of the key (JSON: a "vk" object). */
static void inspect_key(const cli_opts *o, const swirl_vk *vk, cli_json *j) {
    uint32_t pre_hash[8];
    char hex[65];
    swirl_vk_pre_hash(vk, pre_hash);
    cli_digest_hex(pre_hash, hex);
    if (j) {
        json_obj_begin(j, "vk");
        json_str(j, "file", o->vk);
        json_uint(j, "num_airs", swirl_vk_num_airs(vk));
        json_str(j, "pre_hash_hex", hex);
        json_u32_list(j, "pre_hash", pre_hash, 8);
        json_params(j, "params", swirl_vk_params(vk));
        json_obj_end(j);
        return;
    }
    printf("key %s\n", o->vk);
    printf("  AIRs                 %zu\n", swirl_vk_num_airs(vk));
    printf("  parameters           ");
    cli_print_params(stdout, swirl_vk_params(vk));
    printf("\n  pre-hash             %s\n", hex);
}

int cmd_inspect(const cli_opts *o) {
    if (!o->file && !o->vk) {
        cli_err("swirl inspect: a proof file or --vk vk.bin is required\n");
        return CLI_USAGE;
    }
    swirl_vk *vk = NULL;
    int code = o->vk ? load_vk(o->vk, &vk) : CLI_OK;
    if (code) return code;
    if (!o->file) {
        cli_json j;
        if (o->json) {
            json_init(&j, stdout);
            json_obj_begin(&j, NULL);
        }
        inspect_key(o, vk, o->json ? &j : NULL);
        if (o->json) {
            json_obj_end(&j);
            json_finish(&j);
        }
        swirl_vk_free(vk);
        return finish_stdout(CLI_OK);
    }
    uint8_t *proof = NULL;
    size_t len = 0;
    code = cli_read_file(o->file, &proof, &len);
    if (code) {
        swirl_vk_free(vk);
        return code;
    }
    swirl_proof_summary s;
    memset(&s, 0, sizeof s);
    swirl_error e;
    memset(&e, 0, sizeof e);
    swirl_statement st;
    memset(&st, 0, sizeof st);
    int rc = swirl_proof_summarize(proof, len, &s, &e);
    if (rc == SWIRL_OK && (rc = swirl_proof_statement(NULL, proof, len, &st, &e)) != SWIRL_OK) swirl_proof_summary_free(&s);
    /* with a key: does the statement fit it (the verifier's first checks)? */
    swirl_error fit;
    memset(&fit, 0, sizeof fit);
    int fits = 1;
    if (rc == SWIRL_OK && vk) {
        swirl_statement with_key;
        int frc = swirl_proof_statement(vk, proof, len, &with_key, &fit);
        swirl_statement_free(&with_key);
        if (frc == SWIRL_ERR_OUT_OF_MEMORY) rc = frc, e = fit;
        fits = frc == SWIRL_OK;
    }
    free(proof);
    if (rc) {
        swirl_proof_summary_free(&s);
        swirl_statement_free(&st);
        swirl_vk_free(vk);
        if (rc == SWIRL_ERR_DECODE) {
            cli_err("swirl: malformed proof: %s\n", e.message[0] ? e.message : "no message");
            return CLI_USAGE;
        }
        return cli_fail("cannot summarise the proof", rc, &e);
    }
    if (o->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj_begin(&j, NULL);
        if (vk) inspect_key(o, vk, &j);
        json_str(&j, "file", o->file);
        json_uint(&j, "total_bytes", s.total_bytes);
        json_obj_begin(&j, "sections");
        json_uint(&j, "preamble_bytes", s.preamble_bytes);
        json_uint(&j, "gkr_bytes", s.gkr_bytes);
        json_uint(&j, "constraint_bytes", s.constraint_bytes);
        json_uint(&j, "stacking_bytes", s.stacking_bytes);
        json_uint(&j, "whir_bytes", s.whir_bytes);
        json_obj_end(&j);
        json_uint(&j, "num_airs", s.num_airs);
        json_uint(&j, "num_present", s.num_present);
        json_arr_begin(&j, "airs");
        for (size_t i = 0; s.airs && i < s.num_airs; i++) {
            json_obj_begin(&j, NULL);
            json_uint(&j, "index", i);
            json_bool(&j, "present", s.airs[i].present);
            json_uint(&j, "log_height", s.airs[i].log_height);
            json_uint(&j, "num_cached_mains", s.airs[i].num_cached_mains);
            json_uint(&j, "num_public_values", s.airs[i].num_public_values);
            if (i < st.num_airs) json_u32_list(&j, "public_values", st.airs[i].public_values, st.airs[i].num_public_values);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        if (vk) {
            json_bool(&j, "fits_key", fits);
            if (!fits) json_str(&j, "fits_key_reason", fit.message);
        }
        json_u32_list(&j, "common_main_commit", s.common_main_commit, 8);
        json_uint(&j, "logup_pow_witness", s.logup_pow_witness);
        json_uint(&j, "gkr_layers", s.gkr_layers);
        json_uint(&j, "constraint_rounds", s.constraint_rounds);
        json_uint(&j, "num_column_openings", s.num_column_openings);
        json_uint(&j, "stacking_rounds", s.stacking_rounds);
        json_uint(&j, "num_commitments", s.num_commitments);
        json_uint(&j, "whir_rounds", s.whir_rounds);
        json_uint(&j, "whir_sumcheck_rounds", s.whir_sumcheck_rounds);
        json_uint(&j, "whir_queries", s.whir_queries);
        json_uint(&j, "whir_final_poly_len", s.whir_final_poly_len);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        if (vk) inspect_key(o, vk, NULL);
        printf("proof %s\n", o->file);
        printf("  total bytes          %zu\n", s.total_bytes);
        printf("  sections             preamble %zu, gkr %zu, constraints %zu, stacking %zu, whir %zu\n",
               s.preamble_bytes, s.gkr_bytes, s.constraint_bytes, s.stacking_bytes, s.whir_bytes);
        printf("  AIRs                 %zu present of %zu\n", s.num_present, s.num_airs);
        for (size_t i = 0; s.airs && i < s.num_airs; i++) {
            if (!s.airs[i].present) {
                printf("    %3zu                absent\n", i);
                continue;
            }
            printf("    %3zu                log height %u, %zu cached main%s, public values ", i, s.airs[i].log_height,
                   s.airs[i].num_cached_mains, s.airs[i].num_cached_mains == 1 ? "" : "s");
            if (i < st.num_airs) print_u32_list(stdout, st.airs[i].public_values, st.airs[i].num_public_values);
            printf("\n");
        }
        if (vk) printf("  fits the key         %s%s\n", fits ? "yes" : "no: ", fits ? "" : fit.message);
        printf("  common main commit   [");
        for (int i = 0; i < 8; i++) printf("%s%lu", i ? ", " : "", (unsigned long)s.common_main_commit[i]);
        printf("]\n");
        printf("  logup PoW witness    %lu\n", (unsigned long)s.logup_pow_witness);
        printf("  GKR layers           %zu\n", s.gkr_layers);
        printf("  constraint rounds    %zu (%zu column openings)\n", s.constraint_rounds, s.num_column_openings);
        printf("  stacking rounds      %zu\n", s.stacking_rounds);
        printf("  WHIR                 %zu commitment%s, %zu rounds, %zu sumcheck rounds, %zu queries, final poly %zu\n",
               s.num_commitments, s.num_commitments == 1 ? "" : "s", s.whir_rounds, s.whir_sumcheck_rounds, s.whir_queries,
               s.whir_final_poly_len);
    }
    swirl_proof_summary_free(&s);
    swirl_statement_free(&st);
    swirl_vk_free(vk);
    return finish_stdout(CLI_OK);
}

/* ---- bench -------------------------------------------------------------------------------- */

typedef struct span_series {
    char *name;
    unsigned depth;
    double *v; /* one value per run in which the span appeared */
    size_t n;
    uint64_t to_device, from_device, waits; /* of the last run (the same every run) */
} span_series;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* median / min / max of n values (sorted in place) */
static void stats(double *v, size_t n, double *med, double *mn, double *mx) {
    if (n == 0) {
        *med = *mn = *mx = 0.0;
        return;
    }
    qsort(v, n, sizeof *v, cmp_double);
    *mn = v[0];
    *mx = v[n - 1];
    *med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static char *copy_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

#define BENCH_MAX_SERIES (2 * SWIRL_MAX_SPANS)

int cmd_bench(const cli_opts *o) {
    keys k;
    int code = keys_make(o, 1, &k);
    if (code) return code;
    unsigned runs = o->runs, threads = cli_effective_threads(o->threads);
    const char *backend = swirl_ctx_backend_name(k.ctx);
    span_series series[BENCH_MAX_SERIES];
    size_t nseries = 0;
    swirl_device_stats dev;
    int have_dev = 0;
    memset(&dev, 0, sizeof dev);
    memset(series, 0, sizeof series);
    double *prove_s = calloc(runs, sizeof *prove_s), *verify_s = calloc(runs, sizeof *verify_s);
    uint8_t *proof = NULL;
    size_t len = 0;
    swirl_error e;
    memset(&e, 0, sizeof e);
    if (!prove_s || !verify_s) {
        cli_err("swirl: out of memory\n");
        code = CLI_INTERNAL;
        goto out;
    }
    cli_note("benchmarking %s (%zu), params %s, on %s with %u thread%s, %u run%s (keygen %.3f s)",
            k.setup.name, k.setup.size, k.setup.params_name, backend, threads, threads == 1 ? "" : "s", runs,
            runs == 1 ? "" : "s", k.keygen_s);
    for (unsigned r = 0; r < runs; r++) {
        swirl_bytes_free(proof);
        proof = NULL;
        double t0 = cli_now();
        int rc = swirl_prove(k.ctx, k.pk, k.b->inputs, k.b->num_airs, &proof, &len, &e);
        prove_s[r] = cli_now() - t0;
        if (rc) {
            code = cli_fail("prove failed", rc, &e);
            goto out;
        }
        swirl_span sp[SWIRL_MAX_SPANS];
        size_t ns = swirl_ctx_spans(k.ctx, sp, SWIRL_MAX_SPANS);
        if (ns > SWIRL_MAX_SPANS) ns = SWIRL_MAX_SPANS;
        for (size_t i = 0; i < ns; i++) {
            if (!sp[i].name) continue;
            size_t s = 0;
            while (s < nseries && strcmp(series[s].name, sp[i].name)) s++;
            if (s == nseries) {
                if (nseries == BENCH_MAX_SERIES) continue;
                series[s].name = copy_str(sp[i].name);
                series[s].depth = sp[i].depth;
                series[s].v = calloc(runs, sizeof(double));
                nseries++;
                if (!series[s].name || !series[s].v) {
                    cli_err("swirl: out of memory\n");
                    code = CLI_INTERNAL;
                    goto out;
                }
            }
            if (series[s].n < runs) series[s].v[series[s].n++] = sp[i].seconds;
            series[s].to_device = sp[i].bytes_to_device;
            series[s].from_device = sp[i].bytes_from_device;
            series[s].waits = sp[i].host_waits;
        }
        have_dev = swirl_ctx_device_stats(k.ctx, &dev) == SWIRL_OK;
        t0 = cli_now();
        rc = swirl_verify(k.vk, proof, len, &e);
        verify_s[r] = cli_now() - t0;
        if (rc) {
            cli_fail("a fresh proof does not verify", rc, &e);
            code = CLI_INTERNAL;
            goto out;
        }
        cli_note("run %u/%u: proved in %.3f s, verified in %.3f ms, %zu bytes", r + 1, runs, prove_s[r],
                verify_s[r] * 1e3, len);
    }

    double pmed, pmin, pmax, vmed, vmin, vmax;
    stats(prove_s, runs, &pmed, &pmin, &pmax);
    stats(verify_s, runs, &vmed, &vmin, &vmax);
    if (o->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj_begin(&j, NULL);
        json_str(&j, "scenario", k.setup.name);
        json_uint(&j, "size", k.setup.size);
        json_uint(&j, "seed", o->seed);
        json_str(&j, "params", k.setup.params_name);
        json_str(&j, "backend", backend);
        json_uint(&j, "threads", threads);
        json_uint(&j, "runs", runs);
        json_ms(&j, "keygen_ms", k.keygen_s);
        json_ms(&j, "prove_ms", pmed);
        json_ms(&j, "prove_min_ms", pmin);
        json_ms(&j, "prove_max_ms", pmax);
        json_arr_begin(&j, "spans");
        for (size_t s = 0; s < nseries; s++) {
            double med, mn, mx;
            stats(series[s].v, series[s].n, &med, &mn, &mx);
            json_obj_begin(&j, NULL);
            json_str(&j, "name", series[s].name);
            json_uint(&j, "depth", series[s].depth);
            json_ms(&j, "median_ms", med);
            json_ms(&j, "min_ms", mn);
            json_ms(&j, "max_ms", mx);
            if (have_dev) {
                json_uint(&j, "bytes_to_device", series[s].to_device);
                json_uint(&j, "bytes_from_device", series[s].from_device);
                json_uint(&j, "host_waits", series[s].waits);
            }
            json_obj_end(&j);
        }
        json_arr_end(&j);
        if (have_dev) {
            json_obj_begin(&j, "device");
            json_uint(&j, "pool_allocs", dev.pool_allocs);
            json_uint(&j, "raw_allocs", dev.raw_allocs);
            json_uint(&j, "bytes_to_device", dev.bytes_to_device);
            json_uint(&j, "bytes_from_device", dev.bytes_from_device);
            json_uint(&j, "host_waits", dev.host_waits);
            json_uint(&j, "peak_device_bytes", dev.peak_device_bytes);
            json_uint(&j, "host_stage_ops", dev.host_stage_ops);
            json_uint(&j, "key_cache_entries", dev.key_cache_entries);
            json_uint(&j, "key_cache_bytes", dev.key_cache_bytes);
            json_uint(&j, "key_cache_hits", dev.key_cache_hits);
            json_uint(&j, "key_cache_misses", dev.key_cache_misses);
            json_obj_end(&j);
        }
        json_ms(&j, "verify_ms", vmed);
        json_uint(&j, "proof_bytes", len);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        printf("swirl bench: %s (size %zu), params %s, backend %s, %u thread%s, %u run%s\n", k.setup.name, k.setup.size,
               k.setup.params_name, backend, threads, threads == 1 ? "" : "s", runs, runs == 1 ? "" : "s");
        printf("%-46s %12s %12s %12s\n", "span", "median ms", "min ms", "max ms");
        for (size_t s = 0; s < nseries; s++) {
            double med, mn, mx;
            stats(series[s].v, series[s].n, &med, &mn, &mx);
            unsigned d = series[s].depth > 8 ? 8 : series[s].depth;
            printf("%*s%-*s %12.3f %12.3f %12.3f\n", 2 * (int)d, "", 46 - 2 * (int)d, series[s].name, med * 1e3,
                   mn * 1e3, mx * 1e3);
        }
        printf("%-46s %12.3f %12.3f %12.3f\n", "prove (wall)", pmed * 1e3, pmin * 1e3, pmax * 1e3);
        printf("%-46s %12.3f %12.3f %12.3f\n", "verify", vmed * 1e3, vmin * 1e3, vmax * 1e3);
        printf("%-46s %12.3f\n", "keygen", k.keygen_s * 1e3);
        printf("%-46s %12zu bytes\n", "proof size", len);
        if (have_dev) {
            printf("device (last run): %zu pool allocations, %zu driver allocations, %.1f MB up, %.1f MB down, "
                   "%zu host waits, peak %.2f GiB, %zu stage operations on the host\n",
                   dev.pool_allocs, dev.raw_allocs, dev.bytes_to_device / 1e6, dev.bytes_from_device / 1e6,
                   dev.host_waits, dev.peak_device_bytes / (double)(1u << 30), dev.host_stage_ops);
            printf("key cache (last run): %zu hits, %zu misses; %zu entries, %.1f MB held\n", dev.key_cache_hits,
                   dev.key_cache_misses, dev.key_cache_entries, dev.key_cache_bytes / 1e6);
            for (size_t s = 0; s < nseries; s++)
                if (series[s].to_device || series[s].from_device || series[s].waits) {
                    double med, mn, mx;
                    stats(series[s].v, series[s].n, &med, &mn, &mx);
                    printf("  %-56s %10.1f MB up (%6.1f GB/s) %10.3f MB down %6llu waits\n", series[s].name,
                           series[s].to_device / 1e6, med > 0 ? series[s].to_device / med / 1e9 : 0.0,
                           series[s].from_device / 1e6, (unsigned long long)series[s].waits);
                }
        }
    }
    code = finish_stdout(code);
out:
    for (size_t s = 0; s < nseries; s++) {
        free(series[s].name);
        free(series[s].v);
    }
    free(prove_s);
    free(verify_s);
    swirl_bytes_free(proof);
    keys_free(&k);
    return code;
}
