"""Settings of this site for local work (``invoke build``, ``invoke serve``).

Engine defaults come first; set below only what is yours. Every setting is
described in the README ("Configure the site").
"""

from inkfolio.defaults import *  # noqa: F403

SITENAME = "Mira Okafor"
SITESUBTITLE = "Performance engineering, numerics and ML infrastructure"
AUTHOR = "Mira Okafor"
AUTHOR_HEADLINE = "ML systems engineer"
HOME_INTRO = (
    "I make machine-learning systems fast: kernels, numerics, and the infrastructure "
    "around them. Here I write long-form explanations of how that works, with the "
    "code and the measurements."
)
SITEURL = ""
# Feeds need absolute links; locally they point at the preview server.
FEED_DOMAIN = "http://localhost:8000"

SOCIAL = [
    ("GitHub", "https://github.com/mira-okafor"),
    ("LinkedIn", "https://www.linkedin.com/in/mira-okafor"),
    ("Email", "mailto:mira@example.com"),
]
# "Edit this page" links under each article point here (leave empty to hide them).
SOURCE_EDIT_URL = "https://github.com/mira-okafor/mira-okafor.github.io/edit/main/"
