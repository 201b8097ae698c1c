"""Indonesian-aware normalisation of application names and descriptions.

The domain knowledge (stop words, channel words, prefixes, acronyms, synonyms, scoring
parameters) is data in `seed/analysis/duplicates.yaml`; this module only applies it. Words are
lower-cased, spelling variants mapped to one form (antrean → antrian, perijinan → izin), stemmed
with Sastrawi (kepegawaian → pegawai), and stop words dropped. Names also lose the government's
own name, channel words (web, Android, iOS) and the e-/si-/sim- prefixes, and gain the
expansion of acronyms (SIMPEG → sistem informasi manajemen kepegawaian), including the ones the
inventory itself spells out as "ACRONYM (Expansion)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from registry.analysis.functions import CAMEL, FunctionLexicon, load_functions

__all__ = ["Lexicon", "TextNormaliser", "default_lexicon", "load_lexicon", "normalise_url"]

_WORD = re.compile(r"[a-z0-9]+")
_PAREN = re.compile(r"^(?P<outer>[^()]*)\((?P<inner>[^()]*)\)(?P<rest>[^()]*)$")
_URL_JUNK = re.compile(r"^(?:[a-z]+:/*)?(?:www\.)?")


@dataclass(frozen=True)
class Lexicon:
    """The contents of `seed/analysis/duplicates.yaml`."""

    stop_words: frozenset[str]
    channel_words: frozenset[str]
    weak_words: frozenset[str]
    prefixes: tuple[str, ...]
    acronyms: dict[str, str]
    synonyms: dict[str, str]  # variant -> canonical
    federated_national: frozenset[str]
    scoring: dict[str, float] = field(default_factory=dict)
    functions: FunctionLexicon | None = None  # seed/analysis/functions.yaml
    generic_words: frozenset[str] = frozenset()  # a name of only these says no function


def _words(text: str) -> list[str]:
    return _WORD.findall(CAMEL.sub(" ", text).lower())


def load_lexicon(path: Path, functions: Path | None = None) -> Lexicon:
    """Read a lexicon file (see `seed/analysis/duplicates.yaml` for the format), with the
    function lexicon `functions` (default: `functions.yaml` next to it, when there is one)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    functions = functions or path.with_name("functions.yaml")
    synonyms: dict[str, str] = {}
    for canonical, variants in (data.get("synonyms") or {}).items():
        synonyms[str(canonical)] = str(canonical)  # never stem a canonical word further
        for variant in variants or []:
            for word in _words(str(variant)) if "-" not in str(variant) else [str(variant)]:
                synonyms[word] = str(canonical)
    return Lexicon(
        stop_words=frozenset(str(w).lower() for w in data.get("stop_words") or []),
        channel_words=frozenset(str(w).lower() for w in data.get("channel_words") or []),
        weak_words=frozenset(str(w).lower() for w in data.get("weak_words") or []),
        generic_words=frozenset(str(w).lower() for w in data.get("generic_words") or []),
        prefixes=tuple(sorted((str(p).lower() for p in data.get("prefixes") or []), key=len)),
        acronyms={str(k).lower(): str(v) for k, v in (data.get("acronyms") or {}).items()},
        synonyms=synonyms,
        federated_national=frozenset(str(r) for r in data.get("federated_national") or []),
        scoring={str(k): float(v) for k, v in (data.get("scoring") or {}).items()},
        functions=load_functions(functions) if functions.exists() else None,
    )


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of the configured seed folder (`SPBE_SEED_DIR`, default `seed/`)."""
    from registry.config import load_settings

    return load_lexicon(load_settings().seed_dir / "analysis" / "duplicates.yaml")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def normalise_url(url: str | None) -> str | None:
    """Host and path of an address, without scheme, `www.`, index pages or trailing slash;
    None when it is not an address (the real inventories hold IPs, typos, file paths)."""
    if not url:
        return None
    text = _URL_JUNK.sub("", url.strip().lower()).split("#")[0]
    if "?id=" not in text:  # store pages name the app in the query; other queries are noise
        text = text.split("?")[0]
    text = re.sub(r"/(index\.(php|html?)|login)?/?$", "", text)
    host = text.split("/", 1)[0]
    if "." not in host or host.startswith(("localhost", "192.168.", "10.", "127.")):
        return None
    return text


class TextNormaliser:
    """Turns names and descriptions into comparable tokens, with a per-word cache."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self._cache: dict[str, str] = {}
        self.learned: dict[str, str] = {}  # acronyms spelled out in the inventory itself

    def word(self, raw: str) -> str:
        """One word to its canonical form: synonym, else stem, then synonym of the stem."""
        out = self._cache.get(raw)
        if out is None:
            out = self.lex.synonyms.get(raw)
            if out is None:
                stem = _stemmer().stem(raw) if len(raw) > 4 and not raw.isdigit() else raw
                out = self.lex.synonyms.get(stem, stem)
            self._cache[raw] = out
        return out

    def content(self, text: str, drop: Iterable[str] = ()) -> list[str]:
        """Content words of a free text (a description): canonical, without stop words."""
        dropped = set(drop) | self.lex.stop_words
        out = []
        for raw in _words(text):
            if raw in dropped or len(raw) < 2:
                continue
            word = self.word(raw)
            if word not in dropped and len(word) > 1:
                out.append(word)
        return out

    def learn_acronyms(self, names: Iterable[str]) -> None:
        """Learn "ACRONYM (Expansion)" and "Expansion (ACRONYM)" from the inventory."""
        for name in names:
            m = _PAREN.match(name.strip())
            if not m:
                continue
            outer, inner = _words(m["outer"] + " " + m["rest"]), _words(m["inner"])
            for short, long in ((outer, inner), (inner, outer)):
                if (
                    len(short) == 1
                    and len(long) >= 2
                    and len(short[0]) >= 3
                    and short[0] not in self.lex.acronyms
                ):
                    self.learned.setdefault(short[0], " ".join(long))

    def name(self, text: str, drop: Iterable[str] = ()) -> tuple[list[str], set[str], list[str]]:
        """(core words, channel words found, acronyms expanded) of an application name."""
        dropped = set(drop)
        channels: set[str] = set()
        core: list[str] = []
        expanded: list[str] = []
        for raw in _words(text):
            if raw in self.lex.channel_words:
                channels.add(raw)
                continue
            if raw in dropped:
                continue
            expansion = self.lex.acronyms.get(raw) or self.learned.get(raw)
            words = self.content(expansion, dropped) if expansion else []
            if words:  # the expansion stands for the acronym (SIMPEG = ... kepegawaian)
                expanded.append(raw)
                core.extend(words)
                continue
            if raw in self.lex.stop_words:
                continue
            core.append(self.word(raw))
        return core, channels, expanded

    def short_name(self, text: str, drop: Iterable[str] = ()) -> str:
        """The name as people say it: "SIKS-NG (Sistem ...)" -> "siksng", "Sistem Informasi
        Administrasi Kependudukan (SIAK)" -> "siak"; stop, channel and dropped words removed."""
        m = _PAREN.match(text.strip())
        if m:
            outer, inner = _words(m["outer"] + " " + m["rest"]), _words(m["inner"])
            words = inner if len(inner) == 1 and len(outer) > 1 else outer
        else:
            words = _words(text)
        skip = set(drop) | self.lex.stop_words | self.lex.channel_words
        return "".join(w for w in words if w not in skip)

    def spelled_out(self, text: str, drop: Iterable[str] = ()) -> frozenset[str]:
        """Content words of the expansion a name spells out, "ACRONYM (Expansion)" or
        "Expansion (ACRONYM)"; empty when it spells none out."""
        m = _PAREN.match(text.strip())
        if not m:
            return frozenset()
        outer, inner = _words(m["outer"] + " " + m["rest"]), _words(m["inner"])
        if len(outer) == 1 and len(inner) >= 2:
            long = inner
        elif len(inner) == 1 and len(outer) >= 2:
            long = outer
        else:
            return frozenset()
        return frozenset(self.content(" ".join(long), drop))

    def strip_prefixes(self, words: list[str], vocabulary: set[str]) -> list[str]:
        """e-/si-/sim- prefixes glued to a known word: ekinerja → kinerja, simtani → tani."""
        out = []
        for w in words:
            for p in reversed(self.lex.prefixes):  # longest first
                rest = w[len(p) :]
                if w.startswith(p) and len(rest) >= 4 and rest in vocabulary:
                    w = rest
                    break
            out.append(w)
        return out
