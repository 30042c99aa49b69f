"""publish_gate: only what the author meant to publish reaches the output.

The rules are in ``inkfolio.gate``; this plugin applies them at Pelican's steps:

- listing files (every generator's ``get_files``): hidden files and folders are left out
  whatever IGNORE_FILES says, and a symbolic link out of the site is refused with one
  line and never walked;
- once static files are known: those that may never be published (a note's source,
  a link out of the site, a file outside content/) are dropped;
- while pages are written: the files each page uses are recorded;
- copying static files (after every page is written): an attachment that no written
  page uses is left out, unless it is in a public folder (PUBLIC_FOLDERS) or named in
  EXTRA_PATH_METADATA; images are copied without their location metadata.

Settings: PUBLIC_FOLDERS (["files"]), KEEP_IMAGE_METADATA (False).
"""

import os

from pelican import signals

from inkfolio import gate, plain_pelican


def start(pelican):
    gate.start(pelican.settings)


def guard_listing(generator):
    """Pelican's listing of files, through the gate's rules."""
    list_files = generator.get_files

    def get_files(paths, exclude=None, extensions=None):
        return gate.current().list_files(list_files, paths, exclude, extensions)

    generator.get_files = get_files


def drop_refused_static(generator):
    gate.current().drop_refused(generator.staticfiles, generator.context)


def record_uses(path, context=None):
    current = gate.current()
    current.record_uses(path, current.settings["OUTPUT_PATH"])


def guard_static_output(generator):
    """Static files are copied after every page is written: only those the pages use."""
    copy_static = generator.generate_output

    def generate_output(writer):
        current = gate.current()
        staticfiles = generator.context["staticfiles"]
        published, images = current.published_static(staticfiles)
        staticfiles[:] = published
        copy_static(writer)
        for static in images:
            source = os.path.join(generator.path, static.source_path)
            target = os.path.join(generator.output_path, static.save_as)
            current.copy_attachment(source, target)
        staticfiles.extend(images)

    generator.generate_output = generate_output


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.initialized.connect(start)
    signals.generator_init.connect(guard_listing)
    signals.static_generator_init.connect(guard_static_output)
    signals.static_generator_finalized.connect(drop_refused_static)
    signals.content_written.connect(record_uses)
