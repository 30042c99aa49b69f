"""file_stamps: each source file is hashed once per version, not four times per build.

Pelican's content cache knows a file is unchanged by its hash (CHECK_MODIFIED_METHOD =
"md5": modification times change on every checkout). It asks for that hash four times
per file and build (two caches, each on lookup and on store), and a warm process
(``inkfolio livereload``) asks again at every build. This remembers each file's hash
with its version (``inkfolio.core.file_version``: modification and change times, size,
inode), so an unchanged file costs one ``stat``: on 1,000 articles that is ~0.15 s of
every rebuild.

The hash is Pelican's own, so the cache files are the same with or without this plugin.
"""

from pelican.cache import FileStampDataCacher

from inkfolio import plain_pelican
from inkfolio.core import file_version

_pelican_stamp = FileStampDataCacher._get_file_stamp
_known = {}  # path -> ((method, version), stamp)


def remembered_stamp(cacher, filename):
    method = cacher.settings["CHECK_MODIFIED_METHOD"]
    if method == "mtime":
        return _pelican_stamp(cacher, filename)
    version = file_version(filename)
    if version is None:  # missing (Pelican warns), or changed a moment ago
        return _pelican_stamp(cacher, filename)
    known = _known.get(filename)
    if known is not None and known[0] == (method, version):
        return known[1]
    stamp = _pelican_stamp(cacher, filename)
    _known[filename] = ((method, version), stamp)
    return stamp


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    FileStampDataCacher._get_file_stamp = remembered_stamp
