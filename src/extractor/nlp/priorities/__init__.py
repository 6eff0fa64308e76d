"""The partnership's own priorities, in list order: `doc.spans["priorities"]`.

A priority list is recognised by how annual reports present one, never by what a priority
is called:

* an intro ending in a colon that names priorities ("... sets out the WSCP's three key
  priorities for 2024-25:"), followed by list items;
* a prose list in the sentence that names them ("our three priorities are (i) ..., (ii) ...",
  "the four priority areas for the partnership: A; B; C; D", "the Board's priorities for 2016-19,
  namely A, B and C", "the Board's priorities of A, B and C"), or in the sentence after one
  ("These include a, b, and c"), or one sentence per priority after a counted colon ("three
  priorities, each an outcome: Children are ... . Families are ... ."); a list ends where a new
  clause opens (", together with ...", ", and that ...");
* a single priority in a sentence ("One of the Partnership's priorities for 2023-25 is X");
* prose lists in table cells (a decision record's "Record of the Decision" cell);
* list items under a heading that names priorities ("Our priorities", "Priorities for 2024-25");
* numbered priorities ("Priority 2 – Exploitation", "Strategic priority 1: ...", a bare
  "Priority One" heading named by the block after it);
* a run of headings, one per priority, after a priorities heading or intro;
* a table column headed "Priority" / "Strategic priorities" / "<partnership> priority"; with a tick
  column (a cover sheet), only the ticked rows.

Blocks carry no nesting level: a list after an intro keeps one numbering style, so the bullets
under "(ii) That the following priorities be endorsed:" end at "(iii) That ...", and an item the
parser ran into the next intro ("Young carers The Board also ...:") is cut where the new sentence
starts.

A cue preceded by a negative phrase ("should be a priority", "areas of focus") or another owner
("national", "the Council's", "Health and Well-being Board"; the possessive just before the cue
names the owner: "the council's plan follows the Board's priorities of ...") is not the
partnership's own list; nor is a prose list in a section headed by another body ("Links to the
Health and Wellbeing Strategy"). An activity word close before the cue ("progress against", "work
to") disowns the list unless it is the cue's apposition ("the three priorities: A, B and C",
"namely", "of", items written "Name – description"). Cover-sheet tables of
committee papers list the receiving board's priorities, so tables are read only by their cells,
as a column whose header names the partnership's priorities (a negative phrase disowns it).
The name ends at a dash or colon that opens a description ("Early Help – providing ...").
Each span's `_.fact` is {"priority", "priority_key", "plan_period", "rank"}; the key comes
from `priority_keys.json` so the same priority matches across years and partnerships.
"""

from .common import SPAN_KEY, fact_rows, normalise_period
from .component import PriorityReader, make_priorities

__all__ = ["SPAN_KEY", "PriorityReader", "fact_rows", "make_priorities", "normalise_period"]
