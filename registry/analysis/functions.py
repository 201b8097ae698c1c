"""Narrow SPBE functions an application performs, read from its name and description.

The lexicon is data (`seed/analysis/functions.yaml`): functions that recur across Indonesian
governments and are often built twice (official correspondence ↔ SRIKANDI, complaints ↔
SP4N-LAPOR!, queues, patient referral, market prices, traffic control, the 112 number, RTLH,
the waste levy, libraries, grants, ...), each with the words that name it, the phrases that cancel
it and, where one exists, the national application it belongs to. This module only applies it:
`FunctionLexicon.match` gives the functions an application's name says it performs, and those its
description mentions (with how often), and `FunctionProfile` turns them into the evidence the
duplicate analysis uses.

Matching. A text is cut into clauses at punctuation (, ; : . ( ) ! ?) and read as its content
words: lower-cased, function words ("dan", "yang", "dari" ...) skipped, each reduced to a key:
its Sastrawi stem (`mengadukan`, `pengaduan`, `aduan` -> adu; `dihuni` -> huni), unless the word is
listed as not to be stemmed (`kinerja` is no `kerja`), then mapped to one spelling
(`concepts`: antrean, antre -> antri). Then:

* a term of one word matches that word exactly (no stemming: a derived word carries the meaning,
  "kepegawaian" is not "pegawai", "persuratan" not "surat"); the lexicon lists the spellings;
* a term of several words matches when the keys of all its words occur in one clause, in any order,
  among at most `window` other content words ("warga menyampaikan keluhan" is "keluhan warga",
  "surat-surat yang keluar dan masuk" is "surat masuk"), none of them a negation ("perizinan non
  berusaha" is no "perizinan berusaha"); a word of a term may list alternatives,
  "pengaduan|keluhan|aspirasi masyarakat|warga|rakyat" (the concept of each slot);
* a term written "=..." ("=aset daerah": not "aset TIK daerah"), a term with a one- or two-letter
  word ("e office", "wa gateway"), a term made only of broad areas ("portal data") and every
  cancelling phrase (`cancel_order`) match exactly: the
  same words, in order, adjacent; there the words and their order carry the meaning ("surat
  elektronik" is e-mail, "persuratan elektronik" is correspondence).

`matching.order: exact` makes every term match that way (the contiguous matching of before, kept
for measuring).

A word that is "si"/"sim" glued to a known word reads as "sistem informasi <word>" (SIDESA) and
"e" glued to one as the word (eKinerja).
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
    "CLAUSE_BREAK",
    "Function",
    "FunctionLexicon",
    "FunctionProfile",
    "Term",
    "load_functions",
    "stem",
]

# camelCase is two words ("eKinerja"), but "iOS" is one
CAMEL = re.compile(r"(?<=[a-z])(?<!\bi)(?=[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")
# where a clause ends: a term of several words never spans two
CLAUSE_BREAK = re.compile(r"[,;:.()!?\n\[\]]+")
# "ABSENKU", "LAPORKITA": a brand of a word and "my"/"our"
_OWNED = ("ku", "kita")
_GLUED = (("sim", ("sistem", "informasi")), ("si", ("sistem", "informasi")), ("e", ()))
# an innovation-competition entry tells its background first ("Latar belakang: ... Solusi: ..."):
# what the application does starts at its solution
_BACKGROUND = re.compile(
    r"^\s*(?:latar\s+belakang|permasalahan|masalah|background)\s*:.*?"
    r"\b(?:solusi|inovasi|fungsi|tujuan|cara\s+kerja|gagasan|deskripsi)\s*:\s*",
    re.IGNORECASE | re.DOTALL,
)
# a description that opens with its legal basis ("Berdasarkan Pergub ... tentang Satu Data
# Kelautan, SIDAKAN menghimpun ...", "Dalam rangka ... sesuai Perpres ... tentang ..., Sistem
# ... menyajikan ..."): the regulation's title says nothing of the application
_LEGAL_OPENING = re.compile(
    r"^\s*(?:dalam\s+rangka\b[^.;:]*?\s+(?=(?:berdasarkan|sesuai|mengacu|merujuk)\b))?"
    r"(?:berdasarkan|sesuai(?:\s+dengan)?|mengacu(?:\s+pada|\s+kepada)?|merujuk(?:\s+pada)?"
    r"|dasar\s+hukum)\b(?=[^,.;:]*\b(?:peraturan|perda|pergub|perbup|perwal|perwali|permen\w*|"
    r"perpres|pp|uu|undang|keputusan|kepmen\w*|instruksi|surat\s+edaran|nomor|no)\b)"
    r"[^,;:]*?(?:[,;:]|(?<!\bno)\.\s)\s*",
    re.IGNORECASE,
)
# a description in reported speech, as meeting minutes and interview notes write them ("Menurut
# penjelasan Bagian Pem-Otsus, ...", "Perwakilan Dinas X menyampaikan bahwa ...", "Disepakati
# bahwa ..."): who said it names a unit, not what the application does
_REPORTED = re.compile(
    r"^\s*(?:menurut(?:\s+(?:penjelasan|keterangan))?\s+[^,.;:]{1,60},"
    r"|(?:perwakilan|kepala|kabid|kasi|operator|petugas|admin)\b[^,.;:]{0,60}?\s+"
    r"(?:menyampaikan|menjelaskan|melaporkan|mengatakan|menyebutkan)(?:\s+bahwa)?"
    r"|disampaikan\s+(?:oleh\s+[^,.;:]{1,60}?\s+)?bahwa|(?:dilaporkan|disepakati|dijelaskan)\s+bahwa"
    r"|ditanggapi\s+[^:,.;]{1,40}[:,])\s*",
    re.IGNORECASE,
)
_SPELLED = re.compile(r"\(([^()]+)\)")
_TYPO_MIN = 8  # words this long or longer may be read as a mistyped lexicon word


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def spells(acronym: str, spelling: Sequence[str]) -> bool:
    """Whether words spell an acronym out: it takes the first letter of its spelling and more
    in order ("siak": sistem informasi akademik; "simpeg": sistem informasi manajemen
    kepegawaian)."""
    letters = "".join(spelling)
    return (
        len(acronym) >= 3
        and bool(letters)
        and acronym[0] == letters[0]
        and acronym.isalpha()
        and _subsequence(acronym, letters)
    )


@lru_cache(maxsize=100_000)
def _without_spelled_acronym(name: str) -> str:
    """A name that spells its acronym out ("SIKD (Sistem Informasi Kebencanaan Daerah)") is
    read by its spelling, not by what the acronym means elsewhere (SIKD, the correspondence
    system)."""
    found = _SPELLED.search(name)
    if not found:
        return name
    inside, outside = (
        words(found.group(1)),
        words(name[: found.start()] + " " + name[found.end() :]),
    )
    for spelled, acronyms in ((inside, outside), (outside, inside)):
        if len(spelled) < 2:
            continue
        hits = [w for w in acronyms if spells(w, spelled)]
        if hits:
            kept = [w for w in acronyms if w not in hits]
            return " ".join(spelled + kept) if acronyms is outside else " ".join(kept + spelled)
    return name


def words(text: str) -> list[str]:
    """Lower-cased words of a text, camelCase split ("eKinerja" -> e, kinerja)."""
    return list(_words(text))


@lru_cache(maxsize=200_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(CAMEL.sub(" ", text).lower()))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def _root(word: str) -> str:
    """Sastrawi's root of one word (slow: about a millisecond; one cache for every use)."""
    return str(_stemmer().stem(word))


@lru_cache(maxsize=100_000)
def _known_word(word: str) -> bool:
    """Whether Sastrawi's dictionary of Indonesian roots knows the word's stem."""
    return bool(_stemmer().delegatedStemmer.dictionary.contains(_root(word)))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Sastrawi stem of one lower-cased word (words of four letters or fewer, numbers and
    stems shorter than three letters are kept as they are)."""
    if len(word) <= 4 or not word.isalpha():
        return word
    out = _root(word)
    return out if len(out) >= 3 else word


@dataclass(frozen=True)
class Term:
    """One phrase of the lexicon: per word (slot), the keys it accepts.

    `surface`: for a one-word term, its exact words; `ordered`: for a term that must match in
    order, adjacent and exactly (one written "=...", one with a one- or two-letter word, a
    cancelling phrase), its exact words per slot."""

    text: str
    slots: tuple[frozenset[str], ...]
    surface: frozenset[str] = frozenset()
    ordered: tuple[frozenset[str], ...] = ()  # exact words per slot, when in order


@dataclass(frozen=True)
class Function:
    """One entry of the lexicon."""

    key: str
    name_id: str
    name_en: str
    national: tuple[str, ...]
    name_terms: tuple[Term, ...]
    terms: tuple[Term, ...]
    cancel: tuple[Term, ...]
    guard_only: bool = False
    within: tuple[str, ...] = ()  # general functions this one is a kind of
    frames_name: bool = False  # in a name, the other functions are its context (a queue of X)


@dataclass(frozen=True)
class FunctionProfile:
    """The functions of one application.

    `named`: what its name (or, for a national application, the lexicon) says it does;
    `described`: what its description mentions, with how many times; `elsewhere`: what other
    text about it (outputs) mentions; `mentioned`: all of them; `refused`: what its name says
    it is not ("Surat Elektronik" is e-mail, no correspondence).
    """

    named: frozenset[int]
    described: dict[int, int]
    elsewhere: frozenset[int] = frozenset()
    description_words: int = 0
    refused: frozenset[int] = frozenset()
    opening: frozenset[int] = frozenset()  # said in the description's opening clause
    connector: bool = False  # a bridge to another application, not the function itself

    @property
    def mentioned(self) -> frozenset[int]:
        return self.named | frozenset(self.described) | self.elsewhere

    def evidence(self, lexicon: FunctionLexicon) -> frozenset[int]:
        """The functions that may propose a pair: what the name says; for a name that says
        nothing, the one function the description is about: named more often than any other
        (none when it lists several, as portals and super-apps do) and at least once every
        `focus_words` words (a long text that names it once is about something else).
        Guard-only functions never propose, and a connector (a bridge to another application)
        proposes nothing by function."""
        chosen: frozenset[int] = frozenset()
        if self.connector:
            return chosen
        if self.named:
            chosen = self.named
        elif self.described:
            top = max(self.described.values())
            best = [f for f, n in self.described.items() if n == top]
            if len(best) > 1:  # a tie goes to what the opening clause says the application is
                best = [f for f in best if f in self.opening] or best
            if len(best) > 1:  # a kind and the general function it is a kind of: the kind
                general = {k for f in best for k in lexicon.functions[f].within}
                best = [f for f in best if lexicon.functions[f].key not in general]
            if len(best) == 1 and top >= math.ceil(self.description_words / lexicon.focus_words):
                chosen = frozenset(best)
        return frozenset(f for f in chosen if not lexicon.functions[f].guard_only)


class _Keys:
    """Word -> key: the concept it spells, else its stem (unless listed as not to stem), then the
    concept of the stem."""

    def __init__(self, concepts: dict[str, str], no_stem: frozenset[str]):
        self.concepts = concepts
        self.no_stem = no_stem
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        out = self._cache.get(word)
        if out is None:
            out = self.concepts.get(word)
            if out is None:
                root = word if word in self.no_stem else stem(word)
                out = self.concepts.get(root, root)
            self._cache[word] = out
        return out


class FunctionLexicon:
    """The function lexicon, indexed for matching."""

    def __init__(
        self,
        functions: Sequence[Function],
        broad_areas: Iterable[str] = (),
        *,
        window: int = 1,
        focus_words: int = 50,
        function_words: Iterable[str] = (),
        keys: _Keys | None = None,
        cancel_order: bool = True,
        negations: Iterable[str] = (),
        abbreviations: dict[str, str] | None = None,
        connectors: Iterable[str] = (),
        connectors_in_sentence: Iterable[str] = (),
    ):
        self.functions = tuple(functions)
        self.abbreviations = dict(abbreviations or {})
        self.connectors = frozenset(connectors)
        self.connectors_in_sentence = frozenset(connectors_in_sentence)
        self.broad_areas = frozenset(broad_areas)
        self.window = max(0, window)
        self.focus_words = max(1, focus_words)
        self.function_words = frozenset(function_words)
        self.key = keys or _Keys({}, frozenset())
        self.cancel_order = cancel_order
        self.negations = frozenset(negations)
        national: dict[str, set[int]] = {}
        # one-word terms by their exact words; terms of several words by the keys of any slot
        self._surface: dict[str, list[tuple[int, str, Term]]] = {}
        self._by_key: dict[str, list[tuple[int, str, Term]]] = {}
        vocabulary: set[str] = set()
        for i, f in enumerate(self.functions):
            for ref in f.national:
                national.setdefault(ref, set()).add(i)
            for kind, terms in (("name", f.name_terms), ("any", f.terms), ("not", f.cancel)):
                for term in terms:
                    vocabulary.update(w for w in words(term.text.replace("|", " ")))
                    if term.surface:
                        for w in term.surface:
                            self._surface.setdefault(w, []).append((i, kind, term))
                    else:
                        for k in set().union(*term.slots):
                            self._by_key.setdefault(k, []).append((i, kind, term))
        self.by_national = {ref: frozenset(v) for ref, v in national.items()}
        self.vocabulary = frozenset(vocabulary)
        self._spelt: dict[str, str] = {}

    def _spelling(self, word: str) -> str:
        """A long word no dictionary knows that is a known word with one letter doubled or two
        letters swapped is that word mistyped ("pengaduaan", "kendaraaan", "kepegawaain",
        "infromasi"): a lexicon word first, else a word of Sastrawi's dictionary of roots. A word
        the dictionary knows stays itself ("pendapatan" is no "pendataan")."""
        out = self._spelt.get(word)
        if out is None:
            out = word
            if not _known_word(word):
                near = [
                    word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]
                ]
                near += [
                    word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)
                ]
                found = [w for w in near if w in self.vocabulary] or [
                    w for w in near if _known_word(w)
                ]
                out = found[0] if found else word
            self._spelt[word] = out
        return out

    def __len__(self) -> int:
        return len(self.functions)

    def tokens(self, text: str) -> tuple[str, ...]:
        """Words of a text, with glued prefixes read apart when the rest is a lexicon word."""
        out: list[str] = []
        for w in words(text):
            if w[-1] == "2" and len(w) > 3 and w[:-1].isalpha():  # "perda2", "masing2"
                w = w[:-1]
            w = self.abbreviations.get(w, w)
            if " " in w:  # "poktan" -> "kelompok tani"
                *first, w = w.split()
                out.extend(first)
            if w not in self.vocabulary and len(w) >= _TYPO_MIN and w.isalpha():
                w = self._spelling(w)
            if w not in self.vocabulary:
                # a brand of a word and "-ku"/"-kita" ("ABSENKU", "SURATKU", "LAPORKITA")
                for suffix in _OWNED:
                    rest = w[: -len(suffix)]
                    if w.endswith(suffix) and len(rest) >= 4 and rest in self.vocabulary:
                        w = rest
                        break
            if w not in self.vocabulary:
                for prefix, expansion in _GLUED:
                    rest = w[len(prefix) :]
                    if w.startswith(prefix) and len(rest) >= 4 and rest in self.vocabulary:
                        out.extend(expansion)
                        w = rest
                        break
            out.append(w)
        return tuple(out)

    def content(self, text: str) -> list[tuple[str, str, int]]:
        """(word, key, clause) of each content word of a text."""
        out: list[tuple[str, str, int]] = []
        for clause, part in enumerate(CLAUSE_BREAK.split(text)):
            for w in self.tokens(part):
                if w not in self.function_words:
                    out.append((w, self.key(w), clause))
        return out

    def _span(
        self, toks: Sequence[tuple[str, str, int]], at: int, term: Term
    ) -> tuple[int, int] | None:
        """(first, last) position of the tightest placement of the term that uses the word at
        `at`, in its clause, or None."""
        n = len(term.slots)
        clause = toks[at][2]
        if term.ordered:
            for first in range(max(0, at - n + 1), min(at, len(toks) - n) + 1):
                if all(
                    toks[first + k][2] == clause and toks[first + k][0] in slot
                    for k, slot in enumerate(term.ordered)
                ):
                    return first, first + n - 1
            return None
        width = n + self.window
        near = [
            (p, toks[p][1])
            for p in range(max(0, at - width + 1), min(len(toks), at + width))
            if toks[p][2] == clause
        ]
        best: tuple[int, int] | None = None
        for s, slot in enumerate(term.slots):
            if toks[at][1] not in slot:
                continue
            others = term.slots[:s] + term.slots[s + 1 :]
            for start in range(at - width + 1, at + 1):
                window = [(p, k) for p, k in near if start <= p < start + width and p != at]
                chosen = _assign(others, window)
                if chosen is None:
                    continue
                span = (min(at, *chosen), max(at, *chosen))
                if any(  # "perizinan non berusaha" is no "perizinan berusaha"
                    toks[p][0] in self.negations and p != at and p not in chosen
                    for p in range(span[0], span[1] + 1)
                ):
                    continue
                if best is None or span[1] - span[0] < best[1] - best[0]:
                    best = span
        return best

    def _hits(
        self, toks: Sequence[tuple[str, str, int]], name: bool
    ) -> tuple[Counter[int], set[int]]:
        """(function -> number of places it is named, functions cancelled) in one text;
        overlapping phrases of one function count once."""
        spans: dict[int, list[tuple[int, int]]] = {}
        cancelled: set[int] = set()
        present = {k for _, k, _ in toks}
        possible: dict[Term, bool] = {}
        for i, (w, k, _) in enumerate(toks):
            found: list[tuple[int, str, tuple[int, int]]] = [
                (f, kind, (i, i)) for f, kind, _ in self._surface.get(w, ())
            ]
            for f, kind, term in self._by_key.get(k, ()):
                if kind == "name" and not name:
                    continue
                if term not in possible:  # every word of the term occurs in the text
                    possible[term] = all(slot & present for slot in term.slots)
                if possible[term]:
                    span = self._span(toks, i, term)
                    if span is not None:
                        found.append((f, kind, span))
            for f, kind, span in found:
                if kind == "name" and not name:
                    continue
                if kind == "not":
                    cancelled.add(f)
                else:
                    spans.setdefault(f, []).append(span)
        hits: Counter[int] = Counter()
        for f, found in spans.items():
            last = -1
            for start, end in sorted(set(found)):
                if start > last:
                    hits[f] += 1
                last = max(last, end)
        return hits, cancelled

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process; texts repeat
    def _analyse(self, text: str, name: bool) -> tuple[Counter[int], frozenset[int]]:
        hits, cancelled = self._hits(self.content(text), name=name)
        return hits, frozenset(cancelled)

    def match(self, text: str, name: bool = False) -> tuple[set[str], set[str]]:
        """(keys of the functions a text names, keys of those it cancels): for reading and
        testing the lexicon; `name` adds the terms that count only in a name."""
        hits, cancelled = self._analyse(text, name)
        key = [f.key for f in self.functions]
        return {key[f] for f in hits}, {key[f] for f in cancelled}

    def profile(
        self, name: str, description: str = "", extra: str = "", ref: str = ""
    ) -> FunctionProfile:
        """The functions of an application from its name, its description (what it does), other
        text about it (outputs: only mentioned, never the evidence) and, for a national
        application, its graph reference."""
        name = _without_spelled_acronym(name) if "(" in name else name
        description = _LEGAL_OPENING.sub("", _BACKGROUND.sub("", description, count=1), count=1)
        description = _REPORTED.sub("", description, count=1)
        named, gone = self._analyse(name, True)
        described, cancelled = self._analyse(description, False)
        others, cancelled_extra = self._analyse(extra, False)
        # a name that says what the application is not cancels the function wholly; so does a
        # description that opens by saying so ("SIMPADA Parkir": "Mengelola data wajib pajak
        # parkir" is a tax, no parking management); a later clause may only be telling what the
        # application leaves to another ("keuangan desa tetap dikelola di Siskeudes")
        lead = CLAUSE_BREAK.split(description, maxsplit=1)[0]
        said, opening = self._analyse(lead, False)
        refused = gone | opening
        named_set = {f for f in named if f not in refused} | set(self.by_national.get(ref, ()))
        desc = {f: n for f, n in described.items() if f not in gone | cancelled}
        more = {f for f in others if f not in gone | cancelled_extra} - named_set - set(desc)
        # a connector says so in its name or its first sentence ("WP-SIPD adalah aplikasi
        # pendukung dari SIPD (...), berbentuk plugin wordpress")
        first_sentence = re.split(r"\.\s|\n", description, maxsplit=1)[0]
        connector = bool(
            self.connectors.intersection(_words(name))
            or self.connectors.intersection(_words(lead))
            or self.connectors_in_sentence.intersection(_words(first_sentence))
        )
        return FunctionProfile(
            frozenset(named_set),
            desc,
            frozenset(more),
            len(_words(description)),
            gone,
            frozenset(said),
            connector,
        )

    def label(self, index: int) -> tuple[str, str]:
        f = self.functions[index]
        return f.name_id, f.name_en


def _assign(slots: Sequence[frozenset[str]], window: list[tuple[int, str]]) -> list[int] | None:
    """Positions, one distinct per slot, whose keys the slots accept; None when there are none.
    Slots are few (two to four): a small search."""
    options = [[p for p, k in window if k in slot] for slot in slots]
    if any(not o for o in options):
        return None
    order = sorted(range(len(slots)), key=lambda s: len(options[s]))
    chosen: dict[int, int] = {}

    def place(i: int) -> bool:
        if i == len(order):
            return True
        for p in options[order[i]]:
            if p not in chosen.values():
                chosen[order[i]] = p
                if place(i + 1):
                    return True
                del chosen[order[i]]
        return False

    return list(chosen.values()) if place(0) else None


def _terms(
    values: Iterable[Any],
    keys: _Keys,
    function_words: frozenset[str],
    *,
    cancel: bool = False,
    cancel_order: bool = True,
    all_exact: bool = False,
    broad: frozenset[str] = frozenset(),
) -> tuple[Term, ...]:
    """Parse the phrases of one field: words separated by spaces, alternatives of one word by
    "|"; function words dropped. A term made only of broad areas ("portal data", "data
    pegawai") matches exactly: in any order and with a word between, it is any broad text."""
    out: list[Term] = []
    for value in values or ():
        text = str(value)
        exact = text.startswith("=")
        slots_words: list[list[str]] = []
        for part in text.lstrip("=").split():
            alternatives = [words(alt) for alt in part.split("|")]
            if len(alternatives) == 1:
                slots_words.extend([w] for w in alternatives[0])  # "e-office": e, office
            elif any(len(a) != 1 for a in alternatives):
                raise ValueError(f"'{text}': one word per alternative / satu kata per pilihan")
            else:
                slots_words.append([a[0] for a in alternatives])
        slots_words = [
            [w for w in alts if w not in function_words]
            for alts in slots_words
            if any(w not in function_words for w in alts)
        ]
        if not slots_words:
            continue
        if len(slots_words) == 1:
            out.append(Term(text, (frozenset(),), surface=frozenset(slots_words[0])))
            continue
        slots = tuple(frozenset(keys(w) for w in alts) for alts in slots_words)
        short = any(len(w) <= 2 and not w.isdigit() for alts in slots_words for w in alts)
        only_broad = all(set(alts) <= broad for alts in slots_words)
        ordered = exact or short or only_broad or (cancel and cancel_order) or all_exact
        out.append(
            Term(text, slots, ordered=tuple(frozenset(a) for a in slots_words) if ordered else ())
        )
    return tuple(out)


def load_functions(path: Path, **overrides: Any) -> FunctionLexicon:
    """Read a function lexicon (format in `seed/analysis/functions.yaml`); `overrides` replace
    values of its `matching` section (for measuring: `window`, `cancel_order`, `order`).

    Raises
    ------
    ValueError
        when an entry has no key or no terms, a key repeats, a term is only a broad area
        (a broad area never counts as a function on its own), or `within` names no entry.
    """
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    matching = {**(data.get("matching") or {}), **overrides}
    broad = frozenset(str(w).lower() for w in data.get("broad_areas") or [])
    function_words = frozenset(str(w).lower() for w in data.get("function_words") or [])
    concepts: dict[str, str] = {}
    for canonical, variants in (data.get("concepts") or {}).items():
        for variant in [canonical, *(variants or [])]:
            concepts[str(variant).lower()] = str(canonical).lower()
    keys = _Keys(concepts, frozenset(str(w).lower() for w in data.get("no_stem") or []))
    cancel_order = bool(matching.get("cancel_order", True))
    all_exact = str(matching.get("order", "any")) == "exact"
    functions: list[Function] = []
    seen: set[str] = set()
    for entry in data.get("functions") or []:
        key = str(entry.get("key") or "")
        if not key or key in seen:
            raise ValueError(f"{path.name}: fungsi tanpa kunci atau kunci ganda: {key!r}")
        seen.add(key)
        name = entry.get("name") or {}
        name_terms = _terms(
            entry.get("name_terms"), keys, function_words, all_exact=all_exact, broad=broad
        )
        terms = _terms(entry.get("terms"), keys, function_words, all_exact=all_exact, broad=broad)
        if not name_terms and not terms:
            raise ValueError(f"{path.name}: {key}: tanpa istilah / no terms")
        for term in name_terms + terms:
            if term.surface & broad:
                raise ValueError(
                    f"{path.name}: {key}: '{sorted(term.surface & broad)[0]}' adalah bidang luas, "
                    "bukan fungsi / is a broad area, not a function"
                )
        functions.append(
            Function(
                key=key,
                name_id=str(name.get("id") or key),
                name_en=str(name.get("en") or name.get("id") or key),
                national=tuple(str(r) for r in entry.get("national") or []),
                name_terms=name_terms,
                terms=terms,
                cancel=_terms(
                    entry.get("not"), keys, function_words, cancel=True, cancel_order=cancel_order
                ),
                guard_only=bool(entry.get("guard_only")),
                within=tuple(str(k) for k in entry.get("within") or []),
                frames_name=bool(entry.get("frames_name")),
            )
        )
    for f in functions:
        if unknown := set(f.within) - seen:
            raise ValueError(
                f"{path.name}: {f.key}: within {sorted(unknown)[0]!r} bukan fungsi leksikon / "
                "is no function of the lexicon"
            )
    return FunctionLexicon(
        functions,
        broad,
        window=int(matching.get("window", 1)),
        focus_words=int(matching.get("focus_words", 50)),
        function_words=function_words,
        keys=keys,
        cancel_order=cancel_order,
        negations=(str(w).lower() for w in data.get("negations") or []),
        abbreviations={
            str(k).lower(): str(v).lower() for k, v in (data.get("abbreviations") or {}).items()
        },
        connectors=(str(w).lower() for w in data.get("connectors") or []),
        connectors_in_sentence=(
            str(w).lower() for w in data.get("connectors_in_first_sentence") or []
        ),
    )
