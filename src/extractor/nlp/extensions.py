"""The `Doc` and `Span` extensions the components share."""

from spacy.tokens import Doc, Span

for name in ("blocks", "cells", "title", "metadata", "dropped"):
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=None)
if not Span.has_extension("fact"):
    Span.set_extension("fact", default=None)
