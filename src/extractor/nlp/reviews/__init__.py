"""Named case reviews, once per document: `doc.spans["reviews"]`.

A review is named the way the genre names them, in a sentence that talks about reviews
(a review-kind phrase such as "CSPR" or "learning review", or the word "review"), or in a
list item under a heading or intro that names a review kind:

* a code or pseudonym after a prefix: "Child X", "Child XY", "Baby A", "Young Person B",
  "Family Z", "Child Ava";
* a first name next to the review word: "the Ava review", "Leo CSPR";
* names listed after a review kind ("two CSPRs (CSPR's), Leo and Ava") or after a
  preposition ("learning reviews were completed on Mia and Isla ..., and the Jones
  children ..."): names joined by "and" are one review of several children when the kind
  is singular, or within one comma-separated part of a longer list;
* a title in quotes in a sentence naming a review kind ("'The Myth of ...', a thematic
  review"), right before a review word ("the 'Hidden Voices' review"), or in a sentence that
  refers back to the kind the sentence before named ("... one CSPR this year. This review ...
  related to 'Ruby'"); not when the noun next to the quotes says it is something else ("the
  'Keep Me Safe' strategy", "the 'Everyone's Invited' website");
* two coded children before a singular kind ("the Child A and Child B learning review");
* names in list items and table rows under a heading naming a kind, stray spacing allowed
  ("Child  G | Published");
* a title in quotes next to a national body ("the national Panel published 'Silent Rooms', its
  thematic review ...") is a national review (kind "national review"); a national review known
  only by its topic ("the Ofsted review of sexual abuse in schools") has no name, so it is not a
  row (dropped as "reviews.unnamed_national"), nor is a review of a service or system.

A name before "review" that no kind phrase in its paragraph vouches for and the text never
writes again ("changes proposed in the Wood review") is a review known by its author, not a
child's (dropped as "reviews.unvouched_name").

A capitalised word vouched for by nothing but its position ("the Thresholds Review") is a
name only if the document never writes it in lower case: pseudonyms never are, common words
usually are somewhere.

Phrases that contain review words but name something else ("Child Safeguarding Practice
Review Panel", "Child Protection Plan", "Child Death Overview Panel", "Child in Need") are
masked, and so is a kind that names a body ("the CSPR Group", "Case Review Sub-group"). Each span is the review's first mention; `_.fact` = {"name", "kind", "status",
"themes"}. Kind comes from the nearest kind phrase (the list's heading for list items, the
plural kind that introduced a section for a paragraph opening with a name, the kind of the
sentence a sentence refers back to: "... two SCRs. The review concerning Child L ...", "The
first, concerning ...", "A further review ..."; any later mention if the first has none, and
a more specific later one: a CSPR called local is an LCSPR); status (commissioned < ongoing <
completed < published, the most advanced stated) and themes come from every sentence
that mentions the review, clipped to the review's part of sentences that name several,
plus the following sentence when it names no other review and opens by referring back ("It
was published ..."), and the status of the sentence referred back to when the review's own
sentences state none; a theme said of another named
person ("the death of Jane Doe") is not the review's.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .common import SPAN_KEY, name_key
from .reader import ReviewReader, make_reviews

__all__ = ["SPAN_KEY", "ReviewReader", "fact_rows", "make_reviews", "name_key"]


def fact_rows(doc: Doc, span_key: str = SPAN_KEY) -> list[dict[str, Any]]:
    """The facts of a processed Doc, in span order (handy for tests and debugging)."""
    return [dict(span._.fact) for span in doc.spans.get(span_key, [])]
