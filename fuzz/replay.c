/* replay.c — runs a fuzz target over files, without libFuzzer.
 *
 * fuzz_replay_<target> FILE|DIR ...: each FILE, and each regular file of
 * each DIR (not recursive, in byte order of the names, dot files skipped),
 * is read whole and passed to LLVMFuzzerTestOneInput once.  A crash or a
 * sanitizer report fails the run; so the committed seeds and the minimised
 * inputs of past crashes are regression tests of the normal build. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Reads path whole into a malloc'd buffer (caller frees); NULL on error. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            unsigned char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return NULL;
    }
    *len = n;
    return b;
}

/* Feeds one file to the target; returns 0 or -1 when it cannot be read. */
static int run_file(const char *path)
{
    size_t len = 0;
    unsigned char *data = read_file(path, &len);
    if (!data) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        return -1;
    }
    fprintf(stderr, "fuzz_replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

/* Orders directory entry names bytewise, for qsort. */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every regular file of dir, in name order; returns the number run or
 * -1 when dir or one of its files cannot be read. */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fuzz_replay: cannot open directory %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(de->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t need = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(need);
        struct stat st;
        if (!path) {
            rc = -1;
        } else {
            snprintf(path, need, "%s/%s", dir, names[i]);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path) == 0)
                    count++;
                else
                    rc = -1;
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return rc ? rc : count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR ...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    int total = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "fuzz_replay: cannot stat %s\n", argv[i]);
            failed = 1;
        } else if (S_ISDIR(st.st_mode)) {
            int k = run_dir(argv[i]);
            if (k < 0)
                failed = 1;
            else
                total += k;
        } else if (run_file(argv[i]) == 0) {
            total++;
        } else {
            failed = 1;
        }
    }
    fprintf(stderr, "fuzz_replay: %d input(s) run\n", total);
    return failed ? 1 : 0;
}
