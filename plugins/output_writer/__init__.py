"""output_writer: Pelican's writer, except that a page or feed whose bytes did not change
is not written again. Its file keeps its modification time, so rsync, ghp-import and the
browser's cache see only what changed, and a rebuild costs no disk writes for the rest.
Static files are copied only when newer than their copy (STATIC_CHECK_IF_MODIFIED)."""

from pelican import signals

from .writer import ChangedFilesWriter


def use_changed_files_writer(pelican):
    return ChangedFilesWriter


def register():
    signals.get_writer.connect(use_changed_files_writer)
