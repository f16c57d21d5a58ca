// Finding the next byte an escaper of published text must look at, 16 bytes at a time.
//
// The escapers (FeedPublish's Markup for XML and HTML, FeedModel's JSONWriter) copy text in runs and stop only at
// the bytes they escape and at those that may begin a character never published (PublishableText). Between two
// such bytes lie about 40 others in the feeds we publish; looking at them one by one was most of what writing a
// feed of thousands of stories cost. Swift's SIMD types compiled these comparisons to a loop per lane, so they are
// here, in C, with SSE2 (every x86-64) or NEON (every arm64), and a plain loop anywhere else.

#ifndef FEEDMERGE_CBYTESCAN_H
#define FEEDMERGE_CBYTESCAN_H

#include <stddef.h>
#include <stdint.h>

/// The offset in `bytes[0..<count]` of the first byte that markup escapes (`&`, `<`, `>`, `"`) or that may begin
/// a character never published (a control, U+007F, lead bytes 0xC2, 0xE2, 0xEF); `count` when there is none.
size_t feedmerge_markup_special(const uint8_t *bytes, size_t count);

/// The same for JSON: `"`, `\`, and the bytes that may begin a character never published (the line separators
/// U+2028 and U+2029 begin with 0xE2 too).
size_t feedmerge_json_special(const uint8_t *bytes, size_t count);

#endif
