"""The brief's language (``brief.language``, BCP 47): the words around its content,
its dates, its quotation marks and its hyphenation.

- ``labels``: every word a template or briefgen prints around the brief's own text,
  from a catalog per language (one YAML file: briefgen's own in ``briefgen/labels/``,
  and a template's in its ``labels/`` folder, which adds or overrides labels);
- ``locale``: dates from Babel's CLDR data; quotation marks, and the hyphenation
  dictionary (pyphen's) of the language.
"""

from briefgen.i18n.labels import Labels, load_labels
from briefgen.i18n.locale import format_date, hyphenation_language, quote, unsupported

__all__ = ["Labels", "format_date", "hyphenation_language", "load_labels", "quote", "unsupported"]
