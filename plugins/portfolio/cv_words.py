"""The words a CV shows around the résumé's own: section headings (standard ones, the
words an applicant tracking system looks for), "present", the PDF link, in the CV's
language. Month names come from Babel (CLDR), for any language.

A language not listed here gets English words and a warning; CV_WORDS adds or changes
languages: ``CV_WORDS = {"it": {"work": "Esperienza", ...}}`` (the keys of ENGLISH).
"""

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

ENGLISH = {
    "work": "Experience",
    "projects": "Projects",
    "education": "Education",
    "skills": "Skills",
    "publications": "Publications",
    "awards": "Awards",
    "certificates": "Certificates",
    "volunteer": "Volunteering",
    "languages": "Languages",
    "interests": "Interests",
    "references": "References",
    "present": "present",
    "score": "Score",
    "pdf": "Download the PDF",
    "cv_pdf": "Download the CV (PDF)",  # beside the letter, on an application
    "file": "cv",  # the PDF's name: mira-okafor-cv.pdf
    # An application's page (applications.py).
    "letter": "Cover letter",
    "letter_pdf": "Download the cover letter (PDF)",
    "letter_file": "cover-letter",  # mira-okafor-cover-letter.pdf
    "selected_work": "Selected work",
}
WORDS = {
    "en": ENGLISH,
    "de": {
        "work": "Berufserfahrung",
        "projects": "Projekte",
        "education": "Ausbildung",
        "skills": "Kenntnisse",
        "publications": "Publikationen",
        "awards": "Auszeichnungen",
        "certificates": "Zertifikate",
        "volunteer": "Ehrenamt",
        "languages": "Sprachen",
        "interests": "Interessen",
        "references": "Referenzen",
        "present": "heute",
        "score": "Note",
        "pdf": "PDF herunterladen",
        "cv_pdf": "Lebenslauf herunterladen (PDF)",
        "file": "lebenslauf",
        "letter": "Anschreiben",
        "letter_pdf": "Anschreiben herunterladen (PDF)",
        "letter_file": "anschreiben",
        "selected_work": "Ausgewählte Arbeiten",
    },
    "fr": {
        "work": "Expérience professionnelle",
        "projects": "Projets",
        "education": "Formation",
        "skills": "Compétences",
        "publications": "Publications",
        "awards": "Distinctions",
        "certificates": "Certifications",
        "volunteer": "Bénévolat",
        "languages": "Langues",
        "interests": "Centres d'intérêt",
        "references": "Références",
        "present": "aujourd'hui",
        "score": "Mention",
        "pdf": "Télécharger le PDF",
        "cv_pdf": "Télécharger le CV (PDF)",
        "letter": "Lettre de motivation",
        "letter_pdf": "Télécharger la lettre de motivation (PDF)",
        "letter_file": "lettre-de-motivation",
        "selected_work": "Travaux choisis",
    },
    "es": {
        "work": "Experiencia",
        "projects": "Proyectos",
        "education": "Formación",
        "skills": "Habilidades",
        "publications": "Publicaciones",
        "awards": "Premios",
        "certificates": "Certificaciones",
        "volunteer": "Voluntariado",
        "languages": "Idiomas",
        "interests": "Intereses",
        "references": "Referencias",
        "present": "actualidad",
        "score": "Nota",
        "pdf": "Descargar el PDF",
        "cv_pdf": "Descargar el CV (PDF)",
        "letter": "Carta de presentación",
        "letter_pdf": "Descargar la carta de presentación (PDF)",
        "letter_file": "carta-de-presentacion",
        "selected_work": "Trabajos seleccionados",
    },
}


def words_for(lang, settings):
    """The CV's words in ``lang`` (e.g. "de", "pt-BR"): the site's own (CV_WORDS) over
    the built-in ones over English. None when neither knows the language."""
    own = (settings.get("CV_WORDS") or {}).get(lang)
    known = WORDS.get(lang) or WORDS.get(lang.split("-")[0].lower())
    if own is None and known is None:
        return None
    return {**ENGLISH, **(known or {}), **(own or {})}


def locale_of(lang):
    """Babel's locale for ``lang``, or English when CLDR does not know it."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def month(date, locale):
    """A month as a CV shows it: 'Mar 2021', 'März 2021', 'mars 2021'."""
    return format_skeleton("yMMM", date, locale=locale)


def language_name(lang):
    """The language's name in itself, as a link to it reads: 'Deutsch', 'English'."""
    locale = locale_of(lang)
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]
