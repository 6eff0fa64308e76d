"""Word lists (from data/statistics_words.json) and tolerances of the statistics component's rules (exclusions, labels, periods)."""

from __future__ import annotations

from ..vocabularies import load_data

WORDS_FILE = "statistics_words.json"  # nlp/data: the word lists, so they can be read and changed without code
WORDS = load_data(WORDS_FILE)

TIME_UNITS = list(WORDS["time_units"])

DURATION_MODIFIERS = list(WORDS["duration_modifiers"])

# Words that put a number in a name or a reference, not a count: "Item 8", "Section 11", "Level 3".
LABEL_NOUNS = list(WORDS["label_nouns"])

AGE_WORDS = list(WORDS["age_words"])

AGE_GROUPS = list(WORDS["age_groups"])

FILE_UNITS = list(WORDS["file_units"])

PAGE_UNITS = list(WORDS["page_units"])

PAGE_VIEW_WORDS = frozenset(WORDS["page_view_words"])

PROFILE_NOUNS = list(WORDS["profile_nouns"])

CLOCK_WORDS = list(WORDS["clock_words"])

RANGE_DASHES = list(WORDS["range_dashes"])

# Names that carry a number ("Covid 19", "COVID 19", "SARS-CoV 2"): the number is part of the name.
NUMBERED_NAMES = list(WORDS["numbered_names"])

# "two and a half", "six-and-a-half": the fractional part of a mixed number, which in this
# genre is nearly always an age or a duration ("two and a half years old", "aged 4 and a half").
MIXED_FRACTIONS = list(WORDS["mixed_fractions"])

MIXED_NUMERATORS = list(WORDS["mixed_numerators"])

PROPAGATING = frozenset(WORDS["propagating"])  # "Section 11 and 175", "aged 10 to 17"

WHOLE_MATCH_EXCLUSIONS = frozenset(WORDS["whole_match_exclusions"])  # every token, not just the digits

FRACTION_PART_EXCLUSION = "MIXED_PART"  # only "a half" of "N and a half": N is judged on its own

NUMBER_CONNECTORS = frozenset(WORDS["number_connectors"])

YEAR_MIN, YEAR_MAX = 1800, 2099

YEAR_PRECEDERS = frozenset(WORDS["year_preceders"])

IRREGULAR_PLURALS = frozenset(WORDS["irregular_plurals"])

FUNCTION_WORDS = frozenset(WORDS["function_words"])

# Counts of parts of a document or of the arrangements themselves, which the text lists or
# which are fixed by statute ("the three safeguarding partners"): not statistics.
STRUCTURAL_NOUNS = frozenset(WORDS["structural_nouns"])

# "The three statutory partners", "our three lead Partners", "the 3 safeguarding partners":
# the partners fixed by statute (local authority, police, health; education in some areas)
# are a description of the arrangements, not a fact about the year's work.
STATUTORY_PARTNER_WORDS = frozenset(WORDS["statutory_partner_words"])

PARTNER_WORDS = frozenset(WORDS["partner_words"])

PARTNER_BODY_WORDS = frozenset(WORDS["partner_body_words"])

STATUTORY_PARTNERS_MAX = 4  # three statutory partners, four where education is a partner

DEFINITE_DETERMINERS = frozenset(WORDS["definite_determiners"])

NEW_MEMBER_WORDS = frozenset(WORDS["new_member_words"])

# Counts that point at items the text has just given or is about to give ("these three
# cases", "the two exemplars quoted above", "the four areas listed below"): list counts.
ANAPHORIC_DETERMINERS = frozenset(WORDS["anaphoric_determiners"])

ANAPHORIC_POINTERS = frozenset(WORDS["anaphoric_pointers"])

# Between the counted noun and the pointer: "quoted above", "set out below", "referred to above".
POINTER_LINKS = frozenset(WORDS["pointer_links"])

POINTER_WINDOW = 3  # tokens between the noun phrase and "above"/"below"

POINTER_OBJECTS = frozenset(WORDS["pointer_objects"])  # "above the threshold"

# A number directly after a capitalised name is the name's version or edition ("Graded Care
# Profile (2)", "Signs of Safety 2", "GCP 2"); version numbers are small.
NAME_NUMBER_MAX = 20

UNIT_FOLLOWERS = frozenset(WORDS["unit_followers"])

LIST_MAX = 12  # a "count" this small followed by a list of names is a count of listed items

LIST_INTRODUCERS = frozenset(WORDS["list_introducers"])

CASE_WORDS = frozenset(WORDS["case_words"])

CASE_PREPOSITIONS = frozenset(WORDS["case_prepositions"])

CASE_OF_WORDS = frozenset(WORDS["case_of_words"])

# Singular nouns that make "one" a count ("one rapid review") rather than a pronoun ("one of").
ONE_NOUNS = frozenset(WORDS["one_nouns"])

CASE_WINDOW = 4

ONE_NOUN_WINDOW = 3  # "one" is a statistic only with a counted noun this close ("one rapid review")

# "no one", "each one", "every one", "any one", "which one": "one" is a pronoun after these.
PRONOUN_ONE_PRECEDERS = frozenset(WORDS["pronoun_one_preceders"])

# Counted review nouns: a count of reviews is activity even when the reviews are then named
# ("published two reviews, Leo and Ava"), so it is never a count announcing a list.
REVIEW_COUNT_WORDS = frozenset(WORDS["review_count_words"])

COMPARISON_CUES = [("compared", "with"), ("compared", "to"), ("up", "from"), ("down", "from"), ("from",), ("against",), ("than",)]

SUBORDINATORS = frozenset(WORDS["subordinators"])

# A count stated as now ("currently includes 8 programmes") is not dated by a year told
# about something else in the sentence ("In 2019 the hub opened and it currently ...").
PRESENT_TIME_WORDS = frozenset(WORDS["present_time_words"])

PRESENT_VERBS = frozenset(WORDS["present_verbs"])

CLAUSE_JOINERS = frozenset(WORDS["clause_joiners"])

LABEL_MAX_TOKENS = 10

LABEL_STOP_WORDS = frozenset(WORDS["label_stop_words"])

LABEL_STOP_PUNCT = frozenset(WORDS["label_stop_punct"])

LABEL_TRIM = frozenset(WORDS["label_trim"])

LEADING_DETERMINERS = frozenset(WORDS["leading_determiners"])

COPULAS = frozenset(WORDS["copulas"])

TIME_PREPOSITIONS = frozenset(WORDS["time_prepositions"])

PERIOD_PREPOSITIONS = frozenset(WORDS["period_prepositions"])

RELATIVE_TIME_WORDS = frozenset(WORDS["relative_time_words"])

HALF_OF_TIME = frozenset(WORDS["half_of_time"])

LEADING_CONJUNCTIONS = frozenset(WORDS["leading_conjunctions"])

PERIOD_FOLLOW_WINDOW = 6

LABEL_COLONS = frozenset(WORDS["label_colons"])

PER_ITEM_WORDS = frozenset(WORDS["per_item_words"])  # "£25 per delegate", "£250 each": the label names the item before

PRICE_VERBS = frozenset(WORDS["price_verbs"])

PAREN_GAP = 2  # "120 referrals (15%)": the percent sits this close after its count's label

ROUND_DECIMALS = 6

# --- rules the component records for each dropped number (explain.drop) -----------------------

RULE_PREFIX = "statistics."
BASE_EXCLUSIONS = frozenset(WORDS["base_exclusions"])  # only the second number: "per 10,000", "5 of 6"
# Document-mirror sites print "2 views", "0 download", "View 12" beside every document.
COUNTER_WORDS = list(WORDS["counter_words"])
COUNTER_CONTINUATIONS = frozenset(WORDS["counter_continuations"])  # "3,400 views of the film"
STREET_WORDS = list(WORDS["street_words"])
EMERGENCY_NUMBERS = list(WORDS["emergency_numbers"])
CALL_WORDS = list(WORDS["call_words"])
CHILD_AGE_RE = r"^(1?\d)$"  # "Jay, 13, was ...": a named child's age
AGE_FOLLOWERS = list(WORDS["age_followers"])
TOTAL_WORDS = frozenset(WORDS["total_words"])
# Counts of the bodies that make up the arrangements ("27 agencies", "41 organisations named as
# relevant agencies", "two neighbouring boards"): LABELLING.md's counts of partners and agencies.
PARTNER_COUNT_NOUNS = frozenset(WORDS["partner_count_nouns"])
PARTNER_COUNT_WINDOW = 3  # the noun within this many words after the number ("38 relevant agencies")
JOINING_WORDS = frozenset(WORDS["joining_words"])  # "three new partner agencies joined"
# Distances ("placed more than 20 miles away", "five km from a clinic"): not counts of anything.
DISTANCE_UNITS = list(WORDS["distance_units"])
# Performance targets and thresholds ("above the target of 20%", "95% target", a "Target" column):
# the genre's scorecards print them beside each actual, and they are aims, not facts.
TARGET_WORDS = frozenset(WORDS["target_words"])
TARGET_LINKS = list(WORDS["target_links"])  # "target of 20%", "target: 90%", "target set at 85%"
# A table column of board-meeting attendance ("Meetings attended | 5 of 6").
ATTENDANCE_WORDS = frozenset(WORDS["attendance_words"])
# A scorecard's last column for the whole period ("Year", "YTD"); in snapshot rows it repeats the
# last quarter's position ("22 | 25 | 24 | 28 | 28"), which is one fact, not two.
WHOLE_PERIOD_WORDS = frozenset(WORDS["whole_period_words"])
# A short row label that ends by naming a reference: "Agenda item | 8", "Agenda Item No. | 9".
REFERENCE_ROW_WORDS = frozenset(WORDS["reference_row_words"])
REFERENCE_LABEL_MAX = 3
# A table cell repeating a figure the prose already gives is the same fact ("A table total that
# repeats a figure already given in the prose is not labelled again"); only values this large
# (or with decimals) are taken to be the same figure rather than two small counts alike.
DISTINCTIVE_MIN = 100
LIST_MARK_ENDS = frozenset({".", ")"})  # "1." / "2)" after a list or paragraph number
# "Of the eight rapid reviews, two led to an LCSPR": a number word opening a clause right before
# its verb counts part of a group; it is a fact, not the pronoun of "all three agreed".
PARTITIVE_VERBS = frozenset(WORDS["partitive_verbs"])
CLAUSE_OPENERS = frozenset(WORDS["clause_openers"])
