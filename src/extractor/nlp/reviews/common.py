"""What the review finders share: settings, the candidate and review records, and token helpers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ..grammar.names import CLOSE_QUOTES, OPEN_QUOTES, is_code
from ..textblocks import LIST_KIND, TextBlock
from ..tokens import token_table

SPAN_KEY = "reviews"
DEFAULT_VOCABULARY = "review_kinds.json"
DEFAULT_THEMES = "themes.json"

NATIONAL_KIND = "national review"
NATIONAL_DEFAULT_STATUS = "published"  # national reviews are cited once published
MAX_QUOTED_TOKENS = 12
MAX_NAME_TOKENS = 3  # consecutive capitalised words in one name ("Mia Rose")
MAX_PREPOSITION_GAP = 6  # "learning reviews were also completed on ..."
MAX_BODY_GAP = 4  # "Ofsted's recent thematic review of ..."
MAX_TOPIC_TOKENS = 20
MAX_CLAUSE_TOKENS = 15  # a relative clause after a name, before the next name in a list
LIST_SEPARATORS = frozenset({",", ":", "-", "–", "—", "(", ";"})
ITEM_NAME_ENDS = frozenset({":", "-", "–", "—", "(", ",", ".", "|"})
TOPIC_STOPS = frozenset({"which", "that", "who", "where", "published", "found", "highlighted", "shows", "showed", "was", "were", "is", "has", "had"})
TOPIC_PREPOSITIONS = frozenset({"of", "into", "on"})
STOP_THE = frozenset({"the", "child", "baby", "review"})
TABLE_KIND = "table"
HEADING_KIND = "heading"
MAX_CARD_BLOCKS = 6  # a briefing card: the heading and a few paragraphs and links
CHILD_PREFIXES = frozenset({"child", "baby"})  # before a first name: "Baby Ellie", "Child Ava"
MAX_CODE_TOKENS = 7  # "CHS20/NDS20/ABC21": codes joined by "/"
MAX_CARD_NAME_TOKENS = 5  # "Rosa and Finn", "Baby Ellie", "Kai and Mia"
ADULT_KIND = "ADULT"  # adults' reviews (SAR, DHR): read so that their names can be dropped
ITEM_KINDS = frozenset({LIST_KIND, TABLE_KIND})  # blocks whose items (rows) take the kind of their heading
# "This review, published in April, related to ... 'Ruby'": a sentence opening with a
# determiner and a singular review word goes on about the review the sentence before named;
# so does one opening with a determiner and an ordinal ("The first, concerning Child R, ...").
BACK_DETERMINERS = frozenset({"this", "that", "the", "a", "another"})
BACK_REFERENCE_GAP = 1  # "The first review", "This second CSPR", "A further review"
BACK_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "other", "latter", "former", "last"})
SINGULAR_REVIEW_WORDS = frozenset({"review", "cspr", "lcspr", "scr"})
# The sentence after a review's mention is about it only when it opens by referring back
# ("It was published in May.", "The review found ..."), not when it moves on ("The Partnership published ...").
FOLLOWING_PRONOUNS = frozenset({"it", "its", "this", "they", "their", "these", "he", "she", "his", "her"})
# "Ofsted as part of their rapid review of ...": a national body's review may be several words
# away when a possessive pronoun ties the review back to the body.
MAX_BODY_GAP_WIDE = 8
POSSESSIVES = frozenset({"their", "its", "his", "her"})
MAX_POSSESSIVE_MODIFIERS = 3  # "their rapid review", "its recent national thematic review"
# A theme followed by "of/to <Name>" belongs to that named person ("the death of Jane Doe"),
# not to the review the sentence goes on to name.
ATTRIBUTION_PREPOSITIONS = frozenset({"of", "to", "for"})
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
Kinds = list[tuple[int, int, str]]  # the kind phrases found: (start, end, kind)


@dataclass
class Candidate:
    """A review name found in the text."""

    start: int
    end: int
    name: str
    kind: str | None
    variants: tuple[str, ...] = ()
    referent: tuple[int, int] | None = None  # the sentence a back-reference points to ("... two SCRs. The review of ...")


@dataclass
class Review:
    key: str
    first: Candidate
    kind: str | None
    variants: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    themes: list[str] = field(default_factory=list)
    referents: set[tuple[int, int]] = field(default_factory=set)


class ReaderBase:
    """What the mixins of ReviewReader (NameFinder, SectionFinder, Describer) share: the vocabularies
    ReviewReader's __init__ loads, and the methods one mixin calls on another, declared once so each
    mixin type-checks on its own."""

    nlp: Language
    kinds: PhraseMatcher
    prepositions: PhraseMatcher
    not_titles: PhraseMatcher
    status: PhraseMatcher
    themes: PhraseMatcher
    theme_acronyms: PhraseMatcher
    names: Matcher
    review_words: frozenset[str]
    not_names: frozenset[str]
    not_title_heads: frozenset[str]
    group_nouns: frozenset[str]
    joiners: frozenset[str]
    verb_followers: frozenset[str]
    default_kind: str
    kind_refinements: dict[str, str]
    status_order: list[str]

    if TYPE_CHECKING:
        # NameFinder
        def _is_name_token(self, doc: Doc, i: int, strict: bool = True) -> bool: ...
        def _name_unit(self, doc: Doc, i: int, end: int) -> int | None: ...
        def _candidate(self, doc: Doc, start: int, end: int, kinds: Kinds, context_kind: str | None, variants: tuple[str, ...] = ()) -> Candidate: ...

        # SectionFinder
        def _coded_unit(self, doc: Doc, i: int, end: int) -> int | None: ...

        # Describer
        def _themes_in(self, span: Span) -> list[str]: ...

        # ReviewReader
        def _national_near(self, sentence: Span) -> list[tuple[int, int]]: ...


def name_key(name: str) -> str:
    """How names are compared for de-duplication: lower case, without quotes, 'the', 'child', 'review'."""
    words = "".join(c.lower() if c.isalnum() else " " for c in name).split()
    return " ".join(w for w in words if w not in STOP_THE)


def phrase_matcher(nlp: Language, phrases: dict[str, list[str]], attr: str = "LOWER") -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, words in phrases.items():
        if words:
            matcher.add(label, list(nlp.tokenizer.pipe(words)))  # type: ignore[union-attr]  # spaCy types Language.tokenizer as a bare callable; its Tokenizer has pipe
    return matcher


def nearest_kind(start: int, end: int, kinds: list[tuple[int, int, str]]) -> str | None:
    if not kinds:
        return None

    def distance(k: tuple[int, int, str]) -> int:
        return k[0] - end if k[0] >= end else start - k[1]

    return min(kinds, key=lambda k: (max(distance(k), 0), k[0] < start))[2]


def lower_case_words(doc: Doc) -> frozenset[str]:
    """Words the document writes in lower case somewhere (cached on the Doc)."""
    key = "reviews:lower_case_words"
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        lower = token_table(doc).lower
        cased = doc.to_array(["IS_LOWER", "IS_ALPHA"]).tolist() if len(doc) else []
        cached = (len(doc), frozenset(lower[i] for i, (is_lower, is_alpha) in enumerate(cased) if is_lower and is_alpha))
        doc.user_data[key] = cached
    return cached[1]


def word_counts(doc: Doc) -> Counter[str]:
    """How often the document writes each word as it is cased (cached on the Doc)."""
    key = "reviews:word_counts"
    cached = doc.user_data.get(key)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), Counter(token_table(doc).text))
        doc.user_data[key] = cached
    return cached[1]


def skip_parenthesis(doc: Doc, i: int, end: int) -> int:
    """Past '(CSPR's)' after a kind phrase."""
    if i < end and doc[i].text == "(":
        for j in range(i + 1, min(end, i + 8)):
            if doc[j].text == ")":
                return j + 1
    return i


def span_text(doc: Doc, start: int, end: int) -> str:
    """A name as one line with single spaces ('Child  G' in a table cell -> 'Child G'), without
    the full stop the tokenizer leaves on a final code ('Child T.' -> 'Child T')."""
    text = " ".join(doc[start:end].text.split())
    if end > start and doc[end - 1].text.endswith(".") and is_code(doc[end - 1].text):
        text = text[:-1]
    return text


def is_plural(word: str) -> bool:
    return word.endswith(("s", "'s", "’s"))


def opens_item(doc: Doc, block: TextBlock, sentence: Span) -> bool:
    """The sentence opens a list item, or a table row other than the header row."""
    if block.kind == LIST_KIND:
        return sentence.start == block.span.start
    if block.kind == TABLE_KIND:
        return sentence.start != block.span.start and sentence.start > 0 and "\n" in doc[sentence.start - 1].text_with_ws
    return False


def capitalised_run(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The capitalised words (with codes: 'Child T') starting at `start`, or None."""
    i = start
    while i < end and (doc[i].is_title or is_code(doc[i].text)) and doc[i].is_alpha:
        i += 1
    return (start, i) if i > start else None


def possessive_review(doc: Doc, body_end: int, end: int) -> tuple[int | None, int]:
    """'Ofsted as part of their rapid review of ...': the review word after a possessive that
    refers back to the body, within a wider window; and where the review's name starts."""
    for i in range(body_end, min(end, body_end + MAX_BODY_GAP_WIDE)):
        if doc[i].is_punct:
            break
        if doc[i].lower_ not in POSSESSIVES:
            continue
        for j in range(i + 1, min(end, i + 2 + MAX_POSSESSIVE_MODIFIERS)):
            if doc[j].lower_ in {"review", "reviews"}:
                return j, i + 1
            if not doc[j].is_alpha and doc[j].text != "-":
                break
        break
    return None, body_end


def closing_quote(doc: Doc, i: int, end: int) -> int | None:
    for j in range(i + 1, min(end, i + MAX_QUOTED_TOKENS + 2)):
        if doc[j].text in CLOSE_QUOTES:
            return j
    return None


def ends_topic(token: Any) -> bool:
    return (token.is_punct and token.text not in {"-", "'s", "’s"}) or token.lower_ in TOPIC_STOPS


def group_units(units: list[tuple[int, int, bool]], joint: bool, by_parts: bool) -> list[tuple[int, int]]:
    """Join units into reviews: all into one when joint, by comma-separated parts when by_parts."""
    if joint and not by_parts:
        return [(units[0][0], units[-1][1])]
    if not by_parts:
        return [(a, b) for a, b, _ in units]
    groups: list[tuple[int, int]] = []
    for a, b, joined in units:
        if joined and groups:
            groups[-1] = (groups[-1][0], b)
        else:
            groups.append((a, b))
    return groups


def inside_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A quoted name without its quote marks."""
    if end - start > 2 and doc[start].text in OPEN_QUOTES and doc[end - 1].text in CLOSE_QUOTES:
        return start + 1, end - 1
    return start, end


def without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Earlier rules (lists, titles) win over single patterns covering the same tokens."""
    kept: list[Candidate] = []
    taken: set[int] = set()
    for candidate in candidates:
        tokens = set(range(candidate.start, candidate.end))
        if tokens & taken:
            continue
        kept.append(candidate)
        taken |= tokens
    return kept
