"""Word lists and tolerances of the statistics component's rules (exclusions, labels, periods)."""

from __future__ import annotations

from ..textblocks import load_data

TIME_UNITS = [
    "day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years", "yr", "yrs",
    "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "decade", "decades",
    "night", "nights", "weekend", "weekends", "term", "terms",
]


DURATION_MODIFIERS = ["working", "calendar", "consecutive", "full", "school", "academic", "further", "more", "previous", "past", "additional"]


# Words that put a number in a name or a reference, not a count: "Item 8", "Section 11", "Level 3".
LABEL_NOUNS = [
    "item", "items", "section", "sections", "appendix", "appendices", "annex", "annexe", "paragraph", "paragraphs",
    "para", "paras", "page", "pages", "p", "pp", "chapter", "chapters", "table", "tables", "figure", "figures", "fig",
    "part", "parts", "phase", "level", "levels", "stage", "stages", "tier", "tiers", "step", "version", "no", "nos",
    "ref", "reference", "priority", "question", "recommendation", "option", "article", "articles", "clause", "regulation",
    "schedule", "standard", "box", "ward", "room", "floor", "tel", "telephone", "phone", "mobile", "fax", "ext",
    "extension", "minicom", "wave", "module", "objective", "outcome", "principle", "slide", "point", "s", "act",
    "issue", "edition", "volume", "vol", "route", "junction", "grade", "band", "class", "pathway", "pillar",
    "quarter", "quarters", "q",  # "Quarter 3 performance": a reporting period
    "indicator", "indicators", "newsletter", "bulletin", "footnote", "footnotes",
]


AGE_WORDS = ["age", "aged", "ages"]


AGE_GROUPS = ["children", "child", "babies", "baby", "infants", "people", "pupils", "those", "girls", "boys", "adults", "persons"]


FILE_UNITS = ["kb", "mb", "gb", "kilobytes", "megabytes", "bytes"]


PAGE_UNITS = ["page", "pages", "pp", "slide", "slides"]


PAGE_VIEW_WORDS = frozenset({"views", "view", "visits", "hits", "impressions", "visitors"})


PROFILE_NOUNS = ["children", "young", "pupils", "kids", "people"]


CLOCK_WORDS = ["am", "pm", "a.m.", "p.m."]


RANGE_DASHES = ["-", "–", "—", "/"]


# Names that carry a number ("Covid 19", "COVID 19", "SARS-CoV 2"): the number is part of the name.
NUMBERED_NAMES = ["covid", "coronavirus", "sars", "cov", "mers", "h1n1", "h5n1"]


# "two and a half", "six-and-a-half": the fractional part of a mixed number, which in this
# genre is nearly always an age or a duration ("two and a half years old", "aged 4 and a half").
MIXED_FRACTIONS = ["half", "quarter"]


MIXED_NUMERATORS = ["a", "one", "three"]


PROPAGATING = frozenset({"LABELLED", "AGE", "DURATION", "PAGES", "FILE"})  # "Section 11 and 175", "aged 10 to 17"


WHOLE_MATCH_EXCLUSIONS = frozenset({"MIXED_TIME", "MIXED_AGE", "HALF_TIME"})  # every token, not just the digits


FRACTION_PART_EXCLUSION = "MIXED_PART"  # only "a half" of "N and a half": N is judged on its own


NUMBER_CONNECTORS = frozenset({"and", "or", "to", ",", "&", "-", "–", "/"})


YEAR_MIN, YEAR_MAX = 1800, 2099


YEAR_PRECEDERS = frozenset({
    "in", "during", "since", "from", "until", "till", "by", "of", "to", "between", "before", "after", "throughout",
    "for", "and", "summer", "autumn", "spring", "winter", "early", "late", "mid", "year", "end", "(", "the",
})


IRREGULAR_PLURALS = frozenset({"children", "people", "staff", "men", "women", "police", "personnel", "youth", "young"})


FUNCTION_WORDS = frozenset({
    "was", "is", "has", "as", "this", "its", "his", "us", "thus", "plus", "across", "always", "perhaps", "unless",
    "whereas", "towards", "besides", "yes", "does", "goes", "less",
})


# Counts of parts of a document or of the arrangements themselves, which the text lists or
# which are fixed by statute ("the three safeguarding partners"): not statistics.
STRUCTURAL_NOUNS = frozenset({
    "priorities", "priority", "areas", "objectives", "aims", "themes", "principles", "pillars", "strands", "sections",
    "chapters", "parts", "appendices", "examples", "questions", "outcomes", "ambitions", "values",
    "commitments", "goals", "steps", "stages", "headings", "workstreams", "elements", "domains", "categories",
    "subgroups", "sub-groups", "threads", "things",
})


# "The three statutory partners", "our three lead Partners", "the 3 safeguarding partners":
# the partners fixed by statute (local authority, police, health; education in some areas)
# are a description of the arrangements, not a fact about the year's work.
STATUTORY_PARTNER_WORDS = frozenset({"statutory", "safeguarding", "lead", "key", "core", "founding", "strategic", "named", "main"})


PARTNER_WORDS = frozenset({"partner", "partners"})


PARTNER_BODY_WORDS = frozenset({"agency", "agencies", "organisation", "organisations", "organization", "organizations", "bodies", "body"})


STATUTORY_PARTNERS_MAX = 4  # three statutory partners, four where education is a partner


DEFINITE_DETERMINERS = frozenset({"the", "our", "its", "their", "these", "those", "both"})


NEW_MEMBER_WORDS = frozenset({"new", "other", "additional", "more", "further", "extra", "relevant"})


# Counts that point at items the text has just given or is about to give ("these three
# cases", "the two exemplars quoted above", "the four areas listed below"): list counts.
ANAPHORIC_DETERMINERS = frozenset({"these", "those", "following", "above", "aforementioned", "said"})


ANAPHORIC_POINTERS = frozenset({"above", "below", "overleaf", "earlier", "previously", "aforementioned", "beneath"})


# Between the counted noun and the pointer: "quoted above", "set out below", "referred to above".
POINTER_LINKS = frozenset({
    "quoted", "listed", "mentioned", "described", "outlined", "cited", "set", "out", "referred", "to", "detailed",
    "shown", "given", "noted", "highlighted", "discussed", "identified", "summarised", "summarized", "presented",
    "named", "explained", "as", "reported", "included", "featured",
})


POINTER_WINDOW = 3  # tokens between the noun phrase and "above"/"below"


POINTER_OBJECTS = frozenset({"the", "a", "an", "this", "that", "their", "its", "our", "his", "her"})  # "above the threshold"


# A number directly after a capitalised name is the name's version or edition ("Graded Care
# Profile (2)", "Signs of Safety 2", "GCP 2"); version numbers are small.
NAME_NUMBER_MAX = 20


UNIT_FOLLOWERS = frozenset({"%", "per", "percent", "pc", "cent", "times"})


LIST_MAX = 12  # a "count" this small followed by a list of names is a count of listed items


LIST_INTRODUCERS = frozenset({":", "–", "—", ";", ",", "(", "-", "namely", "including", "include", "includes", "comprising", "being"})


CASE_WORDS = frozenset({"review", "cspr", "scr", "lcspr", "case", "rapid", "inquiry"})


CASE_PREPOSITIONS = frozenset({"about", "into", "concerning", "regarding", "involving", "of", "on"})


CASE_OF_WORDS = frozenset({"case", "death", "deaths"})


# Singular nouns that make "one" a count ("one rapid review") rather than a pronoun ("one of").
ONE_NOUNS = frozenset({
    "review", "cspr", "scr", "lcspr", "referral", "audit", "allegation", "event", "course", "session",
    "recommendation", "conference", "inspection", "complaint", "death", "child", "family", "case",
})


CASE_WINDOW = 4


ONE_NOUN_WINDOW = 3  # "one" is a statistic only with a counted noun this close ("one rapid review")


# "no one", "each one", "every one", "any one", "which one": "one" is a pronoun after these.
PRONOUN_ONE_PRECEDERS = frozenset({"no", "each", "every", "any", "which", "anyone", "someone", "the", "this", "that", "only"})


# Counted review nouns whose count is a list count when the following sentence names them
# ("published one CSPR this year. This review ... 'Ruby'"); counts of unnamed reviews stay.
REVIEW_COUNT_WORDS = frozenset({"review", "reviews", "cspr", "csprs", "lcspr", "lcsprs", "scr", "scrs", "cspr's", "scr's"})


# The word before a review's code ("Child X", "Baby AB", "Young Person C"): the last word of
# each prefix in the reviews vocabulary, so both components read names the same way.
REVIEW_VOCABULARY = "review_kinds.json"


NAME_PREFIX_WORDS = frozenset(prefix.split()[-1] for prefix in load_data(REVIEW_VOCABULARY)["name_prefixes"])


NOT_TITLE_HEADS = frozenset(load_data(REVIEW_VOCABULARY)["not_title_heads"])  # "the 'Keep Me Safe' strategy" names no review


BACK_DETERMINERS = frozenset({"this", "that", "these", "those", "the", "both", "each"})  # + a review word: "This review"


BACK_PRONOUNS = frozenset({"it", "they"})


BACK_REFERENCE_GAP = 2  # "The first review", "This second CSPR"


NAMED_REVIEW_WINDOW = 2  # sentences after the count in which the reviews may be named


COMPARISON_CUES = [("compared", "with"), ("compared", "to"), ("up", "from"), ("down", "from"), ("from",), ("against",), ("than",)]


SUBORDINATORS = frozenset({"since", "when", "after", "although", "following", "because", "while", "whilst", "once", "before", "as", "though"})


# A count stated as now ("currently includes 8 programmes") is not dated by a year told
# about something else in the sentence ("In 2019 the hub opened and it currently ...").
PRESENT_TIME_WORDS = frozenset({"currently", "now", "presently", "today", "nowadays"})


PRESENT_VERBS = frozenset({
    "is", "are", "has", "have", "includes", "include", "comprises", "comprise", "contains", "contain", "remains",
    "remain", "covers", "cover", "consists", "consist", "runs", "run", "provides", "provide", "supports", "support",
    "employs", "employ", "holds", "hold", "offers", "offer", "involves", "involve", "stands", "stand",
})


CLAUSE_JOINERS = frozenset({"and", "but", "which", "who", "where", "while", "whilst", "whereas", "so", ";"})


LABEL_MAX_TOKENS = 10


LABEL_STOP_WORDS = frozenset({
    "who", "which", "that", "where", "whose", "whom", "when", "while", "whilst", "because", "although", "though",
    "but", "so", "compared", "whereas", "than", "thus", "however",
})


LABEL_STOP_PUNCT = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "[", "]", "–", "—", '"', "“", "”", "...", "|"})


LABEL_TRIM = frozenset({
    "and", "or", "of", "to", "in", "for", "the", "a", "an", "from", "with", "by", "on", "at", "as", "is", "are",
    "was", "were", "has", "have", "had", "being", "been", "be", "during", "since", "over", "within", "across", "this",
    "these", "those", "its", "their", "our", "it",
})


LEADING_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "its", "their"})


COPULAS = frozenset({
    "is", "was", "are", "were", "be", "been", "totalled", "totaled", "totalling", "reached", "stood", "at", "of",
    "to", "by", "amounted", "remained", "rose", "fell", "increased", "decreased", "numbered", "totals", "total",
    "from", "risen", "fallen", "grown", "dropped", "went", "up", "down",
})


TIME_PREPOSITIONS = frozenset({"within", "over", "in", "during", "for", "after", "before", "since", "across", "throughout"})


PERIOD_PREPOSITIONS = frozenset({"in", "during", "since", "by", "between", "for", "throughout", "over", "from", "until", "of"})


RELATIVE_TIME_WORDS = frozenset({"this", "last", "next", "each", "every", "previous", "following", "that", "a", "per", "the"})


HALF_OF_TIME = frozenset({"first", "second", "last", "latter", "other", "the"})


LEADING_CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whilst"})


PERIOD_FOLLOW_WINDOW = 6


LABEL_COLONS = frozenset({":", "–", "—", "-", "="})


PER_ITEM_WORDS = frozenset({"per", "each"})  # "£25 per delegate", "£250 each": the label names the item before


PRICE_VERBS = frozenset({"cost", "costs", "costing", "received", "receive", "receives", "paid", "priced", "awarded", "allocated", "given", "granted"})


PAREN_GAP = 2  # "120 referrals (15%)": the percent sits this close after its count's label


ROUND_DECIMALS = 6


# --- rules the component records for each dropped number (explain.drop) -----------------------

RULE_PREFIX = "statistics."
BASE_EXCLUSIONS = frozenset({"PER_BASE", "DENOMINATOR"})  # only the second number: "per 10,000", "5 of 6"
# Document-mirror sites print "2 views", "0 download", "View 12" beside every document.
COUNTER_WORDS = ["view", "views", "download", "downloads", "like", "likes", "share", "shares", "comment", "comments"]
COUNTER_CONTINUATIONS = frozenset({"of", "on", "in", "across", "for", "to", "by", "from"})  # "3,400 views of the film"
STREET_WORDS = [
    "road", "rd", "street", "st", "lane", "avenue", "way", "close", "drive", "place", "square", "crescent",
    "terrace", "court", "gardens", "parade", "walk", "row", "hill", "house",
]
EMERGENCY_NUMBERS = ["999", "101", "111", "112", "116", "105"]
CALL_WORDS = ["call", "calling", "dial", "dialling", "ring", "phone", "telephone", "use", "emergency", "text", "contact"]
CHILD_AGE_RE = r"^(1?\d)$"  # "Jay, 13, was ...": a named child's age
AGE_FOLLOWERS = ["when", "and", "at", "years", "year", "yrs", "months", "weeks"]
TOTAL_WORDS = frozenset({"total", "totals", "overall", "all"})
# Counts of the bodies that make up the arrangements ("27 agencies", "41 organisations named as
# relevant agencies", "two neighbouring boards"): LABELLING.md's counts of partners and agencies.
PARTNER_COUNT_NOUNS = frozenset({
    "agencies", "partners", "boards", "partnerships", "members",
})
PARTNER_COUNT_WINDOW = 3  # the noun within this many words after the number ("38 relevant agencies")
JOINING_WORDS = frozenset({"new", "additional", "more", "further", "extra"})  # "three new partner agencies joined"
