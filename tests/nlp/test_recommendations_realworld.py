"""Recommendations on real PDFs nobody here wrote (Ofsted inspections of children's services, in
`../shared/realworld/ofsted-ilacs-sample/`, never copied into the repository): every item of a
report's "What needs to improve" list is an inspection recommendation row, and nothing else from
the report's body is.

The expected items were read from the reports themselves. They are checked by their opening
words and, where a PDF wraps an item over two lines, by its last words, so the test holds whether
the parser gives the items as list items or as paragraphs (bullet glyphs and wrapped lines).
"""

from __future__ import annotations

import pytest

from extractor.nlp.pipeline import extract
from extractor.parse import parse_bytes
from tests.nlp.test_statistics_realworld import _sample

pytestmark = pytest.mark.slow

# report stem -> the items of its "What needs to improve" list, as (first words, last words)
IMPROVEMENT_LISTS = {
    "bexley-24-march-2023": [
        ("The consistency of practice to support children who are privately fostered", "vulnerable to exploitation"),
        ("The pace of improvements for children who are made subject to Public Law", "(PLO) pre-proceedings"),
    ],
    "birmingham-17-january-2019": [
        ("The quality, effectiveness and pace of partnership working", "partner-led early help services"),
        ("Trust and confidence between the courts and BCT", "BCT"),
        ("Effectiveness of the fostering service", "fostering service"),
        ("Robust and timely focus on all permanence options", "for children"),
        ("Alignment of the approach to contextual safeguarding", "contextual safeguarding"),
        ("The impact of the virtual school", "children in care"),
    ],
    "bracknell-forest-29-july-2022": [
        ("The participation of care leavers", "development of services"),
        ("The quality of practice and earlier planning", "education, training and employment"),
    ],
}


@pytest.fixture(scope="module")
def inspection_rows() -> dict[str, list[str]]:
    folder = _sample()
    if folder is None:
        pytest.skip("../shared/realworld/ofsted-ilacs-sample/ is not on this machine")
    found: dict[str, list[str]] = {}
    for stem in IMPROVEMENT_LISTS:
        path = folder / f"{stem}.pdf"
        if not path.is_file():
            pytest.skip(f"{path.name} is not in the sample on this machine")
        document = parse_bytes(path.read_bytes(), stem)
        _, rows = extract(document)
        found[stem] = [" ".join(r["text"].split()) for r in rows["recommendations"] if r["source_kind"] == "inspection"]
        for r in rows["recommendations"]:
            assert document.text[r["char_start"] : r["char_end"]] == r["evidence"]
    return found


@pytest.mark.parametrize("stem", sorted(IMPROVEMENT_LISTS))
def test_what_needs_to_improve_items_are_inspection_recommendations(inspection_rows, stem):
    texts = inspection_rows[stem]
    expected = IMPROVEMENT_LISTS[stem]
    assert len(texts) == len(expected), texts
    for (first, last), text in zip(expected, texts):
        assert text.startswith(first) and text.endswith(last), text
