"""template_cache: each template is compiled once per process and version of its text.

Pelican gives every generator a Jinja environment of its own, and each compiles the
templates it renders: base.html once per generator in every build, and again in every
build of a warm process (``inkfolio livereload``), about 0.03 s per template. Jinja's
bytecode cache, here kept in memory and shared by those environments, compiles a
template once: Jinja checks the source's checksum on every load, so an edited template
is compiled afresh. Environments that compile differently (other extensions or
delimiters) keep apart.
"""

from jinja2 import BytecodeCache
from pelican import signals

from inkfolio import plain_pelican


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self.compiled = {}  # (environment's compile options, bucket key) -> bytecode

    def load_bytecode(self, bucket):
        code = self.compiled.get((_options(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)  # resets itself if the checksum differs

    def dump_bytecode(self, bucket):
        self.compiled[(_options(bucket.environment), bucket.key)] = bucket.bytecode_to_string()


SHARED = MemoryBytecodeCache()


def _options(environment):
    """What the compiled code of a template depends on, besides its text."""
    return (
        tuple(sorted(environment.extensions)),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.autoescape if isinstance(environment.autoescape, bool) else id(environment),
    )


def share_compiled_templates(generator):
    env = getattr(generator, "env", None)
    if env is not None and env.bytecode_cache is None:
        env.bytecode_cache = SHARED


def register():
    plain_pelican.register()  # under `pelican`, its errors fail the build
    signals.generator_init.connect(share_compiled_templates)
