"""output_writer: Pelican's writer, except that a page or feed whose bytes did not change
is not written again. Its file keeps its modification time, so rsync, ghp-import and the
browser's cache see only what changed, and a rebuild costs no disk writes for the rest.
Static files are copied only when newer than their copy (STATIC_CHECK_IF_MODIFIED).

``WRITE_FIRST`` (a list of source paths; ``inkfolio livereload`` sets it to the files
just saved): the pages of those sources are written before anything else, and
``first_pages_written`` is sent with the files that changed, so the page being edited
is on screen while the rest of the site is still being written.
"""

from blinker import signal
from pelican import signals

from inkfolio import plain_pelican

from .writer import ChangedFilesWriter, close_progress, remember_generators

# Sent with changed_files=[output paths] once WRITE_FIRST's pages are written.
first_pages_written = signal("inkfolio_first_pages_written")


def use_changed_files_writer(pelican):
    return ChangedFilesWriter


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(use_changed_files_writer)
    signals.finalized.connect(close_progress)
