"""Imported first by the package: keeps a slow, unused module from loading.

jupyter_server (the runners' gateway client) brings jsonschema's format extras, among
them rfc3987-syntax, which compiles a grammar for seconds at import, in every process
that imports nbformat (the build and each worker). Notebook schemas never use the
'iri' format it checks, and jsonschema skips that check when the module cannot be
imported.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
