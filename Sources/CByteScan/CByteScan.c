#include "CByteScan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#endif

// Whether `byte` is one to look at: a control (0x00-0x1F), 0x7F, the lead bytes 0xC2 (C1 controls), 0xE2 (bidi
// controls, line separators) and 0xEF (U+FFFE, U+FFFF), or one of four ASCII bytes (one repeated to use fewer).
static inline int is_special(uint8_t byte, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    return byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || byte == 0xEF || byte == a || byte == b
           || byte == c || byte == d;
}

// The first special byte of `bytes[0..<count]`, or `count`: whole blocks of 16 with vector compares (SSE2, or
// NEON on 64-bit ARM, whose across-vector maximum 32-bit ARM lacks), the rest (and the block with a hit, on NEON)
// a byte at a time.
static inline size_t find(const uint8_t *bytes, size_t count, uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    size_t index = 0;
#if defined(__SSE2__)
    const __m128i control = _mm_set1_epi8(0x1F), del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8((char)0xC2),
                  e2 = _mm_set1_epi8((char)0xE2), ef = _mm_set1_epi8((char)0xEF), va = _mm_set1_epi8((char)a),
                  vb = _mm_set1_epi8((char)b), vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    for (; index + 16 <= count; index += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + index));
        // Below 0x20: the unsigned minimum of the byte and 0x1F is the byte.
        __m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(v, control), v);
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, c2)));
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, ef)));
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return index + (size_t)__builtin_ctz((unsigned)mask);
    }
#elif defined(__ARM_NEON) && defined(__aarch64__)
    for (; index + 16 <= count; index += 16) {
        uint8x16_t v = vld1q_u8(bytes + index);
        uint8x16_t hit = vcltq_u8(v, vdupq_n_u8(0x20));
        hit = vorrq_u8(hit, vorrq_u8(vceqq_u8(v, vdupq_n_u8(0x7F)), vceqq_u8(v, vdupq_n_u8(0xC2))));
        hit = vorrq_u8(hit, vorrq_u8(vceqq_u8(v, vdupq_n_u8(0xE2)), vceqq_u8(v, vdupq_n_u8(0xEF))));
        hit = vorrq_u8(hit, vorrq_u8(vceqq_u8(v, vdupq_n_u8(a)), vceqq_u8(v, vdupq_n_u8(b))));
        hit = vorrq_u8(hit, vorrq_u8(vceqq_u8(v, vdupq_n_u8(c)), vceqq_u8(v, vdupq_n_u8(d))));
        if (vmaxvq_u8(hit) != 0) break;
    }
#endif
    for (; index < count; index++) {
        if (is_special(bytes[index], a, b, c, d)) return index;
    }
    return count;
}

size_t feedmerge_markup_special(const uint8_t *bytes, size_t count) { return find(bytes, count, '&', '<', '>', '"'); }

size_t feedmerge_json_special(const uint8_t *bytes, size_t count) { return find(bytes, count, '"', '\\', '"', '"'); }
