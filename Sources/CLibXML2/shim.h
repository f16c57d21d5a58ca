#ifndef FEEDMERGE_CLIBXML2_SHIM_H
#define FEEDMERGE_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, whose headers clash with Foundation's bundled ICU
   ("'UErrorCode' has different definitions in different modules") on every clean build.
   The ICU-only fields sit at the end of xmlCharEncodingHandler, which we use by pointer only. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>

/* xmlFree is a C global variable, which Swift 6 rejects as not concurrency-safe. */
static inline void cxml_free(void *p) { xmlFree(p); }

static inline const char *cxml_dotted_version(void) { return LIBXML_DOTTED_VERSION; }

/* libxml2 prints some errors (encoding conversion failures among them) through its generic error function,
   straight to stderr, whatever the parser options say. Swift cannot write a variadic C function, hence this. */
static void cxml_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}
static inline void cxml_silence_generic_errors(void) { xmlSetGenericErrorFunc(NULL, cxml_ignore_generic_error); }

#endif
