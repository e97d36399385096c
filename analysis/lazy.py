"""Modules imported when first used: a module that needs pandas or networkx for some of its
functions (the corpus views) also has functions the ingest path calls (the rows an article
stores); importing it must not cost the 0.4 s of loading those libraries."""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule(ModuleType):
    """Stands for the module `name` until an attribute is read, then imports it."""

    def __init__(self, name: str):
        super().__init__(name)

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self.__name__), attribute)


def lazy_module(name: str) -> ModuleType:
    return LazyModule(name)
