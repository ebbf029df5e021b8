/* test_key_cache.c — the device key cache's table (backend/cuda/cuda_cache.h) on the host, without
 * a device: entries keyed by (kind, uid), uid 0 never cached, hits and misses counted, eviction of
 * the least recently used entries until the rest fit the limit, growth past the first table,
 * every payload released exactly once; the program builder's size bound (the public-value site
 * words need bit 31), checked before anything is read or allocated; the public-value sites'
 * patch (only changed sites written, in the program's form). The device paths over it are in
 * tests/gpu (test_cuda_backend.c: key_cache). */
#include <string.h>
#include "air/keys.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/zc_prog_cuda.h"
#include "field/field_constants.h"
#include "swirl.h"
#include "test_util.h"

enum { RELEASE_LOG = 128 };
static void *released[RELEASE_LOG];
static size_t nreleased;

static void release(swirl_cuda_dev *dev, void *payload) {
    (void)dev;
    if (nreleased < RELEASE_LOG) released[nreleased] = payload;
    nreleased++;
}

static int was_released(void *p) {
    for (size_t i = 0; i < nreleased && i < RELEASE_LOG; i++)
        if (released[i] == p) return 1;
    return 0;
}

/* The public-value sites a cached program keeps (zc_prog_cuda.h; shared by the zc and GKR leaves
 * programs): a patch writes only the sites whose value changed, in the form the program holds
 * (Montgomery or canonical), and a site keeps its old value when the write fails. Without a
 * device the write is the one observable step: dev NULL makes it fail (SWIRL_ERR_INVALID_ARG
 * with CUDA, SWIRL_ERR_NO_DEVICE from the stubs), so a call that returns SWIRL_OK wrote nothing. */
static void check_pub_sites(void) {
#ifdef SWIRL_HAVE_CUDA
    const int write_fails = SWIRL_ERR_INVALID_ARG;
#else
    const int write_fails = SWIRL_ERR_NO_DEVICE;
#endif
    swirl_node nodes[3];
    memset(nodes, 0, sizeof nodes);
    nodes[0].kind = SW_NODE_VAR;
    nodes[0].entry = SW_ENTRY_PUBLIC;
    nodes[0].index = 1;
    nodes[2] = nodes[0];
    nodes[2].index = 0;
    swirl_dag dag;
    memset(&dag, 0, sizeof dag);
    dag.nodes = nodes;
    dag.num_nodes = 3;
    pub_sites ps;
    CHECK(swirl_cuda_pub_sites_alloc(&dag, 2, &ps) == SWIRL_OK && ps.n == 0);
    uint32_t words[8];
    const uint32_t pv[2] = {7, 9};
    /* canonical sites holding this proof's values: nothing to write */
    swirl_cuda_pub_sites_add(&ps, 3, 1, 9);
    swirl_cuda_pub_sites_add(&ps, 5 | ZC_PUB_LEVEL, 0, 7);
    CHECK(ps.n == 2 && ps.word[1] == (5 | ZC_PUB_LEVEL) && ps.index[0] == 1 && ps.now[0] == 9);
    CHECK(swirl_cuda_pub_sites_patch(NULL, &ps, pv, 0, words, words + 4) == SWIRL_OK);
    /* the same values read as Montgomery: every site differs, the first write fails, nothing changes */
    CHECK_EQ_U64(swirl_cuda_pub_sites_patch(NULL, &ps, pv, 1, words, words + 4), write_fails);
    CHECK(ps.now[0] == 9 && ps.now[1] == 7);
    /* sites holding Montgomery values: equal, so nothing to write */
    ps.now[0] = bb_mul(9, SWIRL_BB_MONTY_R);
    ps.now[1] = bb_mul(7, SWIRL_BB_MONTY_R);
    CHECK(swirl_cuda_pub_sites_patch(NULL, &ps, pv, 1, words, words + 4) == SWIRL_OK);
    /* another proof's value at one site: that write is attempted */
    const uint32_t pv2[2] = {7, 10};
    CHECK_EQ_U64(swirl_cuda_pub_sites_patch(NULL, &ps, pv2, 1, words, words + 4), write_fails);
    swirl_cuda_pub_sites_free(&ps);
    CHECK(!ps.word && !ps.index && !ps.now && ps.n == 0);
}

static swirl_cuda_cache_stats stats(const swirl_cuda_cache *c) {
    swirl_cuda_cache_stats s;
    swirl_cuda_cache_table_stats(c, &s);
    return s;
}

/* A DAG of 2^29 nodes and constraints together is refused with SWIRL_ERR_INVALID_ARG before its
 * (absent) nodes are read or anything is allocated. */
static void program_bound(void) {
    swirl_air_vk vk;
    memset(&vk, 0, sizeof vk);
    vk.dag.num_nodes = ((size_t)1 << 28);
    vk.dag.num_constraints = ((size_t)1 << 28);
    swirl_zc_trace t;
    memset(&t, 0, sizeof t);
    t.vk = &vk;
    colmap m;
    memset(&m, 0, sizeof m);
    zc_dev_prog *out = (zc_dev_prog *)&t;
    CHECK(swirl_cuda_zc_prog_build(NULL, &t, &m, &out) == SWIRL_ERR_INVALID_ARG && out == NULL);
}

int main(void) {
    program_bound();
    static int pa, pb, pc, pz, many[40];
    swirl_cuda_cache *c = swirl_cuda_cache_new();
    CHECK(c != NULL);
    if (!c) return t_summary("test_key_cache");
    /* uid 0: no identity, never cached, not counted; the payload is released at once */
    CHECK(swirl_cuda_cache_lookup(c, 1, 0) == NULL);
    CHECK(swirl_cuda_cache_insert(c, NULL, 1, 0, &pz, 8, release) == SWIRL_ERR_INVALID_ARG);
    CHECK(nreleased == 1 && was_released(&pz));
    CHECK(stats(c).entries == 0 && stats(c).misses == 0);
    /* (kind, uid) is the key: the same uid under another kind is another entry */
    CHECK(swirl_cuda_cache_insert(c, NULL, 1, 7, &pa, 100, release) == SWIRL_OK);
    CHECK(swirl_cuda_cache_insert(c, NULL, 1, 8, &pb, 100, release) == SWIRL_OK);
    CHECK(swirl_cuda_cache_insert(c, NULL, 2, 7, &pc, 100, release) == SWIRL_OK);
    CHECK(swirl_cuda_cache_lookup(c, 1, 7) == &pa);
    CHECK(swirl_cuda_cache_lookup(c, 2, 7) == &pc);
    CHECK(swirl_cuda_cache_lookup(c, 1, 9) == NULL);
    swirl_cuda_cache_stats s = stats(c);
    CHECK(s.entries == 3 && s.device_bytes == 300 && s.hits == 2 && s.misses == 1);
    /* the limit evicts the least recently used first: b (put second, never looked up) */
    CHECK(swirl_cuda_cache_lookup(c, 1, 7) == &pa);
    swirl_cuda_cache_evict(c, NULL, 250);
    CHECK(nreleased == 2 && was_released(&pb));
    CHECK(stats(c).entries == 2 && stats(c).device_bytes == 200);
    CHECK(swirl_cuda_cache_lookup(c, 1, 8) == NULL);
    /* within the limit: nothing goes */
    swirl_cuda_cache_evict(c, NULL, 200);
    CHECK(nreleased == 2);
    /* c is now the older of the two (a was looked up after c was put) */
    swirl_cuda_cache_evict(c, NULL, 150);
    CHECK(nreleased == 3 && was_released(&pc) && swirl_cuda_cache_lookup(c, 1, 7) == &pa);
    /* growth past the first table: every entry found again */
    for (size_t i = 0; i < 40; i++) CHECK(swirl_cuda_cache_insert(c, NULL, 3, 100 + i, &many[i], 1, release) == SWIRL_OK);
    size_t found = 0;
    for (size_t i = 0; i < 40; i++) found += swirl_cuda_cache_lookup(c, 3, 100 + i) == &many[i];
    CHECK_MSG(found == 40, "%zu of 40 entries found", found);
    CHECK(stats(c).entries == 41 && stats(c).device_bytes == 140);
    /* limit 0: every entry released, each once */
    swirl_cuda_cache_evict(c, NULL, 0);
    CHECK(stats(c).entries == 0 && stats(c).device_bytes == 0);
    CHECK_MSG(nreleased == 44 && was_released(&pa) && was_released(&many[39]), "%zu releases", nreleased);
    CHECK(swirl_cuda_cache_insert(c, NULL, 1, 5, &pa, 4, release) == SWIRL_OK);
    swirl_cuda_cache_delete(c, NULL);
    CHECK(nreleased == 45);
    check_pub_sites();
    return t_summary("test_key_cache");
}
