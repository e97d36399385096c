"""The word tables of event extraction (analysis/data): nouns that name happenings with
the verb a description uses for them, verbs of support ("held talks") and verbs that need an
object."""

from __future__ import annotations

from functools import lru_cache

from analysis.extract.wordlists import DATA_DIR, word_list
from analysis.records import Token


@lru_cache(maxsize=1)
def event_nouns() -> dict[str, str]:
    """The nouns of news happenings a date is read onto when it follows them ("the visit in
    May"), with the verb a description uses: the hand list."""
    return _noun_table("event_nouns.txt")


@lru_cache(maxsize=1)
def happening_nouns() -> dict[str, str]:
    """Every noun that names a happening (WordNet's acts, events and processes, the hand list
    first), with its verb or "": a date inside its noun phrase dates it ("the 1959 embargo",
    "last year's decline")."""
    return (
        _noun_table("event_nouns_wordnet.tsv") | _noun_table("happening_nouns.txt") | event_nouns()
    )


def _noun_table(name: str) -> dict[str, str]:
    nouns = {}
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            noun, verb = line.split("\t")
            nouns[noun] = verb
    return nouns


@lru_cache(maxsize=1)
def support_verbs() -> frozenset[str]:
    """Verbs whose subject does the happening their object names (data/support_verbs.txt)."""
    return frozenset(word_list("support_verbs.txt"))


@lru_cache(maxsize=1)
def transitive_verbs() -> frozenset[str]:
    """Verbs that need an object to say what happened (data/transitive_verbs.txt)."""
    return frozenset(word_list("transitive_verbs.txt"))


def names_happening(token: Token) -> bool:
    return happening_verb(token) is not None


def happening_verb(token: Token) -> str | None:
    """The verb for a noun naming a happening ("" when it has none), else None."""
    nouns = happening_nouns()
    for word in (token.lemma.lower(), token.text.lower(), token.text.lower().split("-")[-1]):
        if word in nouns:
            return nouns[word]
    return None
