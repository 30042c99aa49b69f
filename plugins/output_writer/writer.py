"""A Pelican writer that leaves a file alone when what it would write is already there."""

import io
import logging
import os

from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)


class ChangedFilesWriter(Writer):
    """``changed_files``: what this build wrote or rewrote (the rest was already right)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.changed_files = set()

    def _open_w(self, filename, encoding, override=False):
        # Pelican's bookkeeping for files written twice, as in Writer._open_w (Pelican
        # 4.12); only the final open() differs, so the rules stay Pelican's own.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already '
                    "written to it previously (set `override=True` if intended)"
                )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return WriteIfChanged(filename, encoding, self.changed_files)


class WriteIfChanged(io.StringIO):
    """Collects the text; on close, writes it only if the file holds other bytes."""

    def __init__(self, path, encoding, changed_files):
        super().__init__()
        self.path, self.text_encoding, self.changed_files = path, encoding, changed_files

    def close(self):
        if not self.closed:
            # The bytes Pelican's text-mode open() would have written.
            data = self.getvalue().replace("\n", os.linesep).encode(self.text_encoding)
            if not same_bytes(self.path, data):
                with open(self.path, "wb") as handle:
                    handle.write(data)
                self.changed_files.add(self.path)
        super().close()


def same_bytes(path, data):
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False
