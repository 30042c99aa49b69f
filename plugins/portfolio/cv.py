"""The CV page (being written; this placeholder keeps builds working meanwhile)."""

from pelican.generators import Generator


class CvGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        pass


def write_cv_pdf(pelican):
    pass
