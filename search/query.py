"""Reader's search text → a small, safe, engine-neutral query.

Whatever a reader types is reduced to words made of letters and digits, grouped the way web
search engines read them: words are all required, `"quoted words"` form a phrase, `or` between
two terms accepts either, a leading `-` excludes a term. Nothing a reader types reaches a
database's query syntax as syntax, so quotes, `NEAR(`, `*`, `:`, parentheses or SQL are plain
words; each backend writes the parsed query in its own syntax from these parts.
"""

import re
from dataclasses import dataclass, field

# Longer queries are cut, not refused: enough for a long question, bounded cost for the database.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# PostgreSQL's English stop words (Snowball). They are dropped on every engine, so a query
# behaves the same on both, and "how to" does not match every post in the knowledge base.
STOP_WORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself "
    "she her hers herself it its itself they them their theirs themselves what which who whom "
    "this that these those am is are was were be been being have has had having do does did "
    "doing a an the and but if or because as until while of at by for with about against between "
    "into through during before after above below to from up down in out on off over under again "
    "further then once here there when where why how all any both each few more most other some "
    "such no nor not only own same so than too very s t can will just don should now".split()
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
# A quoted phrase (its closing quote may be missing) or a run of anything but spaces and quotes.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


def clean_text(text):
    """Text without control characters or NUL bytes, which no database should be sent."""
    return _CONTROL.sub(" ", text or "")


@dataclass(frozen=True)
class Term:
    """A word or phrase: one or more words that must appear together, in order."""

    words: tuple[str, ...]
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str = ""  # what the reader typed, cleaned and perhaps shortened; shown back to them
    shortened: bool = False
    # All groups must match; within a group, any one term (the terms a reader joined with "or").
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def __bool__(self):
        """False when there is nothing to look for, and the page shows its empty state."""
        return bool(self.groups)

    def words(self):
        return [word for group in self.groups for term in group for word in term.words]


def words_of(text):
    """The lower-cased words (letters and digits) of a text."""
    return [word.lower() for word in _WORD.findall(text or "")]


def shorten(text, limit=MAX_QUERY_LENGTH):
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(), True


def _term(phrase_text, word_text):
    """The words of one token; a token such as `e-mail` or `don't` is a phrase of its parts."""
    words = tuple(words_of(phrase_text or word_text))
    if phrase_text is None and all(word in STOP_WORDS for word in words):
        return None
    return words or None


def parse(raw):
    """Parse what a reader typed; never fails, whatever the input."""
    text, shortened = shorten(_SPACE.sub(" ", clean_text(raw)).strip())
    query = ParsedQuery(text=text, shortened=shortened)
    join_next = False
    count = 0
    for match in _TOKEN.finditer(text):
        minus, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            join_next = bool(query.groups)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        words = _term(phrase, word)
        if words is None or count >= MAX_TERMS:
            join_next = False
            continue
        count += 1
        if minus:
            query.excluded.append(Term(words, negated=True))
        elif join_next:
            query.groups[-1].append(Term(words))
        else:
            query.groups.append([Term(words)])
        join_next = False
    return query
