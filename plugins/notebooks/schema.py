"""Front matter of notebook articles: the article fields plus those that steer execution."""

from typing import Annotated

from pydantic import BeforeValidator, Field

from inkfolio.plugins.markdown_reader import schema

OPTION_FIELDS = ("execute", "allow_errors", "timeout", "kernel", "depends", "runner")


def _to_patterns(value):
    return [value] if isinstance(value, str) else value


class NotebookFrontMatter(schema.FrontMatter):
    execute: schema.Flag = True
    allow_errors: schema.Flag = False
    timeout: Annotated[int, Field(gt=0)] | None = None
    kernel: schema.Text = None
    depends: Annotated[list[str], BeforeValidator(_to_patterns)] = Field(default_factory=list)
    runner: schema.Text = None  # a name in NOTEBOOK_RUNNERS; none: runs locally


schema.EXPECTED["timeout"] = "a number of seconds, e.g. 600"
KNOWN_FIELDS = set(NotebookFrontMatter.model_fields)


def validate(source, required=()):
    """Validate a notebook's front matter; its execution options go to ``source.options``."""
    values = schema.validate(
        source.front, source.shown, source.key_lines, required, NotebookFrontMatter
    )
    source.options = {name: values.pop(name) for name in OPTION_FIELDS}
    return values
