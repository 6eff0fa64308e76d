"""The partnership's own priorities, in list order: `doc.spans["priorities"]`.

A priority list is recognised by how annual reports present one, never by what a priority
is called:

* an intro ending in a colon that names priorities ("... sets out the WSCP's three key
  priorities for 2024-25:"), followed by list items;
* a prose list in the sentence that names them ("our three priorities are (i) ..., (ii) ...",
  "the four priority areas for the partnership: A; B; C; D"), or in the sentence after one
  ("These include a, b, and c");
* list items under a heading that names priorities ("Our priorities", "Priorities for 2024-25");
* numbered priorities ("Priority 2 – Exploitation", "Strategic priority 1: ...", a bare
  "Priority One" heading named by the block after it);
* a run of headings, one per priority, after a priorities heading or intro;
* a table column headed "Priority" / "Strategic priorities".

A cue preceded by a negative phrase ("national", "progress against", "should be a priority",
"Health and Well-being Board") is not the partnership's own list. Cover-sheet tables of
committee papers list the receiving board's priorities, so tables are read only by their cells,
as a column whose header names the partnership's priorities (a negative phrase disowns it).
The name ends at a dash or colon that opens a description ("Early Help – providing ...").
Each span's `_.fact` is {"priority", "priority_key", "plan_period", "rank"}; the key comes
from `priority_keys.json` so the same priority matches across years and partnerships.
"""

from .common import SPAN_KEY, fact_rows, normalise_period
from .component import PriorityReader, make_priorities

__all__ = ["SPAN_KEY", "PriorityReader", "fact_rows", "make_priorities", "normalise_period"]
