"""Narrow SPBE functions an application performs, read from its name and description.

The lexicon is data (`seed/analysis/functions.yaml`): functions that recur across Indonesian
governments and are often built twice (official correspondence ↔ SRIKANDI, complaints ↔
SP4N-LAPOR!, queues, patient referral, market prices, traffic control, the 112 number, RTLH, ...),
each with the words that name it, the phrases that cancel it and, where one exists, the national
application it belongs to. This module only applies it: `FunctionLexicon.match` gives the
functions an application's name says it performs, and those its description mentions (with how
often), and `FunctionProfile` turns them into the evidence the duplicate analysis uses.

Matching is on lower-cased words, without stemming (the lexicon lists the spellings). A phrase
matches its words in order; in a phrase of three words or more, at most `gap` other words may come
between two of them (a cancelling phrase always needs its words adjacent). A word that is "si"/"sim" glued to a known word reads as "sistem
informasi <word>" (SIDESA) and "e" glued to one as the word (eKinerja).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Function",
    "FunctionLexicon",
    "FunctionProfile",
    "load_functions",
]

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")
_GLUED = (("sim", ("sistem", "informasi")), ("si", ("sistem", "informasi")), ("e", ()))

Phrase = tuple[str, ...]


def words(text: str) -> list[str]:
    """Lower-cased words of a text, camelCase split ("eKinerja" -> e, kinerja)."""
    return _WORD.findall(_CAMEL.sub(" ", text).lower())


@dataclass(frozen=True)
class Function:
    """One entry of the lexicon."""

    key: str
    name_id: str
    name_en: str
    national: tuple[str, ...]
    name_terms: tuple[Phrase, ...]
    terms: tuple[Phrase, ...]
    cancel: tuple[Phrase, ...]
    guard_only: bool = False


@dataclass(frozen=True)
class FunctionProfile:
    """The functions of one application.

    `named`: what its name (or, for a national application, the lexicon) says it does;
    `described`: what its description mentions, with how many times; `elsewhere`: what other
    text about it (outputs) mentions; `mentioned`: all of them.
    """

    named: frozenset[int]
    described: dict[int, int]
    elsewhere: frozenset[int] = frozenset()
    description_words: int = 0

    @property
    def mentioned(self) -> frozenset[int]:
        return self.named | frozenset(self.described) | self.elsewhere

    def evidence(self, lexicon: FunctionLexicon) -> frozenset[int]:
        """The functions that may propose a pair: what the name says; for a name that says
        nothing, the one function the description is about: named more often than any other
        (none when it lists several, as portals and super-apps do) and at least once every
        `focus_words` words (a long text that names it once is about something else).
        Guard-only functions never propose."""
        chosen: frozenset[int] = frozenset()
        if self.named:
            chosen = self.named
        elif self.described:
            top = max(self.described.values())
            best = [f for f, n in self.described.items() if n == top]
            if len(best) == 1 and top >= math.ceil(self.description_words / lexicon.focus_words):
                chosen = frozenset(best)
        return frozenset(f for f in chosen if not lexicon.functions[f].guard_only)


class FunctionLexicon:
    """The function lexicon, indexed for matching."""

    def __init__(
        self,
        functions: Sequence[Function],
        broad_areas: Iterable[str] = (),
        gap: int = 1,
        focus_words: int = 50,
    ):
        self.functions = tuple(functions)
        self.broad_areas = frozenset(broad_areas)
        self.gap = gap
        self.focus_words = max(1, focus_words)
        self.by_national: dict[str, frozenset[int]] = {}
        national: dict[str, set[int]] = {}
        self._index: dict[str, list[tuple[int, Phrase, str]]] = {}
        vocabulary: set[str] = set()
        for i, f in enumerate(self.functions):
            for ref in f.national:
                national.setdefault(ref, set()).add(i)
            for kind, phrases in (("name", f.name_terms), ("any", f.terms), ("not", f.cancel)):
                for phrase in phrases:
                    self._index.setdefault(phrase[0], []).append((i, phrase, kind))
                    vocabulary.update(phrase)
        self.by_national = {ref: frozenset(v) for ref, v in national.items()}
        self.vocabulary = frozenset(vocabulary)

    def __len__(self) -> int:
        return len(self.functions)

    def tokens(self, text: str) -> tuple[str, ...]:
        """Words of a text, with glued prefixes read apart when the rest is a lexicon word."""
        out: list[str] = []
        for w in words(text):
            if w not in self.vocabulary:
                for prefix, expansion in _GLUED:
                    rest = w[len(prefix) :]
                    if w.startswith(prefix) and len(rest) >= 4 and rest in self.vocabulary:
                        out.extend(expansion)
                        w = rest
                        break
            out.append(w)
        return tuple(out)

    def _end(self, toks: Sequence[str], start: int, phrase: Phrase, gap: int) -> int:
        """Where the phrase that starts at `start` ends, or -1. In a phrase of three words or
        more, another word may come between two of its words ("sistem informasi manajemen
        gampong" matches "sistem informasi gampong"); shorter phrases must be adjacent."""
        pos = start
        allowed = gap if len(phrase) >= 3 else 0
        for word in phrase[1:]:
            for step in range(1, allowed + 2):
                if pos + step < len(toks) and toks[pos + step] == word:
                    pos += step
                    break
            else:
                return -1
        return pos

    def _hits(self, toks: Sequence[str], name: bool) -> tuple[Counter[int], set[int]]:
        """(function -> number of places it is named, functions cancelled) in one text;
        overlapping phrases of one function count once."""
        spans: dict[int, list[tuple[int, int]]] = {}
        cancelled: set[int] = set()
        for i, w in enumerate(toks):
            for f, phrase, kind in self._index.get(w, ()):
                if kind == "name" and not name:
                    continue
                end = self._end(toks, i, phrase, 0 if kind == "not" else self.gap)
                if end < 0:
                    continue
                if kind == "not":
                    cancelled.add(f)
                else:
                    spans.setdefault(f, []).append((i, end))
        hits: Counter[int] = Counter()
        for f, found in spans.items():
            last = -1
            for start, end in sorted(found):
                if start > last:
                    hits[f] += 1
                last = max(last, end)
        return hits, cancelled

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process; texts repeat
    def _analyse(self, text: str, name: bool) -> tuple[Counter[int], frozenset[int]]:
        hits, cancelled = self._hits(self.tokens(text), name=name)
        return hits, frozenset(cancelled)

    def profile(
        self, name: str, description: str = "", extra: str = "", ref: str = ""
    ) -> FunctionProfile:
        """The functions of an application from its name, its description (what it does), other
        text about it (outputs: only mentioned, never the evidence) and, for a national
        application, its graph reference."""
        named, gone = self._analyse(name, True)
        described, cancelled = self._analyse(description, False)
        others, cancelled_extra = self._analyse(extra, False)
        # a name that says what the application is not cancels the function wholly
        named_set = {f for f in named if f not in gone} | set(self.by_national.get(ref, ()))
        desc = {f: n for f, n in described.items() if f not in gone | cancelled}
        more = {f for f in others if f not in gone | cancelled_extra} - named_set - set(desc)
        return FunctionProfile(frozenset(named_set), desc, frozenset(more), len(words(description)))

    def label(self, index: int) -> tuple[str, str]:
        f = self.functions[index]
        return f.name_id, f.name_en


def _phrases(values: Iterable[Any]) -> tuple[Phrase, ...]:
    out = []
    for v in values or ():
        toks = tuple(words(str(v)))
        if toks:
            out.append(toks)
    return tuple(out)


def load_functions(path: Path) -> FunctionLexicon:
    """Read a function lexicon (format in `seed/analysis/functions.yaml`).

    Raises
    ------
    ValueError
        when an entry has no key or no terms, a key repeats, or a term is only a broad area
        (a broad area never counts as a function on its own).
    """
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    broad = frozenset(str(w).lower() for w in data.get("broad_areas") or [])
    functions: list[Function] = []
    seen: set[str] = set()
    for entry in data.get("functions") or []:
        key = str(entry.get("key") or "")
        if not key or key in seen:
            raise ValueError(f"{path.name}: fungsi tanpa kunci atau kunci ganda: {key!r}")
        seen.add(key)
        name = entry.get("name") or {}
        name_terms = _phrases(entry.get("name_terms"))
        terms = _phrases(entry.get("terms"))
        if not name_terms and not terms:
            raise ValueError(f"{path.name}: {key}: tanpa istilah / no terms")
        for phrase in name_terms + terms:
            if len(phrase) == 1 and phrase[0] in broad:
                raise ValueError(
                    f"{path.name}: {key}: '{phrase[0]}' adalah bidang luas, bukan fungsi / "
                    "is a broad area, not a function"
                )
        functions.append(
            Function(
                key=key,
                name_id=str(name.get("id") or key),
                name_en=str(name.get("en") or name.get("id") or key),
                national=tuple(str(r) for r in entry.get("national") or []),
                name_terms=name_terms,
                terms=terms,
                cancel=_phrases(entry.get("not")),
                guard_only=bool(entry.get("guard_only")),
            )
        )
    matching = data.get("matching") or {}
    return FunctionLexicon(
        functions,
        broad,
        gap=int(matching.get("gap", 1)),
        focus_words=int(matching.get("focus_words", 50)),
    )
