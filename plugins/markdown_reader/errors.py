"""The one exception type for mistakes in an author's files."""


class ContentError(Exception):
    """A problem the author can fix: names the file, the line and what to do."""

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
