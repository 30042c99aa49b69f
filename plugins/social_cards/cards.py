"""Which page gets which card (context phase), and writing the cards (output phase)."""

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import PIL

from inkfolio.core import address, all_content, site_root
from inkfolio.plugins.site_meta.urls import absolute_url

from .draw import draw_card, font_file

logger = logging.getLogger(__name__)

VERSION = 2  # bump when the drawing changes, so every card is drawn again
RASTER_COVERS = (".png", ".jpg", ".jpeg", ".webp", ".gif")

_planned = {}  # output path -> (cache key, what the card shows)
_cached = {}  # output path -> the card's file in the cache
_drawing = None  # (pool, its futures, cards drawn) from the context phase to finalized
MIN_JOBS_FOR_WORKERS = 32


def plan_cards(generators):
    _planned.clear()
    _cached.clear()
    settings = generators[0].settings
    if not settings.get("SOCIAL_CARDS", True):
        return
    site = settings.get("SITENAME", "")
    for content in all_content(generators):
        url, save_as = address(content)
        if getattr(content, "status", "published") != "published" or not save_as:
            continue
        cover = content.metadata.get("cover") or ""
        if cover.lower().endswith(RASTER_COVERS):
            continue  # the author's own image wins
        path = f"social/{url.strip('/') or 'index'}.png"
        _plan(path, site, content.title, _facts(content))
        content.social_image = absolute_url(settings, path)
    home_title = settings.get("AUTHOR") or site
    home_facts = settings.get("AUTHOR_HEADLINE") or settings.get("SITESUBTITLE") or ""
    _plan("social/home.png", site, home_title, home_facts)
    generators[0].context["HOME_SOCIAL_IMAGE"] = absolute_url(settings, "social/home.png")
    _start_drawing(settings)


def _facts(content):
    """The line under the title: when and what (an article), or what kind of work."""
    if content.metadata.get("project_status") is not None or hasattr(content, "stack"):
        parts = ["Project", getattr(content, "status_label", None)]
        parts.append(", ".join(name for name, _ in getattr(content, "stack", [])[:4]))
        return " · ".join(part for part in parts if part)
    parts = []
    if getattr(content, "date", None) and hasattr(content, "locale_date"):
        parts.append(content.locale_date)
    if "notebook" in content.metadata:
        parts.append("Notebook")
    tags = [f"#{tag}" for tag in getattr(content, "tags", [])[:3]]
    if tags:
        parts.append(" ".join(tags))
    return " · ".join(parts)


def _plan(path, site, title, facts):
    shown = [site, title, facts]
    recipe = [VERSION, PIL.__version__.split(".")[0], font_file("bold"), font_file("regular")]
    key = hashlib.sha256(json.dumps(shown + recipe).encode()).hexdigest()[:32]
    _planned[path] = (key, shown)


def _start_drawing(settings):
    """Draw the cards the cache lacks while Pelican writes the pages: the writing keeps
    one core busy, and worker processes draw on the others. (Threads would share the
    GIL with the writing: on 1,000 cards they cost seconds of lock contention.)"""
    global _drawing
    root = site_root(settings)
    cache = os.path.join(root, settings.get("SOCIAL_CARDS_PATH", ".cache/social-cards"))
    os.makedirs(cache, exist_ok=True)
    _cached.update({path: os.path.join(cache, f"{key}.png") for path, (key, _) in _planned.items()})
    cards = {_cached[path]: tuple(shown) for path, (_, shown) in _planned.items()}
    jobs = sorted(job for job in cards.items() if not os.path.exists(job[0]))
    if len(jobs) < MIN_JOBS_FOR_WORKERS or "fork" not in multiprocessing.get_all_start_methods():
        pool = ThreadPoolExecutor(1)  # a few cards: not worth a process
    else:
        workers = max(1, min(os.cpu_count() or 1, len(jobs) // MIN_JOBS_FOR_WORKERS))
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    chunk = max(1, len(jobs) // 64)
    batches = [jobs[start : start + chunk] for start in range(0, len(jobs), chunk)]
    _drawing = (pool, [pool.submit(_draw_all, batch) for batch in batches], len(jobs))


def write_cards(pelican):
    """Wait for the drawing, then copy every planned card into the output."""
    global _drawing
    if _drawing is None:
        return
    pool, futures, drawn = _drawing
    _drawing = None
    for future in futures:
        future.result()  # a fault in drawing is the engine's: let it surface
    pool.shutdown(wait=True)
    for path, source in sorted(_cached.items()):
        target = os.path.join(pelican.output_path, path)
        if not _same_file_copy(source, target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(source, target)  # with the cached card's time: see below
    logger.info("Social cards: %d drawn, %d from the cache", drawn, len(_cached) - drawn)


def _same_file_copy(source, target):
    """A cached card is named by its key and never changes, and it is copied with its
    modification time: the same size and time mean this very card is in place (a card
    with other text, even of the same size, has another source and another time)."""
    try:
        mine, theirs = os.stat(source), os.stat(target)
    except OSError:
        return False
    return (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns)


def _draw_all(jobs):
    for file, shown in jobs:
        partial = f"{file}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(partial, "wb") as handle:
            handle.write(draw_card(*shown))
        os.replace(partial, file)
