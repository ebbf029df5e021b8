/* standalone_main.c — runs a libFuzzer target without libFuzzer (any compiler): every file
 * given on the command line is fed to LLVMFuzzerTestOneInput, then each file again with
 * deterministic single-byte mutations and truncations, so the fuzz targets double as a
 * regression test over their seed corpus in the default (gcc) build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
    size_t runs = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *b = malloc((size_t)(n > 0 ? n : 1));
        if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) { fclose(f); return 2; }
        fclose(f);
        LLVMFuzzerTestOneInput(b, (size_t)n);
        runs++;
        uint64_t s = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
        for (int m = 0; m < 300 && n > 0; m++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            size_t pos = (size_t)(s % (uint64_t)n);
            uint8_t save = b[pos];
            b[pos] ^= (uint8_t)(1u << (s >> 60 & 7));
            LLVMFuzzerTestOneInput(b, (size_t)n);
            b[pos] = save;
            LLVMFuzzerTestOneInput(b, (size_t)(s >> 20) % (size_t)n);
            runs += 2;
        }
        free(b);
    }
    printf("fuzz regression: %zu runs, 0 crashes\n", runs);
    return 0;
}
