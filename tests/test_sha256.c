/* test_sha256.c — SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_of(const char *s, size_t n, char out[65]) { fs_sha256_hex(s, n, out); }

static void test_abc(void **state)
{
    (void)state;
    char h[65];
    hex_of("abc", 3, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_empty(void **state)
{
    (void)state;
    char h[65];
    fs_sha256_hex(NULL, 0, h);
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* The 448-bit message: exactly 56 bytes, so the padding needs a second block. */
static void test_448(void **state)
{
    (void)state;
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char h[65];
    assert_int_equal(strlen(m), 56);
    hex_of(m, strlen(m), h);
    assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* The 896-bit message (two full blocks of input). */
static void test_896(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    char h[65];
    hex_of(m, strlen(m), h);
    assert_string_equal(h, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *m = malloc(n);
    assert_non_null(m);
    memset(m, 'a', n);
    char h[65];
    hex_of(m, n, h);
    free(m);
    assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Raw digest matches the hex form, and lengths around the 55/56/64 padding
 * boundaries give distinct digests (a padding bug tends to collapse them). */
static void test_raw_and_boundaries(void **state)
{
    (void)state;
    unsigned char d[32];
    fs_sha256("abc", 3, d);
    assert_int_equal(d[0], 0xba);
    assert_int_equal(d[31], 0xad);
    char buf[130];
    memset(buf, 'x', sizeof buf);
    char prev[65] = "";
    for (size_t n = 50; n <= 130; n++) {
        char h[65];
        hex_of(buf, n, h);
        assert_string_not_equal(h, prev);
        memcpy(prev, h, sizeof h);
    }
    /* 55 bytes of 'a' (one padded block) and 64 (two), computed with sha256sum. */
    char h[65];
    memset(buf, 'a', 64);
    hex_of(buf, 55, h);
    assert_string_equal(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    hex_of(buf, 64, h);
    assert_string_equal(h, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

/* The incremental form gives the one-shot digest however the input is cut:
 * every chunk size from 1 to 130 bytes over 1,000 bytes (crossing block
 * boundaries at every offset), and the million 'a' in uneven pieces. */
static void test_incremental(void **state)
{
    (void)state;
    char buf[1000];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)(i * 7 + 3);
    char want[65], got[65];
    hex_of(buf, sizeof buf, want);
    for (size_t step = 1; step <= 130; step++) {
        fs_sha256_ctx c;
        fs_sha256_init(&c);
        for (size_t i = 0; i < sizeof buf; i += step)
            fs_sha256_update(&c, buf + i, i + step <= sizeof buf ? step : sizeof buf - i);
        unsigned char d[32];
        fs_sha256_final(&c, d);
        fs_sha256_hex_digest(d, got);
        assert_string_equal(got, want);
    }
    char a[4099];
    memset(a, 'a', sizeof a);
    fs_sha256_ctx c;
    fs_sha256_init(&c);
    fs_sha256_update(&c, NULL, 0);
    for (size_t left = 1000000; left;) {
        size_t k = left < sizeof a ? left : sizeof a;
        fs_sha256_update(&c, a, k);
        left -= k;
    }
    unsigned char d[32];
    fs_sha256_final(&c, d);
    fs_sha256_hex_digest(d, got);
    assert_string_equal(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abc),      cmocka_unit_test(test_empty),
        cmocka_unit_test(test_448),      cmocka_unit_test(test_896),
        cmocka_unit_test(test_million_a), cmocka_unit_test(test_raw_and_boundaries),
        cmocka_unit_test(test_incremental),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
