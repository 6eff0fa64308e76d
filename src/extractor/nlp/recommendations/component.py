"""The recommendations factory and reader: requests, resolutions, 'recommend that', actions and output spans."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import extensions  # noqa: F401  (declares Span._.fact)
from ..explain import drop
from ..grammar.lists import (
    enumerator_at,
    list_entries,
    numbered_start,
    skip_enumerator,
)
from ..grammar.resolutions import COPULA, ResolutionGrammar, base_form, inflections
from ..textblocks import (
    HEADING_KIND,
    LIST_KIND,
    SKIPPED_KINDS,
    TextBlock,
    clean_text,
    heading_of,
    matches_in,
    sentences_in,
)
from ..vocabularies import load_data
from .common import (
    ACTION_WINDOW,
    AND_THAT,
    COMMITTEE,
    DEFAULT_CUES_FILE,
    DETERMINERS,
    FIRST_PERSON,
    INSPECTION,
    LEADING_NOISE,
    LEARNING,
    MAX_ADDRESSEE_TOKENS,
    MAX_HEADING_WORDS,
    MODALS,
    NEED,
    PARTICIPLE_ENDINGS,
    PASSIVE,
    RECOMMEND,
    RECOMMENDATIONS,
    REQUEST,
    RESOLVE,
    SCRUTINY,
    SPAN_KEY,
    TRAILING,
    Recommendation,
    _is_numbering,
    _letters,
    _phrases,
    _request_matcher,
    _strip_end,
    reading_blocks,
)
from .sections import SectionLists


@Language.factory("recommendations", default_config={"cues_file": DEFAULT_CUES_FILE, "span_key": SPAN_KEY})
def make_recommendations(nlp: Language, name: str, cues_file: str, span_key: str) -> "RecommendationReader":
    return RecommendationReader(nlp, cues_file, span_key)


class RecommendationReader(SectionLists):
    """Finds recommendations by their form and says who made them and who they address."""

    def __init__(self, nlp: Language, cues_file: str, span_key: str) -> None:
        cues = load_data(cues_file)
        self.nlp = nlp
        self.span_key = span_key
        self.actions = inflections(cues["actions"])
        self.bodies = frozenset(cues["bodies"])
        self.grammar = ResolutionGrammar.from_cues(cues, self.actions)
        # one matcher for the verb cues, one pass over the document; each form asks for its keys
        self.verb_cues = _request_matcher(nlp, cues["request_auxiliaries"], cues["request_verbs"])
        self.verb_cues.add(RESOLVE, [[{"LOWER": {"IN": cues["resolve_verbs"]}}, {"LOWER": "to"}]])
        self.to_items = frozenset(cues["to_items"])
        self.reader_words = frozenset(cues["reader_words"])
        self.verb_cues.add(RECOMMEND, [[{"LOWER": {"IN": cues["recommend_verbs"]}}, {"LOWER": "that"}]])
        self.inspection = _phrases(nlp, cues["inspection_cues"])
        self.scrutiny = _phrases(nlp, cues["scrutiny_cues"])
        self.review_cues = _phrases(nlp, cues["review_cues"])
        self.excluded = frozenset(_letters(h) for h in cues["excluded_sections"])
        self.improvement = frozenset(_letters(h) for h in cues["improvement_headings"])
        self.announcements = _phrases(nlp, cues["announcements"])
        self.markers = _phrases(nlp, cues["announcement_markers"])
        self.not_announcing = _phrases(nlp, cues["not_announcing"])
        self.headings = frozenset(_letters(h) for h in cues["recommendation_headings"])
        self.heading_words = frozenset(cues["recommendation_heading_words"])
        self.field_words = frozenset(cues["decision_fields"])  # 'Decision details' heads a page, not decisions
        self.pointers = _phrases(nlp, cues["pointers"])
        self.link_verbs = frozenset(cues["recommendation_link_verbs"])
        self.verb_cues.add(
            RECOMMENDATIONS,
            [[{"LOWER": {"IN": cues["recommendation_nouns"]}}, {"LOWER": {"IN": cues["recommendation_link_verbs"]}}, {"LOWER": "that"}]],
        )

    def __call__(self, doc: Doc) -> Doc:
        blocks = reading_blocks(doc, lambda span: self.grammar.body_start(span) is not None)
        excluded = self._excluded_blocks(doc, blocks)
        used: set[int] = set()
        found: list[Recommendation] = []
        for block in blocks:
            if block.index in excluded or block.kind == HEADING_KIND:
                continue
            found += self._resolution(doc, blocks, block, used)
            for sentence in sentences_in(block):
                found += self._requests(doc, blocks, block, sentence, used)
                found += self._recommend_that(doc, blocks, block, sentence, used)
        found += self._recommendation_sections(doc, blocks, used, excluded)
        found += self._to_items(doc, blocks, used, excluded)
        found += self._inline_lists(doc, blocks, used, excluded)
        found += self._announced_lists(doc, blocks, {r.start for r in found}, excluded)
        doc.spans[self.span_key] = self._spans(doc, found)
        return doc

    # --- sections -------------------------------------------------------------------------

    def _excluded_blocks(self, doc: Doc, blocks: list[TextBlock]) -> set[int]:
        """Blocks under a 'Reason/s for recommendation/s' heading, up to the next heading."""
        excluded: set[int] = set()
        inside = False
        for block in blocks:
            if block.kind == HEADING_KIND:
                letters = _letters(block.text)
                inside = any(phrase in letters for phrase in self.excluded)
            elif inside or _letters(block.span[:MAX_ADDRESSEE_TOKENS].text).startswith(tuple(self.excluded)):
                excluded.add(block.index)
                drop(doc, SPAN_KEY, block.span.start_char, block.span.end_char, "recommendations.reason_section")
        return excluded

    def _is_recommendation_heading(self, block: TextBlock) -> bool:
        """'RECOMMENDATION/S', 'Resolved', or a short heading naming them ('2. Recommendation(s) /
        Proposed Decision', 'Delegated decisions:', 'Recommendations to Council'); not 'Decision
        details' (a page's fields), 'Reasons for the decision' or 'Progress on recommendations'."""
        letters = _letters(block.text)
        if letters in self.headings:
            return True
        words = letters.split()
        heads = [i for i, word in enumerate(words) if word in self.heading_words]
        fields = [i for i in heads if i + 1 < len(words) and {words[i + 1], words[i + 1].removesuffix("s")} & self.field_words]
        return 0 < len(words) <= MAX_HEADING_WORDS and bool(heads) and not fields and not self._excluded_heading(block)

    # --- requests: '<body> is asked to ...' ---------------------------------------------------

    def _verb_cues(self, span: Span, *keys: str) -> list[tuple[int, int, int]]:
        """The matches of the verb cues `keys` inside `span`, in text order."""
        return [m for m in matches_in(self.verb_cues, span) if self.nlp.vocab.strings[m[0]] in keys]

    def _requests(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, sentence: Span, used: set[int]) -> list[Recommendation]:
        found: list[Recommendation] = []
        matches = self._verb_cues(sentence, REQUEST)[:1] or (self._verb_cues(sentence, RESOLVE)[:1] if self._opens_with_that(doc, sentence) else [])
        for _, start, end in matches:
            addressee = self._addressee(doc, sentence.start, start)
            if addressee is None or end < sentence.end and (doc[end].lower_ in DETERMINERS or doc[end].like_num):
                continue  # 'be invited to the March meeting': no action follows 'to'
            body_end = _strip_end(doc, end, sentence.end)
            if doc[end : sentence.end].text.rstrip().endswith(":"):
                items = self._listed(doc, blocks, block)
                if items and (body_end <= end or all(self._opens_with_action(doc, a) for _, a, _ in items)):
                    found += [self._committee(doc, a, b, addressee) for _, a, b in items]
                    used.update([block.index, *(index for indexes, _, _ in items for index in indexes)])
                    continue
            if body_end > end:
                found += [self._committee(doc, a, b, addressee) for a, b in self._split_actions(doc, end, body_end)]
                used.add(block.index)
        return found

    def _opens_with_that(self, doc: Doc, sentence: Span) -> bool:
        """'That the Committee resolves to ...', '(2) That Cabinet agrees to ...': a recommended resolution."""
        start = skip_enumerator(doc, sentence.start, sentence.end)
        return start < sentence.end and doc[start].lower_ == "that"

    def _addressee(self, doc: Doc, start: int, end: int) -> str | None:
        """The body before 'is asked to', without numbering, 'That' or a leading 'The'."""
        while start < end and (_is_numbering(doc[start].text) or doc[start].lower_ in LEADING_NOISE):
            start += 1
        if start < end and doc[start].lower_ in DETERMINERS:
            start += 1
        if not 0 < end - start <= MAX_ADDRESSEE_TOKENS:
            return None
        words = {t.lower_ for t in doc[start:end]}
        if not words & self.bodies:
            return None
        return clean_text(doc[start:end].text)

    def _committee(self, doc: Doc, start: int, end: int, addressee: str | None) -> Recommendation:
        return Recommendation(start, end, addressee, COMMITTEE, self._action(doc, start, end))

    def _listed(self, doc: Doc, blocks: list[TextBlock], block: TextBlock) -> list[tuple[tuple[int, ...], int, int]]:
        """The actions listed after an intro, as (block indexes, start, end): list items, or
        numbered paragraphs ('(1)', 'a)'; a paragraph a PDF wrapped is continued, and '1) ... 2) ...'
        run into one paragraph are split)."""
        found: list[tuple[tuple[int, ...], int, int]] = []
        items = self._items_after(doc, blocks, block.index)
        if items:
            for item in items:
                start = skip_enumerator(doc, item.span.start, item.span.end)
                end = _strip_end(doc, start, item.span.end)
                if end > start:
                    found.append(((item.index,), start, end))
            return found
        entries = list_entries(blocks, block.index + 1)
        if not entries or not numbered_start(doc, blocks[block.index + 1].span.start, blocks[block.index + 1].span.end):
            return []
        for entry in entries:
            found += [(entry.blocks, a, b) for a, b in self._split_numbered(doc, entry.start, _strip_end(doc, entry.start, entry.end))]
        return found

    def _items_after(self, doc: Doc, blocks: list[TextBlock], index: int) -> list[TextBlock]:
        """The list items after an intro. A numbered item ending in ':' ('(ii) That the following
        priorities be endorsed:-') owns the unnumbered items under it, which are not actions."""
        items: list[TextBlock] = []
        nested = False
        for block in blocks[index + 1 :]:
            if block.kind in SKIPPED_KINDS:
                continue
            if block.kind != LIST_KIND:
                break
            numbered = numbered_start(doc, block.span.start, block.span.end)
            if nested and not numbered:
                drop(doc, SPAN_KEY, block.span.start_char, block.span.end_char, "recommendations.sub_item")
                continue
            nested = block.is_intro and numbered
            items.append(block)
        return items

    def _split_numbered(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """'note the report; 2) consider ...': the parts of an entry at its inline enumerators."""
        numbered = [i for i in range(start + 1, end) if enumerator_at(doc, i)]
        bounds = list(zip([start] + numbered, numbered + [end]))
        return [p for p in (self._part(doc, skip_enumerator(doc, a, b), b) for a, b in bounds) if p]

    def _split_actions(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """'note the report; endorse the plan; and agree ...' -> three, if each part opens with a verb."""
        numbered = [i for i in range(start, end) if enumerator_at(doc, i)]
        if len(numbered) >= 2:
            bounds = list(zip(numbered, numbered[1:] + [end]))
            return [p for p in (self._part(doc, skip_enumerator(doc, a, b), b) for a, b in bounds) if p]
        cuts = [i for i in range(start, end) if doc[i].text == ";"]
        if cuts:
            bounds = list(zip([start] + [c + 1 for c in cuts], cuts + [end]))
            parts = [p for p in (self._part(doc, a, b) for a, b in bounds) if p]
            if len(parts) > 1 and all(self._opens_with_action(doc, a) for a, _ in parts):
                return parts
        return [(start, end)]

    def _part(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        while start < end and (doc[start].lower_ in LEADING_NOISE or doc[start].is_space):
            start += 1
        end = _strip_end(doc, start, end)
        return (start, end) if end > start else None

    def names_only_body(self, doc: Doc, start: int, end: int) -> bool:
        """'The Committee agreed:', 'That the Executive:': an intro naming the body, its actions listed after it."""
        if end > start and doc[end - 1].lower_ in self.grammar.openers:
            end -= 1
        if self._addressee(doc, start, end) is None:
            return False
        return not any((t.lower_ in self.actions or t.lower_ in PASSIVE) and t.lower_ not in self.bodies for t in doc[start:end])

    def _opens_with_action(self, doc: Doc, start: int) -> bool:
        return doc[start].lower_ in self.actions or doc[start].lower_ in DETERMINERS

    # --- resolutions -------------------------------------------------------------------

    def _resolution(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, used: set[int]) -> list[Recommendation]:
        """'RESOLVED – That (1) the report be noted; and (2) ...', 'Resolved to: (i) ...' and its listed parts."""
        span = block.span
        start = self.grammar.body_start(span)
        if start is None or block.index in used:
            if self.grammar.is_field(span):
                drop(doc, SPAN_KEY, span.start_char, span.end_char, "recommendations.decision_field")
            return []
        if any(_letters(span[:MAX_ADDRESSEE_TOKENS].text).startswith(p) for p in self.excluded):
            return []  # 'REASON FOR DECISIONS: ...' opens a reasons paragraph
        end = _strip_end(doc, start, span.end)
        addressee = (doc._.metadata or {}).get("meeting_body")
        used.add(block.index)
        if end <= start or block.is_intro and self.names_only_body(doc, start, end):
            items = self._listed(doc, blocks, block)
            used.update(index for indexes, _, _ in items for index in indexes)
            parts = [(a, b) for _, a, b in items]
        else:
            parts = self._split_resolution(doc, start, end)
        return [self._committee(doc, a, b, addressee) for a, b in self._directed(doc, parts)]

    def _directed(self, doc: Doc, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The parts that direct something; record-only lines are dropped with their reason."""
        kept = []
        for a, b in parts:
            if self.grammar.is_record_only(doc, a, b):
                drop(doc, SPAN_KEY, doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), "recommendations.record_only")
            else:
                kept.append((a, b))
        return kept

    def _split_resolution(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        numbered = [i for i in range(start, end) if enumerator_at(doc, i)]
        if len(numbered) >= 2:
            bounds = list(zip(numbered, numbered[1:] + [end]))
            return [p for p in (self._part(doc, skip_enumerator(doc, a, b), b) for a, b in bounds) if p]
        cuts = [i for i in range(start, end) if doc[i].text == ";"]
        bounds = list(zip([start] + [c + 1 for c in cuts], cuts + [end]))
        return [p for p in (self._part(doc, a, b) for a, b in bounds) if p]

    # --- '... recommend(s) that ...' -------------------------------------------------------

    def _recommend_that(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, sentence: Span, used: set[int]) -> list[Recommendation]:
        found = []
        for _, start, end in self._verb_cues(sentence, RECOMMEND, RECOMMENDATIONS)[:1]:
            body_end = _strip_end(doc, end, sentence.end)
            if body_end <= end:
                continue
            subject = doc[sentence.start : start]
            source = self._source(doc, blocks, block, subject, sentence)
            cuts = [i for i in range(end + 1, body_end - 1) if doc[i].lower_ == "that" and doc[i - 1].lower_ in AND_THAT]
            for a, b in zip([end] + [c + 1 for c in cuts], cuts + [body_end]):
                b = _strip_end(doc, a, b)
                if b > a:
                    addressee = self._recommend_addressee(doc, source, a, b)
                    found.append(Recommendation(a, b, addressee, source, self._action(doc, a, b)))
            used.add(block.index)
        return found

    def _source(self, doc: Doc, blocks: list[TextBlock], block: TextBlock, subject: Span, sentence: Span) -> str:
        heading = heading_of(blocks, block.index)
        context = [subject] + ([heading.span] if heading is not None else [])
        if any(matches_in(self.inspection, span) for span in context):
            return INSPECTION
        if matches_in(self.review_cues, subject):
            return LEARNING
        first_person = any(t.lower_ in FIRST_PERSON for t in subject)
        if first_person or any(matches_in(self.scrutiny, span) for span in context + [sentence]):
            return SCRUTINY
        return COMMITTEE

    def _recommend_addressee(self, doc: Doc, source: str, start: int, end: int) -> str | None:
        """Committee recommendations name their body ('that the Committee notes'); others address the partnership."""
        if source == LEARNING:
            return None
        if source == COMMITTEE:
            verb = next((i for i in range(start, end) if doc[i].lower_ in self.actions and i > start), None)
            return self._addressee(doc, start, verb) if verb is not None else None
        return (doc._.metadata or {}).get("partnership")

    # --- actions -------------------------------------------------------------------------

    def _action(self, doc: Doc, start: int, end: int) -> str | None:
        """The verb the body is asked to do: 'note the report' -> note; 'the report be noted' -> note."""
        for i in range(start, min(end, start + ACTION_WINDOW)):
            if doc[i].lower_ in self.actions and doc[i].lower_ not in PASSIVE:
                return self.actions[doc[i].lower_]
        verb = self._verb_after_auxiliary(doc, start, end, PASSIVE | MODALS)
        if verb is not None:
            return verb
        return next((self.actions[t.lower_] for t in doc[start:end] if t.lower_ in self.actions and t.lower_ not in PASSIVE), None)

    def _verb_after_auxiliary(self, doc: Doc, start: int, end: int, auxiliaries: frozenset[str]) -> str | None:
        """The first verb after an auxiliary or modal: 'is applied' -> apply, 'should refresh' -> refresh,
        'need to evidence' -> evidence. After a passive auxiliary only a known verb or a participle counts
        ('must be curious' names no action)."""
        for i in range(start, end - 1):
            word, following = doc[i].lower_, doc[i + 1]
            if word in NEED and following.lower_ == "to" or word not in auxiliaries:
                continue
            candidate = following.lower_
            if not following.is_alpha or candidate in PASSIVE | MODALS | {"not", "also"}:
                continue
            if candidate in self.actions:
                return self.actions[candidate]
            if word in PASSIVE:
                if candidate.endswith(PARTICIPLE_ENDINGS):
                    return base_form(candidate)
                continue
            return candidate
        return None

    def _is_pointer(self, doc: Doc, rec: Recommendation) -> bool:
        """'The recommendations are set out at the front', 'The recommendations in paragraph 1.1 allow
        ...': about recommendations, directing nothing ('That the recommendations ... be approved' does)."""
        span = doc[rec.start : rec.end]
        opens = any(start == rec.start for _, start, _ in matches_in(self.pointers, span))
        return opens and not any(t.lower_ == COPULA for t in span)

    # --- output --------------------------------------------------------------------------

    def _spans(self, doc: Doc, found: list[Recommendation]) -> list[Span]:
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for rec in sorted(found, key=lambda r: r.start):
            if (rec.start, rec.end) in seen:
                continue
            if self._is_pointer(doc, rec):
                drop(doc, SPAN_KEY, doc[rec.start].idx, doc[rec.end - 1].idx + len(doc[rec.end - 1]), "recommendations.pointer")
                continue  # 'The recommendations are set out on the cover sheet': about them, not one
            seen.add((rec.start, rec.end))
            span = doc[rec.start : rec.end]
            span._.fact = {
                "text": clean_text(span.text, TRAILING),
                "addressee": rec.addressee,
                "source_kind": rec.source_kind,
                "action": rec.action,
            }
            spans.append(span)
        return spans
