"""Engine defaults for an inkfolio site.

An author's ``pelicanconf.py`` starts with ``from inkfolio.defaults import *`` and
then sets only what is theirs (name, URL, links). Everything here can be overridden
there, and a newer engine brings new defaults without touching the author's file.
"""

from pathlib import Path

import inkfolio.theme

# The engine's theme, inside the installed package. A site's own theme/templates/
# and theme/static/ override it file by file (see inkfolio.settings).
THEME = str(Path(inkfolio.theme.__file__).parent)
# Folders of the site's own Pelican plugins, relative to the settings file, e.g.
# PLUGIN_PATHS = ["plugins"] and PLUGINS += ["my_plugin"].
PLUGIN_PATHS = []
PLUGINS = [
    # First: what may be published is decided before any other plugin sees a file.
    "inkfolio.plugins.publish_gate",
    "inkfolio.plugins.file_stamps",
    "inkfolio.plugins.template_cache",
    "inkfolio.plugins.markdown_reader",
    "inkfolio.plugins.obsidian",
    "inkfolio.plugins.notebooks",
    "inkfolio.plugins.portfolio",
    "inkfolio.plugins.contributions",
    "inkfolio.plugins.citations",
    "inkfolio.plugins.site_meta",
    "inkfolio.plugins.diagrams",
    "inkfolio.plugins.publications",
    # Search before cards: Pagefind indexes the written pages while the last cards are drawn.
    "inkfolio.plugins.search",
    "inkfolio.plugins.social_cards",
    "inkfolio.plugins.output_writer",
    "pelican.plugins.neighbors",
    "pelican.plugins.series",
    "pelican.plugins.sitemap",
]

PATH = "content"
OUTPUT_PATH = "output"
# Notebook articles live beside content/, in notebooks/ (see the notebooks plugin).
ARTICLE_PATHS = ["articles", "../notebooks"]
PAGE_PATHS = ["pages"]
# Notes (Markdown articles) and notebooks: True publishes each unless it says
# `publish: false`; False publishes only those that say `publish: true`. Pages,
# projects and the CV are published either way.
PUBLISH_DEFAULT = True
STATIC_PATHS = ["images", "files", "extra"]
# Copy a static file only when it is newer than its copy: a rebuild leaves the rest alone.
STATIC_CHECK_IF_MODIFIED = True
# Never read or copied: hidden files and folders (Pelican's own rule, spelled for file
# names: Pelican matches names, not paths), editors' litter and caches. The publish_gate
# plugin keeps hidden files out whatever a site sets here; a hidden folder the author
# means to publish is named in STATIC_PATHS (e.g. STATIC_PATHS += [".well-known"]).
IGNORE_FILES = [".*", "**/.*", "Thumbs.db", "desktop.ini", "__pycache__"]
# Folders of content/ published as they are (downloads), whether or not a page links
# their files; any other static file is published only when a published page uses it.
PUBLIC_FOLDERS = ["files"]
# True: images are published with their EXIF/XMP metadata (GPS position included).
KEEP_IMAGE_METADATA = False
# Files whose output name differs from their place in content/ (favicon, robots...).
EXTRA_PATH_METADATA = {}

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# A Markdown article with no date would otherwise get the file's mtime, which
# changes on every checkout; the front-matter schema asks for a date instead.
DEFAULT_DATE = None

# Pretty URLs: /blog/<slug>/ instead of /<slug>.html.
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = "category/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = "archive/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives", "404"]
NOT_FOUND_SAVE_AS = "404.html"
DEFAULT_PAGINATION = False
# How many articles the home page lists; the archive lists them all.
HOME_RECENT_ARTICLES = 8

# Feeds: full content, site-wide and per category.
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
FEED_MAX_ITEMS = 20

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.6},
    "changefreqs": {"articles": "monthly", "indexes": "weekly", "pages": "monthly"},
    "exclude": ["tags/", "category/", "404.html"],
}

# Markdown: python-markdown core extensions plus pymdown's fenced code, which
# labels each block with its language. Math, images and links are handled by the
# markdown_reader plugin's own extensions.
MARKDOWN = {
    "extensions": [
        "markdown.extensions.tables",
        "markdown.extensions.footnotes",
        "markdown.extensions.attr_list",
        "markdown.extensions.def_list",
        "markdown.extensions.abbr",
        "markdown.extensions.md_in_html",
        "markdown.extensions.sane_lists",
        "pymdownx.superfences",
    ],
    "extension_configs": {
        "markdown.extensions.toc": {
            "permalink": "#",
            "permalink_class": "anchor",
            "permalink_title": "Link to this section",
            "toc_depth": "2-3",
        },
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Back to text"},
        "pymdownx.highlight": {
            "css_class": "highlight",
            "guess_lang": False,
            "auto_title": True,
            "auto_title_map": {"Text Only": ""},  # no label on plain blocks
            "pygments_lang_class": True,
        },
    },
    "output_format": "html5",
}
# Every value in templates is HTML-escaped unless marked safe: titles and data
# are text; rendered HTML (content, summaries) is printed with |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Code colours: one light and one dark Pygments style, switched with the site theme.
PYGMENTS_STYLE_LIGHT = "default"
PYGMENTS_STYLE_DARK = "monokai"
# A table of contents is shown when an article has at least this many sections.
TOC_MIN_HEADINGS = 3
WORDS_PER_MINUTE = 230

# Rebuilds read only what changed: Pelican's content cache, keyed by file content.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
# Uncompressed: gzip cost a no-change rebuild of 1,000 articles ~1.5 s; the cache is ~15 MB.
GZIP_CACHE = False
CHECK_MODIFIED_METHOD = "md5"
CACHE_PATH = ".cache/pelican"
# What the cache cannot serve is read by one worker process per core (Linux, macOS).
PARALLEL_READING = True

# Site identity; the author's pelicanconf.py overrides these.
SITENAME = "inkfolio"
SITESUBTITLE = ""
AUTHOR = ""
SITEURL = ""
RELATIVE_URLS = False
# "Edit the source" links: the repository's edit address for the site's folder,
# e.g. "https://github.com/you/site/edit/main/" (the file's path is appended).
SOURCE_EDIT_URL = ""
SOCIAL = []
MENUITEMS = []
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
# Stylesheets of the site's own, in its theme/static/ (e.g. ["css/extra.css"]): linked
# from every page after the theme's, so their rules win. The theme's colours, fonts and
# widths are CSS custom properties (--accent, --sans, --mono, --measure...): setting
# them in :root { } here restyles the whole site.
EXTRA_CSS = []
# Default image for link previews when an article has no cover.
SOCIAL_IMAGE = ""
TWITTER_USERNAME = ""
# GitHub Pages custom domain; when empty it is derived from SITEURL (see site_meta).
CNAME = None

# `invoke check` (run by `invoke publish`): the weight budget of a page (HTML + the CSS
# and JS it loads, uncompressed, images excluded; the first matching pattern wins): a
# long deep-dive article may weigh 60 KB, any other page 40 KB. And the hosts a page may
# load from at page load: none, everything is served by the site itself.
CHECK_BUDGETS = {"blog/*": 60_000, "*": 40_000}
CHECK_ALLOWED_HOSTS = []
