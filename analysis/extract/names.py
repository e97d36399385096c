"""First names: whether a word is one, and the gender news writing uses for it.

Source: gender-guesser's dictionary of about 40,000 first names from many countries (Jörg
Michael's name dictionary, pinned in requirements.txt), loaded once on first use.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def _lookup(word: str) -> str:
    return _detector().get_gender(word)


def is_first_name(word: str) -> bool:
    return _lookup(word) != "unknown"


def gender_of_first_name(name: str) -> str:
    """he / she for a first name the dictionary is sure of, else ''."""
    return {"male": "he", "female": "she"}.get(_lookup(name), "")
