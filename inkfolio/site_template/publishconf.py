"""Production settings (`inkfolio build -s publishconf.py`, `inkfolio publish`):
the local settings, then these."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402, F403

# The public address of the site. For a project site served under /<repo>/ write
# "https://<user>.github.io/<repo>"; a custom domain here also writes the CNAME file.
SITEURL = "@@URL_Q@@"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Unfinished work is never published, not even at an unlisted address.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Production builds start from scratch so nothing stale is shipped.
DELETE_OUTPUT_DIRECTORY = True
