"""The dispatcher: the rule families joined into one tagger, the table of patterns compiled
once, and the candidates of an article (each rule scans only windows around its key words)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from analysis.extract.dates.absolute import AbsoluteRules
from analysis.extract.dates.durations import DurationRules
from analysis.extract.dates.lexicon import _fragments, rules
from analysis.extract.dates.patterns import key_table, rule_table
from analysis.extract.dates.quarters import QuarterRules
from analysis.extract.dates.relative import RelativeRules
from analysis.extract.dates.sets import SetRules
from analysis.extract.dates.times import TimeRules


class Tagger(TimeRules, AbsoluteRules, QuarterRules, RelativeRules, DurationRules, SetRules):
    """Each family is a mixin of handlers: (match, ctx) -> Res | None (None: not a temporal
    expression here). The table in patterns.py says which handler each rule calls."""

    def __init__(self) -> None:
        self.f = _fragments()
        self.r = rules()
        self.rules: list[tuple[str, re.Pattern, Callable]] = rule_table(self)
        compiled: dict[str, re.Pattern] = {}
        self.keys: dict[str, re.Pattern] = {}
        for name, pattern in ((name, key_table(self.r)[name]) for name, _, _ in self.rules):
            if pattern not in compiled:
                compiled[pattern] = re.compile(pattern, re.IGNORECASE)
            self.keys[name] = compiled[pattern]

    KEY_WINDOW = 90  # no match reaches further than this from its key word

    def candidates(self, text: str) -> list[tuple[int, int, int, str, re.Match]]:
        n = len(text)
        windows_of: dict[int, list[tuple[int, int]]] = {}
        out = []
        for prio, (name, rx, _) in enumerate(self.rules):
            key = self.keys[name]
            windows = windows_of.get(id(key))
            if windows is None:
                windows = []
                for km in key.finditer(text):
                    lo = max(0, km.start() - self.KEY_WINDOW)
                    hi = min(n, km.end() + self.KEY_WINDOW)
                    while hi < n and text[hi].isalnum():
                        hi += 1
                    if windows and lo <= windows[-1][1]:
                        windows[-1] = (windows[-1][0], hi)
                    else:
                        windows.append((lo, hi))
                windows_of[id(key)] = windows
            for lo, hi in windows:
                for m in rx.finditer(text, lo, hi):
                    if m.end() > m.start():
                        out.append((m.start(), m.end(), prio, name, m))
        return out


@lru_cache(maxsize=1)
def _tagger() -> Tagger:
    return Tagger()
