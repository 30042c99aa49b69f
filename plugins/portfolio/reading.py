"""Reading the portfolio's Markdown files (projects, applications) through Pelican's read
cache: an unchanged file is not read again."""

import os

from inkfolio.core import ContentError


def read_contents(generator, reader, folders, content_class):
    """Each file of ``folders`` as a ``content_class``, drafts and unpublished files left
    out; a file that cannot be read is skipped (the reader logged it, with file and line)."""
    contents = []
    for path in sorted(generator.get_files(folders, extensions=("md",))):
        source_path = os.path.join(generator.path, path)
        text, metadata = generator.readers.get_cached_data(source_path, (None, None))
        if metadata is None:
            try:
                text, metadata = reader.read(source_path)
            except ContentError:
                continue
            generator.readers.cache_data(source_path, (text, metadata))
        content = content_class(text, metadata, generator.settings, source_path, generator.context)
        if content.status not in ("draft", "skip"):  # skip: publish: false
            contents.append(content)
    generator.readers.save_cache()
    return contents
