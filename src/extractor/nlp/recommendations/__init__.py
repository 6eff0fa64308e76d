"""Recommendations: what a body is asked to do or resolved, what scrutiny, inspection or case
reviews recommend: `doc.spans["recommendations"]`.

Forms read (all are genre conventions of English council and partnership papers):

* requests: "<body> is asked / requested / recommended / invited to <verb> ...", with the
  actions inline (split at semicolons or "(1) ... (2)" when each part opens with a verb) or
  as list items after a colon. The subject must name a body (committee, board, cabinet ...),
  so "young people were asked to complete a survey" is not one;
* resolutions: "RESOLVED – That (1) the annual report be noted; and (2) ...";
* "... recommend(s) that ...": by an inspectorate (`inspection`), a review
  (`review_learning`), the independent scrutineer or a first-person author
  (`scrutiny_recommendation`), otherwise the paper itself (`committee_recommendation`);
* "That ..." paragraphs and list items in a section whose short heading names recommendations
  or decisions ("Recommendations", "Delegated decisions:", "Recommendation(s) / Proposed
  Decision"; a listed item that opens with a verb is the paper's own; otherwise the enclosing
  section says whose); an intro naming only the body ("That Cabinet:", "Resolved: The
  Committee agreed:") gives its listed items, and the unnumbered sub-items of a numbered item
  ending in ":" ("(ii) That these priorities be endorsed:-") are not rows;
* decision records laid out as tables, read cell by cell when a cell opens a resolution;
* resolution wording from `grammar/resolutions.py`: "Resolved to: (i) ...", "AGREED that",
  "Decision: Approve £...", "That the Committee resolves to ...", "To note ...", past-tense
  decision items ("Endorsed the plan") under a Decisions heading; decision-page fields
  ("Decision status:") and record-only lines ("placed on record") are not rows;
* lists announced by a heading or the sentence before them: an inspection's "What needs to
  improve" / "Areas for improvement" (bullets, wrapped lines or plain paragraphs), "I recommend
  that:" or "... made three recommendations, set out below" over numbered paragraphs, or
  lettered inside the announcing paragraph ("... makes three recommendations: a) that ...");
* a review's recommendations reported in prose: "The review's recommendations included that
  X, and that Y" (two rows).

Not recommendations: sections headed "Reason/s for recommendation/s", headings themselves,
counts ("made 7 recommendations") and mentions ("implement the recommendations of reviews"),
pointers ("The recommendations are set out on the cover sheet"), narrated agreements ("The Board
agreed to ..."), page fields ("Date of decision:", "Key Decision: No") and lessons a list
presents as learning ("Key lessons from reviews:"; LABELLING.md counts only stated
recommendations), since none of them has a request, resolution or "recommend that" form.
Each span's `_.fact` is {"text", "addressee", "source_kind", "action"}.
"""

from .common import SPAN_KEY, fact_rows
from .component import RecommendationReader, make_recommendations

__all__ = ["SPAN_KEY", "RecommendationReader", "fact_rows", "make_recommendations"]
