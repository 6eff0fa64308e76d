"""Plain-English names for the tables' codes, and numbers written the way a report writes them."""

from __future__ import annotations

from ..compare.names import file_name, humanise_key, integer, items, text

__all__ = [
    "document_kind",
    "excerpt",
    "file_name",
    "humanise_key",
    "integer",
    "items",
    "join",
    "number",
    "recommendation_kind",
    "review_kind",
    "text",
    "unit_label",
    "value_text",
]

DOCUMENT_KINDS = {
    "annual_report": "Annual report",
    "annual_report_summary": "Annual report summary",
    "annual_report_web_page": "Annual report (web page)",
    "committee_paper": "Committee paper",
}
REVIEW_KINDS = {
    "CSPR": "Child safeguarding practice review",
    "LCSPR": "Local child safeguarding practice review",
    "SCR": "Serious case review",
    "learning review": "Learning review",
    "rapid review": "Rapid review",
    "thematic review": "Thematic review",
    "national review": "National review",
    "multi-agency review": "Multi-agency review",
}
RECOMMENDATION_KINDS = {
    "committee_recommendation": "Asked of the committee or board",
    "scrutiny_recommendation": "Independent scrutiny",
    "review_learning": "Learning from reviews",
    "inspection": "Inspection",
}
UNITS = {
    "count": "Number",
    "percent": "Per cent",
    "GBP": "Pounds (£)",
    "per_100_children": "Per 100 children",
    "per_10000_children": "Per 10,000 children",
    "fraction": "Share",
}


def number(value: float) -> str:
    """372 → "372", 24000 → "24,000", 0.5 → "0.5"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(value: float, unit: str, qualifier: str | None = None) -> str:
    """A figure as a report would write it: "over 24,000", "50%", "£300,000", "fewer than 1 in 100 children"."""
    if unit == "percent":
        shown = f"{number(value)}%"
    elif unit == "GBP":
        shown = f"£{number(value)}"
    elif unit == "fraction":
        shown = f"{number(round(value * 100, 1))}%"
    elif unit == "per_100_children":
        shown = f"{number(value)} in 100 children"
    elif unit == "per_10000_children":
        shown = f"{number(value)} per 10,000 children"
    else:
        shown = number(value)
    return f"{qualifier} {shown}" if qualifier else shown


def unit_label(unit: str) -> str:
    return UNITS.get(unit, humanise_key(unit))


def document_kind(kind: str | None) -> str:
    return DOCUMENT_KINDS.get(kind or "", humanise_key(kind) if kind else "Document")


def review_kind(kind: str | None) -> str:
    return REVIEW_KINDS.get(kind or "", kind or "kind not stated")


def recommendation_kind(kind: str | None) -> str:
    return RECOMMENDATION_KINDS.get(kind or "", humanise_key(kind) if kind else "")


def join(items: list[str], conjunction: str = "and") -> str:
    """["a", "b", "c"] → "a, b and c"."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


EXCERPT_CHARS = 240  # longest quotation shown beside a figure


def excerpt(sentence: str | None, evidence: str | None, width: int = EXCERPT_CHARS) -> dict[str, str]:
    """The sentence around `evidence`, cut to about `width` characters: before, the evidence, after."""
    sentence = " ".join((sentence or "").split())
    evidence = " ".join((evidence or "").split())
    at = sentence.find(evidence) if evidence else -1
    if at < 0:
        if not sentence:
            return {"before": "", "match": evidence, "after": ""}
        cut = sentence if len(sentence) <= width else sentence[:width].rsplit(" ", 1)[0] + " …"
        return {"before": cut, "match": "", "after": ""}
    before, after = sentence[:at], sentence[at + len(evidence) :]
    room = max(0, width - len(evidence)) // 2
    if len(before) > room:
        before = "… " + before[len(before) - room :].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:room].rsplit(" ", 1)[0] + " …"
    return {"before": before, "match": evidence, "after": after}
