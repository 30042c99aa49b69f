"""Settings of @@NAME_Q@@'s site for local work (`inkfolio build`, `inkfolio serve`).

The engine's defaults come first; set below only what is yours. Every setting is
described in inkfolio's README ("Configure the site").
"""

from inkfolio.defaults import *  # noqa: F403

SITENAME = "@@NAME_Q@@"
AUTHOR = "@@NAME_Q@@"
AUTHOR_HEADLINE = "@@HEADLINE_Q@@"
HOME_INTRO = "@@INTRO_Q@@"
SITEURL = ""
# True: every note is published unless it says `publish: false`; False: only `publish: true`.
PUBLISH_DEFAULT = "@@PUBLISH_DEFAULT_PY@@"
# Feeds need absolute links; locally they point at the preview server.
FEED_DOMAIN = "http://localhost:8000"
# `inkfolio sync-contributions` fetches this user's pull requests to other projects.
GITHUB_USER = "@@GITHUB_Q@@"

SOCIAL = [
    ("GitHub", "https://github.com/@@GITHUB_Q@@"),
]
# "Edit this page" links under each article (leave empty to hide them).
SOURCE_EDIT_URL = "https://github.com/@@REPO_Q@@/edit/main/"
