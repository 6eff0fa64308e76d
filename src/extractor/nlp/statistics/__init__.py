"""Numeric facts ("over 24,000 contacts", "£300,000", "one-third", "50% of attendees").

How it works, and why in this order:

1. **Number expressions** are found with a token `Matcher` (digits, number words, fractions,
   "1 in 5"), then widened to their unit ("£", "%", "per cent", "per 10,000") and qualifier
   ("over", "fewer than").
2. **Things that look like numbers but are not counts** are removed. Most are token patterns
   too (dates, year ranges, ages, durations, mixed numbers of ages and durations ("two and a
   half years old", "aged 4 and a half"), "Item 8", "Section 11", "Quarter 3", phone numbers,
   file sizes, page counts, "Covid 19", the "per 10,000" base, the "100" in "If <area> had 100
   children"); a few need the sentence: paragraph numbers at the start of a block, years,
   counts of items the text then lists ("three partners: the council, police and health"; but
   a count of reviews is activity even when they are then named), counts pointing at items
   given elsewhere ("these three cases", "the two examples quoted above"), counts of
   structural things ("four priority areas") and of the statutory partners ("our three lead
   partners"), version numbers after a name ("Signs of Safety 2", "Graded Care Profile (2)"),
   "one" as a pronoun ("the one who", "no one"), the subjects of a single case ("a review
   about three siblings"), targets ("against a target of 18%"), distances ("40 miles"), the
   board's own meetings ("meets six times a year"), agenda item numbers before a file size.
   In tables (scorecards): reference, target and "N of M" attendance columns, numbered field
   rows ("1. | Title"), a whole-period column repeating the last snapshot, and a cell or Total
   row repeating a figure the prose already gives.
3. **What is counted** (`label`) is the text's own words right after the number, up to the
   next clause boundary; with nothing after the number ("The budget is £300,000.") it is the
   subject before "is/was" or a colon; in a table ("cell | cell" rows) it is the row or column
   heading; for a figure printed alone (infographics) it is the caption block next to it.
   `metric` maps the label onto metrics.json, and `stat_period` is the period the sentence (or
   the table's column heading) gives for it, unless the number's own clause is set in the
   present ("... and it currently includes 8 programmes").

Spans in the group are the number expression with its qualifier and unit signs
("over 24,000", "£300,000", "50%", "45.2 per 10,000").

The package, by job: `grammar/numbers.py` (the shared number grammar), `quantities` (reading a
number's value, unit and qualifier), `exclusions` (token patterns and document-level tests),
`filters` (sentence-level tests), `labels`, `tables`, `vocabulary` and `component` (the factory).

Every rule is about the genre (English council and safeguarding-partnership reports), not a
particular document, so it carries over to other partnerships.
"""

from __future__ import annotations

from .component import (
    DEFAULT_VOCABULARY,
    SPAN_GROUP,
    SPAN_LABEL,
    StatisticsComponent,
    load_metrics,
    make_statistics,
)

__all__ = ["DEFAULT_VOCABULARY", "SPAN_GROUP", "SPAN_LABEL", "StatisticsComponent", "load_metrics", "make_statistics"]
