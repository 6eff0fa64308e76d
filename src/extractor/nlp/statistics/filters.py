"""Sentence-level exclusions: names, listed items, structural counts, case subjects, pronoun "one"."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..grammar.numbers import (
    COUNT,
    FRACTION,
    NUMBER_WORDS,
    SCALE_WORDS,
    _is_numeric,
)
from ..grammar.periods import MONTHS
from .exclusions import _counted_noun, _first_word, _plural_noun
from .quantities import Quantity
from .vocabulary import (
    ANAPHORIC_DETERMINERS,
    ANAPHORIC_POINTERS,
    CASE_OF_WORDS,
    CASE_PREPOSITIONS,
    CASE_WINDOW,
    CASE_WORDS,
    CLAUSE_OPENERS,
    DEFINITE_DETERMINERS,
    HALF_OF_TIME,
    LABEL_MAX_TOKENS,
    LABEL_STOP_WORDS,
    LABEL_TRIM,
    LEADING_DETERMINERS,
    LIST_INTRODUCERS,
    NAME_NUMBER_MAX,
    NEW_MEMBER_WORDS,
    ONE_NOUN_WINDOW,
    ONE_NOUNS,
    PARTITIVE_VERBS,
    PARTNER_BODY_WORDS,
    PARTNER_WORDS,
    POINTER_LINKS,
    POINTER_OBJECTS,
    POINTER_WINDOW,
    PRONOUN_ONE_PRECEDERS,
    REVIEW_COUNT_WORDS,
    STATUTORY_PARTNER_WORDS,
    STATUTORY_PARTNERS_MAX,
    UNIT_FOLLOWERS,
)


def _word_number_ok(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """Number words are statistics unless they are names, vague plurals or the pronoun "one"."""
    core = doc[quantity.core_start : quantity.core_end]
    first = core[0]
    if quantity.unit == FRACTION:
        previous = doc[quantity.core_start - 1].lower_ if quantity.core_start > sentence.start else ""
        return previous not in HALF_OF_TIME  # "the first half of 2023" is a period

    if first.is_title and first.i != _first_word(sentence) and first.lower_ != "a":
        return False  # "The Three Counties", "Five Year Forward View"
    if core[-1].lower_ in SCALE_WORDS and len(core) == 1:
        return False  # "hundreds of callers", "thousand" alone has no definite value
    if core.text.lower() == "one":
        return _one_counts_a_noun(doc, sentence, quantity)
    return True


def _one_counts_a_noun(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """ "one rapid review" counts; "one of the", "no one", "each one", "the one who", "one
    another", "the one making the referral" use "one" as a pronoun.

    The counted noun must head the phrase right after "one": only modifiers may come between
    (a determiner, preposition or other function word means the noun belongs to another phrase).
    """
    start = quantity.core_start
    if start > sentence.start and doc[start - 1].lower_ in PRONOUN_ONE_PRECEDERS:
        following = doc[quantity.core_end] if quantity.core_end < sentence.end else None
        if following is None or following.lower_ not in ONE_NOUNS:
            return False  # "the one who", "each one"; but "the one review published" counts
    after = quantity.core_end
    if after >= sentence.end or doc[after].text == "-" or doc[after].lower_ == "of":
        return False  # "one-stop", "one of the"
    words = 0
    for token in doc[after : sentence.end]:
        if token.text == "-":
            continue  # "one multi-agency audit": hyphens are not words
        if token.lower_ in ONE_NOUNS:
            return True
        words += 1
        if words >= ONE_NOUN_WINDOW or token.lower_ in LABEL_TRIM or token.lower_ in LABEL_STOP_WORDS or not token.is_alpha:
            return False
    return False


QUOTE_OPENING = frozenset({"'", "‘", "“", '"'})


QUOTE_CLOSING = frozenset({"'", "’", "”", '"'})


QUOTED_NAME_MAX = 4  # tokens between the quotes


def _bare_word_number(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """A number word must count a plural noun; otherwise it is a pronoun ("the statutory three",
    "all three agreed"). Digits are kept: their label can come from before ("The total was 372")."""
    if quantity.unit != COUNT or not doc[quantity.core_start].is_alpha or quantity.value == 1:
        return False
    return not any(_plural_noun(t) for t in _head_words(doc, sentence, quantity.end)) and not _partitive_subject(doc, sentence, quantity)


def _partitive_subject(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """ "Of the eight reviews, two led to an LCSPR", "Five were closed": the number word opens
    its clause and its verb follows at once (not "all three agreed", "the statutory three")."""
    if quantity.end >= sentence.end:
        return False
    before = doc[quantity.start - 1] if quantity.start > sentence.start else None
    opens = before is None or before.text in CLAUSE_OPENERS or before.lower_ in CLAUSE_OPENERS
    verb = doc[quantity.end]
    return opens and (verb.lower_ in PARTITIVE_VERBS or (verb.is_lower and verb.is_alpha and verb.lower_.endswith("ed")))


def _quoted(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """A number inside a short quoted name ("'top 20'", "“100 Days of Safeguarding”")."""
    opening = [t.i for t in doc[max(sentence.start, quantity.start - QUOTED_NAME_MAX) : quantity.start] if t.text in QUOTE_OPENING]
    closing = [t.i for t in doc[quantity.end : min(sentence.end, quantity.end + QUOTED_NAME_MAX)] if t.text in QUOTE_CLOSING]
    return bool(opening and closing) and closing[0] - opening[-1] - 1 <= QUOTED_NAME_MAX


def _case_subject(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """ "a CSPR about three adopted siblings": the people of one case, not a count of work."""
    start = quantity.start
    if start <= sentence.start or doc[start - 1].lower_ not in CASE_PREPOSITIONS:
        return False
    window = [t.lower_ for t in doc[max(sentence.start, start - 1 - CASE_WINDOW) : start - 1]]
    if doc[start - 1].lower_ == "of":  # "the case of two brothers", "the deaths of two children"
        return any(w in CASE_OF_WORDS for w in window[-2:])
    return any(w in CASE_WORDS for w in window)


def _head_words(doc: Doc, sentence: Span, end: int) -> list[Token]:
    """The words of the noun phrase after a number, up to the first preposition or boundary."""
    words = []
    for token in doc[end : min(sentence.end, end + LABEL_MAX_TOKENS)]:
        if not token.is_alpha and token.text != "-":
            break
        if token.lower_ in LABEL_TRIM or token.lower_ in LABEL_STOP_WORDS:
            break
        words.append(token)
    return [w for w in words if w.text != "-"]


def _statutory_partners(doc: Doc, sentence: Span, quantity: Quantity, head: list[Token]) -> bool:
    """ "our three statutory partners", "the three WSCP lead Partners", "the 3 safeguarding partners".

    The noun phrase ends in "partner(s)" (or "partner agencies"); the count is the statutory
    arrangement when a word such as "statutory"/"lead" says so, or when a definite determiner
    presents the partners as already known ("the three partners") and nothing marks them as
    newcomers ("three new partner agencies joined" is a count of members).
    """
    if quantity.value > STATUTORY_PARTNERS_MAX:
        return False
    lower = [t.lower_ for t in head]
    noun = next((i for i, word in enumerate(lower) if word in PARTNER_WORDS), None)
    if noun is None or (lower[noun] == "partner" and not set(lower[noun + 1 : noun + 2]) & PARTNER_BODY_WORDS):
        return False
    modifiers = set(lower[:noun])
    if modifiers & NEW_MEMBER_WORDS:
        return False
    if modifiers & STATUTORY_PARTNER_WORDS:
        return True
    return quantity.start > sentence.start and doc[quantity.start - 1].lower_ in DEFINITE_DETERMINERS


def _anaphoric(doc: Doc, sentence: Span, quantity: Quantity, head: list[Token]) -> bool:
    """ "these three cases", "the two exemplars quoted above", "the four areas listed below".

    A small count whose noun phrase points back or forward to items the text gives: after
    "these"/"those"/"the following", or with "above"/"below" used as an adverb after the noun
    ("quoted above", not "above the threshold").
    """
    if quantity.start > sentence.start and doc[quantity.start - 1].lower_ in ANAPHORIC_DETERMINERS:
        return True
    noun = [t for t in head if t.lower_ not in POINTER_LINKS and t.lower_ not in ANAPHORIC_POINTERS]
    if not noun or noun[0].i != head[0].i:
        return False
    i = next((t.i for t in head if t.lower_ in POINTER_LINKS or t.lower_ in ANAPHORIC_POINTERS), head[-1].i + 1)
    for j in range(i, min(sentence.end, i + POINTER_WINDOW + 1)):
        word = doc[j].lower_
        if word in ANAPHORIC_POINTERS:
            following = doc[j + 1] if j + 1 < sentence.end else None
            return following is None or not (following.lower_ in POINTER_OBJECTS or _is_numeric(following))
        if word not in POINTER_LINKS:
            return False
    return False


def _name_number(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """ "Graded Care Profile (2)", "Signs of Safety 2", "GCP 2": a version number after a name.

    A small whole number right after a capitalised word that is not a plural (labels in
    infographics count plurals: "Referrals 34"), in prose (some lower-case word in the
    sentence: a line that is only "Domestic Abuse 12" is an infographic label and its figure),
    not itself followed by what it counts or a unit, and not one of several such pairs (a
    breakdown: "Police (45), Health (30), Schools (12)").
    """
    core = doc[quantity.core_start : quantity.core_end]
    if len(core) != 1 or not core[0].text.isdigit() or quantity.value > NAME_NUMBER_MAX:
        return False
    if _named_number_at(doc, sentence, core.start) is None:
        return False
    names = (_named_number_at(doc, sentence, t.i) for t in sentence if t.text.isdigit())
    pairs = {name.lower_ for name in names if name is not None}
    if len(pairs) > 1:
        return False
    return any(t.is_lower and t.is_alpha and len(t) > 1 for t in sentence)


def _named_number_at(doc: Doc, sentence: Span, i: int) -> Token | None:
    """The capitalised name word a number at `i` directly follows ("Safety 2", "Profile (2)"), if any."""
    bracketed = i - 1 >= sentence.start and doc[i - 1].text == "(" and i + 1 < sentence.end and doc[i + 1].text == ")"
    name_index = i - 2 if bracketed else i - 1
    after = i + 2 if bracketed else i + 1
    if name_index < sentence.start:
        return None
    name = doc[name_index]
    if not (name.is_alpha and len(name) > 1 and (name.is_title or name.is_upper)) or name.is_stop:
        return None
    if name_index == _first_word(sentence) and not name.is_upper:
        return None  # "Overall 12 were referred", "Additionally 15 ...": a capital only because it opens the sentence
    if name.lower_ in MONTHS or name.lower_ in NUMBER_WORDS or _plural_noun(name) or (not bracketed and not name.whitespace_):
        return None
    if after < sentence.end:
        following = doc[after]
        if following.lower_ in UNIT_FOLLOWERS or _counted_noun(following) or following.text == "(":
            return None
    return name


def _followed_by_list(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """ "two reviews (CSPR's), Leo and Ava", "three partners – the Local Authority, Police and ...".

    After the counted noun phrase comes a list introducer and then at least two capitalised
    items: the count just announces a list, so the list (not the number) carries the facts.
    """
    head = _head_words(doc, sentence, quantity.end)
    if any(t.lower_ in REVIEW_COUNT_WORDS for t in head):
        return False  # "published two reviews, Leo and Ava": reviews published are activity, named or not
    i = head[-1].i + 1 if head else quantity.end
    if i >= sentence.end or doc[i].lower_ not in LIST_INTRODUCERS:
        return False
    rest = doc[i + 1 : sentence.end]
    items = 0
    current: list[Token] = []
    for token in rest:
        if token.text in {",", ";", "(", ")", "–", "—"} or token.lower_ in {"and", "or"}:
            items += _capitalised_item(current)
            current = []
        else:
            current.append(token)
    items += _capitalised_item(current)
    return items >= 2


def _capitalised_item(tokens: list[Token]) -> int:
    words = [t for t in tokens if t.is_alpha and t.lower_ not in LEADING_DETERMINERS]
    return int(bool(words) and (words[0].is_title or words[0].is_upper) and len(words) <= LABEL_MAX_TOKENS)
