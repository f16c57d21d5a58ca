#ifndef FEEDMERGE_CLIBXML2_RELAXNG_SHIM_H
#define FEEDMERGE_CLIBXML2_RELAXNG_SHIM_H

/* Tests only: libxml2's RELAX NG validator, which Sources/CLibXML2/shim.h does not include (the program never
   validates). Same first lines as that shim, for the same reason: Debian builds libxml2 with ICU, whose headers
   clash with Foundation's bundled ICU on every clean build. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/relaxng.h>

#endif
