"""The English post's term fields, written from the renderings in place of the Chinese terms."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import PlaceholderError
from ..source.termvalues import with_term_values
from .usage import PostTerms


def with_english_terms(terms: PostTerms, renderings: Mapping[str, str], text: str) -> str:
    """``text`` (the English post) with each term of ``terms`` replaced by its rendering, in the field's own style.

    Raises PlaceholderError when a field can no longer be found in place (its post is then not written).
    """
    if not terms.fields:
        return text
    values = {found.key: [renderings.get(v, v) for v in found.values] for found in terms.fields}
    written = with_term_values(text, values)
    if written is None:
        keys = ", ".join(values)
        raise PlaceholderError(f"the front matter fields {keys} cannot be rewritten in place; "
                               "write each as one line of text, a [a, b] list or '- a' lines")
    return written
