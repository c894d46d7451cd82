"""The one en/zh text catalogue and its number formats.

- :func:`t`: the one lookup, ``t(key, lang, **fields)``; :func:`label`: a name with the
  page's own wording first; :mod:`~perfkit.text.catalogue`: every key, one module per
  namespace;
- :mod:`~perfkit.text.numbers`: money, 万 / 亿, percentages, rates and dates (Babel).

This floor imports nothing from the rest of perfkit.
"""

from perfkit.text.lookup import LANGS, Lang, has, label, t

__all__ = ["LANGS", "Lang", "has", "label", "t"]
