// glibc's malloc.h (mallopt), which Swift's Glibc module leaves out; nothing elsewhere.
#if defined(__GLIBC__) || (defined(__linux__) && __has_include(<malloc.h>))
#include <malloc.h>
#endif
