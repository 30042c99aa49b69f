"""The CV PDFs, read as an applicant tracking system reads them: by their text only.

After printing, a PDF's text is extracted (pypdf) and must hold what the CV says, in
the order the CV says it: every section heading, every entry's title and organisation,
every date, the e-mail and the links (as text). What is missing, or comes out of
order (text drawn in another order than it is read), is named.
"""

import re

from pypdf import PdfReader

_SPACE = re.compile(r"\s+")


def expected_text(resume):
    """What the PDF of ``resume`` (as shaped for the template) must say, in order."""
    basics = resume["basics"]
    expected = [basics["name"]]
    expected += [value for value in (basics["email"], basics["url_text"]) if value]
    expected += [profile["text"] for profile in basics["profiles"]]
    for section in resume["sections"]:
        expected.append(section["title"])
        for entry in section["entries"]:
            expected += [value for value in (entry["title"], entry["where"]) if value]
            expected += [date["text"] for date in entry["dates"]]
    return expected


def text_of(pdf):
    reader = PdfReader(pdf)
    return len(reader.pages), _flat("\n".join(page.extract_text() or "" for page in reader.pages))


def problems(text, expected):
    """What of ``expected`` the extracted ``text`` lost or reads out of order."""
    found, position = [], 0
    for item in expected:
        wanted = _flat(item)
        at = text.find(wanted, position)
        if at >= 0:
            position = at + len(wanted)
        elif wanted in text:
            found.append(f"'{item}' is read out of order")
        else:
            found.append(f"'{item}' is not in its text")
    return found


def _flat(text):
    # Extraction breaks lines where the page does, and may drop or add spaces at them.
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()
