"""Duplicate applications: pairs that serve the same function, their clusters, and the local
copies of national applications that should migrate (`should_migrate_to`).

Signals, each weighed as independent evidence (noisy-OR, parameters in
`seed/analysis/duplicates.yaml`): names (IDF-weighted words after Indonesian-aware
normalisation, acronyms expanded, one name contained in the other, typos by edit distance),
descriptions and functions (TF-IDF cosine), the same narrow SPBE function described in
different words, word orders or inflections (the function lexicon
`seed/analysis/functions.yaml`, see `registry.analysis.functions`: TNDE ~ Smart Arsip ~
SRIKANDI, PRO Denpasar ~ SP4N-LAPOR!, four ATCS registrations), shared relationships (data
written or read, services and processes supported, reference codes), and the same address.
Guards keep same-name traps apart: similar names whose descriptions disagree (SIMADE for
villages vs SIMADE for fishermen), one acronym spelled out as two different things, names of
only technology words ("WEB GIS"), a name the function lexicon says is not the function the
other name says (e-mail "Surat Elektronik" vs "e-Disposisi"), a K/L application recorded
locally against a local one (and against a national application of the same function but
another name), descriptions alone that are not near-identical or say one word, an address
alone (a portal hosting modules), and a name that says a function the other application never
mentions (SIMRS, whose description lists queues, is no queue system).

How inventories are written is read too: an application listed by its contract ("Belanja Jasa
Pemeliharaan SIMRS Khanza TA 2025") is named by the application; a description pasted onto a
row whose name says another function leaves the names to decide; "diganti oleh X", "nama lama:
X" and "Versi HP dari X" link the application to X; a name cut short word by word ("HaloGub")
is the same name; rows of one name and one owner on two platforms are one product.

Applications are compared only inside one government, and each local application against the
national catalogue; applications of two governments are never duplicates of each other. A local
application next to a national one is a complement, not a duplicate, when it meets the
conditions to keep a similar application (aligned, cost-benefit study, source code registered),
when it integrates with the national application through the SPL, or when the national
application is a network of local members (JDIHN, Satu Data); those pairs are listed as
`complements`.

Notes
-----
Work is vectorised per government block: sparse matrix products for the word signals and
rapidfuzz's `cdist` for edit distance, so the cost grows with the sum of the squared sizes of
the governments (linear in their number), not with the square of all applications.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy import sparse

from registry import metamodel as mm
from registry.analysis.functions import CLAUSE_BREAK, FunctionLexicon, FunctionProfile, spells
from registry.analysis.results import (
    DuplicateCluster,
    DuplicatePair,
    DuplicateReport,
    MigrationAdvice,
    Reason,
)
from registry.analysis.text import Lexicon, TextNormaliser, default_lexicon, normalise_url

__all__ = ["find_duplicates", "scope_of"]

_WRITE = ("writes", "source_of_truth_for")
_SUPPORT = ("supports", "realises")
_REL_WEIGHT = {"w": 1.0, "s": 0.25, "r": 0.2, "c": 0.1}
_ORIGIN = {"aplikasi_khusus_kl": 1, "aplikasi_umum": 2}
# an application listed by its address ("simpeg.bantenprov.go.id"), as real inventories often are
_HOST = re.compile(r"(?:https?://)?(?:www\.)?([a-z0-9-]+)(?:\.[a-z0-9-]+)+(?:/\S*)?", re.IGNORECASE)
# "Bagian dari SIMPEG", "modul dari e-planning": a module of another application of the
# government, which is no duplicate of it, nor of its other modules
_PART_OF = re.compile(
    r"\b(?:bagian|modul|submodul|sub[\s-]modul|komponen)\s+(?:dari\s+)?(?:aplikasi\s+)?([\w.-]+)",
    re.IGNORECASE,
)


# an application listed by its contract, as inventories drawn from the budget (DPA/RKA) list them:
# "Pengembangan SIMRS RSUD meliputi modul ... - 2020", "Belanja Jasa Pemeliharaan SIMRS Khanza TA
# 2025", "Satu Peta - Pengadaan Lisensi ArcGIS ... 2023": the work, the year and the scope are no
# part of the application's name ("Pengadaan Barang/Jasa" is the procurement application itself)
_WORK = (
    r"(?:belanja\s+)?(?:jasa\s+)?(?:pengembangan|pembangunan|pembuatan|pemeliharaan|penyediaan"
    r"|pendampingan(?:\s+implementasi)?|perpanjangan|lisensi|upgrade|migrasi|implementasi"
    r"|pengadaan(?!\s+(?:barang|jasa|secara|langsung|elektronik)))"
)
_CONTRACT_HEAD = re.compile(
    rf"^{_WORK}(?:\s+(?:dan|&)\s+{_WORK})*(?:\s+(?:aplikasi|sistem\s+informasi|software))?\s+(?=\S)",
    re.IGNORECASE,
)
_CONTRACT_TAIL = re.compile(
    rf"(?:\s+meliputi\b.*|\s+[-–]\s+{_WORK}\b.*|\s*[-–(]?\s*(?:ta\.?|t\.a\.|tahun(?:\s+anggaran)?)?\s*20\d\d\)?)$",
    re.IGNORECASE,
)


def _contract_name(name: str) -> str:
    """The application's name in a contract's title (`_CONTRACT_HEAD`, `_CONTRACT_TAIL`); other
    names as they are."""
    cut = name
    for _ in range(2):  # a tail may hide another ("... meliputi ... - 2020")
        cut = _CONTRACT_TAIL.sub("", cut).strip()
    cut = _CONTRACT_HEAD.sub("", cut).strip()
    return cut or name


# "diganti oleh SIMPEG Terintegrasi", "(nama lama: SIMPATIK)", "pengganti SIMDA": one system
# under its old and its new name, both listed: the one job twice (and "versi HP dari X": X's
# channel)
_SUCCESSION = re.compile(
    r"\b(?i:nama\s+lama|dulu(?:nya)?\s+(?:bernama|disebut)|sebelumnya\s+(?:bernama|disebut)"
    r"|berganti\s+nama(?:\s+menjadi)?|diganti(?:kan)?(?:\s+(?:oleh|dengan|menjadi|ke))?"
    r"|menggantikan|pengganti(?:\s+dari)?|versi\s+(?:lama|baru)\s+dari|upgrade\s+dari"
    r"|migrasi\s+(?:dari|ke)|formerly|replaced\s+by|replaces"
    # "Versi HP dari Sora Warga": a channel of the product it names
    r"|versi\s+(?:hp|mobile|android|ios|web|desktop|aplikasi)\s+(?:dari\s+)?)"
    r"\s*:?\s*(?:aplikasi\s+)?[\"'“]?([A-Za-z][\w.-]*(?:\s+[A-Z0-9][\w.-]*){0,3})",
)


_NEGATED = re.compile(r"\b(?:tidak|bukan|belum|tanpa|not)\s+\S*\s*$", re.IGNORECASE)


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _head(name: str) -> str:
    """The first word of a name, letters and digits only ("e-planning" -> "eplanning")."""
    return _compact(name.split()[0]) if name.split() else ""


def _listed_name(name: str, description: str) -> tuple[str, str, str | None]:
    """(name to compare, name that says the function, address): an application listed by its
    address is named by its first label ("simpeg"), the rest being the government's domain
    and the unit's; its description then usually opens with what it is ("Aplikasi Pengaduan
    Online"), which says its function as a name would."""
    host = _HOST.fullmatch(name.strip())
    if host is None:
        return name, name, None
    label = host.group(1)
    opening = CLAUSE_BREAK.split(description, maxsplit=1)[0] if description else ""
    return label, f"{label} {opening}".strip(), name.strip()


@dataclass
class _App:
    ref: str
    instansi: str
    national: bool
    name: str
    origin: int
    core: list[str]
    short: str  # the name before any "(expansion)", or the acronym it stands for
    spelled: frozenset[str]  # content words of the expansion the name spells out, if any
    channels: set[str]
    expanded: list[str]
    desc: list[str]
    rel: list[str]
    url: str | None
    platform: str
    aligned: bool
    spl_partners: set[str] = field(default_factory=set)
    owner: str | None = None  # the unit that owns it
    # the K/L owners its description names ("Aplikasi BPKP. Masih terinstal di Bidang Aset");
    # for a national application, its own owner
    ministries: frozenset[str] = frozenset()
    functions: FunctionProfile = field(default_factory=lambda: FunctionProfile(frozenset(), {}))
    # the names its description says it replaced or was replaced by, compacted ("simpegterintegrasi")
    successions: frozenset[str] = frozenset()


def scope_of(graph: nx.MultiDiGraph, instansi: str | Sequence[str] | None) -> list[str]:
    """The governments an analysis covers: the ones asked for, or every local government in
    the graph (the national catalogue is the reference, not a government to analyse)."""
    if isinstance(instansi, str):
        return [instansi]
    if instansi is not None:
        return sorted(instansi)
    govs = graph.graph.get("instansi", {})
    return sorted(code for code, g in govs.items() if g.get("level") not in mm.NATIONAL_LEVELS)


def _words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _government_words(graph: nx.MultiDiGraph, code: str) -> set[str]:
    """The government's own name in every form an app name or address uses it: "Denpasar",
    "denpasarkota", "acehutara", "kab" ..., and its province (`attributes.province`)."""
    gov = graph.graph.get("instansi", {}).get(code, {})
    parts = _words_of(f"{gov.get('name', '')} {code}")
    words = set(parts)
    words |= {a + b for a in parts for b in parts if a != b}
    words |= {"".join(parts[i:]) for i in range(len(parts))}
    # the province a kabupaten/kota lies in is a place too ("Bali Denpasar Tourism")
    province = str((gov.get("attributes") or {}).get("province") or "")
    words |= set(_words_of(province))
    return {w for w in words if len(w) > 2}


def _brand_words(apps: list[tuple[str, str]], lex: Lexicon, drop: set[str]) -> set[str]:
    """Words that several application names of one government share but that say no
    function: a house brand on apps that do different things ("Absen Beta", "Aset Beta",
    "Gaji Beta"; "Mari Lapor", "Data Mari", "Ijin Mari"). `apps`: (name, description). A
    product's channels ("PRO Denpasar Website", "PRO Denpasar IOS") and modules of one
    function ("SIMPADA PHR", "SIMPADA Reklame") keep their name, and so does a super-app
    listed by itself too."""
    if lex.functions is None:
        return set()
    known = lex.stop_words | lex.channel_words | lex.weak_words | lex.generic_words | drop
    known |= lex.acronyms.keys() | lex.synonyms.keys()
    known |= lex.functions.vocabulary
    carriers: dict[str, dict[str, str]] = defaultdict(dict)  # word -> name -> description
    for name, description in apps:
        words = [w for w in _words_of(name) if w not in lex.channel_words and w not in drop]
        for w in words:
            if len(w) > 2 and w.isalpha() and w not in known:
                carriers[w].setdefault(" ".join(words), description)
    least = int(lex.scoring.get("brand_min_names", 3))
    out = set()
    for w, named in carriers.items():
        # a name of the word alone is the product itself ("TAMASYA Web" beside its modules
        # "TAMASYA - Antrean Puskesmas" ...)
        if len(named) < least or w in named:
            continue
        said = {
            frozenset(lex.functions.profile(n, d).evidence(lex.functions)) for n, d in named.items()
        }
        if len({f for s in said for f in s}) >= least:
            out.add(w)
    return out


def _unit_names(graph: nx.MultiDiGraph, codes: set[str]) -> dict[str, list[str]]:
    """Per government, its units' names, lower-cased and longest first: "Badan Perencanaan
    Pembangunan Daerah" or "Dinas Bina Marga dan Tata Ruang" in a description names who runs
    it, not what it does."""
    names: dict[str, set[str]] = defaultdict(set)
    for _, d in graph.nodes(data=True):
        if d.get("kind") == "unit" and d.get("instansi") in codes and len(d.get("name", "")) > 8:
            names[d["instansi"]].add(" ".join(d["name"].lower().split()))
    return {code: sorted(found, key=len, reverse=True) for code, found in names.items()}


def _without_units(text: str, units: list[str]) -> str:
    """The text with the units' names taken out (a substring test first: most texts name none)."""
    low = text.lower()
    for unit in units:
        if unit in low:
            text = re.sub(re.escape(unit), " ", text, flags=re.IGNORECASE)
            low = text.lower()
    return text


def _ministry_words(graph: nx.MultiDiGraph, refs: list[str]) -> dict[str, str]:
    """The abbreviations of the national applications' owners ("bpkp"), to their unit."""
    out: dict[str, str] = {}
    nodes = graph.nodes
    for r in refs:
        owner = nodes[r].get("owner")
        if nodes[r].get("national") and owner and owner in nodes:
            abbreviation = (nodes[owner].get("attributes") or {}).get("abbreviation")
            if abbreviation:
                out[str(abbreviation).lower()] = owner
    return out


def _spelled_in_description(
    name: str, description: str, norm: TextNormaliser, drop: set[str]
) -> frozenset[str]:
    """The content words of the spelling a one-word name's description opens with ("SIKD":
    "Sistem Informasi Kearsipan Dinamis (versi lama dari ANRI) ...")."""
    acronym = _words_of(name)
    if len(acronym) != 1:
        return frozenset()
    opening = re.split(r"[(,.:;\n]", description, maxsplit=1)[0]
    spelling = re.findall(r"[a-z]+", opening.lower())
    if 2 <= len(spelling) <= 8 and spells(acronym[0], spelling):
        return frozenset(norm.content(" ".join(spelling), drop))
    return frozenset()


def _features(graph: nx.MultiDiGraph, refs: list[str], norm: TextNormaliser) -> list[_App]:
    nodes = graph.nodes
    norm.learn_acronyms(nodes[r]["name"] for r in refs)
    units = _unit_names(graph, {nodes[r]["instansi"] for r in refs})
    # government -> first word of a name -> the applications named so; government -> (name,
    # description) of its applications, for its house brands
    heads: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    named: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in refs:
        d = nodes[r]
        listed = _listed_name(d["name"], "")[0]
        heads[d["instansi"]][_head(listed)].add(r)
        text = str((d.get("attributes") or {}).get("function") or d.get("description") or "")
        named[d["instansi"]].append((listed, text))
    gov_words: dict[str, set[str]] = {}
    ministries = _ministry_words(graph, refs)
    apps: list[_App] = []
    for ref in refs:
        d = nodes[ref]
        code = d["instansi"]
        if code not in gov_words:
            own = _government_words(graph, code)
            gov_words[code] = own | (
                _brand_words(named[code], norm.lex, own) if not d.get("national") else set()
            )
        drop = set(gov_words[code])
        owner = d.get("owner")
        if owner and owner in nodes:  # "Antrian Online RSUD Cut Meutia": the unit is no function
            abbreviation = (nodes[owner].get("attributes") or {}).get("abbreviation")
            if abbreviation:
                drop |= set(norm.content(str(abbreviation)))
        attrs = d.get("attributes") or {}
        primary = str(attrs.get("function") or d.get("description") or "")
        if code in units:
            primary = _without_units(primary, units[code])
        name, says, address = _listed_name(_contract_name(d["name"]), primary)
        core, channels, expanded = norm.name(name, drop)
        if not core:  # the name was only the government's or the unit's name
            core, channels, expanded = norm.name(name, gov_words[code])
        short = norm.short_name(name, drop | norm.lex.weak_words)
        if not short:  # a brand of only the government's name and generic words ("X Smart"):
            # the whole name, channels aside, is what tells its channels apart from the others
            short = "=" + "".join(w for w in _words_of(name) if w not in norm.lex.channel_words)
        spelled = norm.spelled_out(name, drop) or _spelled_in_description(name, primary, norm, drop)
        # what it does: the function and outputs; the free description only when no function
        # is recorded (catalogue descriptions carry decrees and owners, not functions)
        function = [attrs.get("function"), attrs.get("outputs")]
        texts = dict.fromkeys(
            str(t).strip()
            for t in (function if attrs.get("function") else [d.get("description"), *function])
            if t and str(t).strip()
        )
        desc = norm.content(" ".join(texts), gov_words[code])
        if norm.lex.functions is not None and d.get("national"):
            # a national application's functions are the lexicon's (`national`); what its
            # name and texts mention (its modules) only counts as mentioned
            extra = " ".join(str(t) for t in (d["name"], *texts))
            profile = norm.lex.functions.profile("", "", extra, ref)
        elif norm.lex.functions is not None:
            # the function field (else the free description) says what it does; outputs and
            # a catalogue description besides the function field are only mentions
            extra = " ".join(
                str(t) for t in texts if str(t) != (attrs.get("function") or d.get("description"))
            )
            profile = norm.lex.functions.profile(says, primary, extra, ref)
        else:
            profile = FunctionProfile(frozenset(), {})
        # "modul SIMRS" in "SIMRS - Pendaftaran": a module of the product other rows also name
        module = any(
            heads[code].get(_head(m.group(1)), set()) - {ref} for m in _PART_OF.finditer(primary)
        )
        if module:
            profile = dataclasses.replace(profile, connector=True)
        rel = [f"c:{c}" for c in d.get("reference_codes") or []]
        spl: set[str] = set()
        for _, target, e in graph.out_edges(ref, data=True):
            t = e["type"]
            if t in _WRITE:
                rel.append(f"w:{target}")
            elif t in _SUPPORT:
                rel.append(f"s:{target}")
            elif t == "reads":
                rel.append(f"r:{target}")
            elif t == "integrates_with" and (e.get("attributes") or {}).get("mechanism") == "spl":
                spl.add(target)
        for source, _, e in graph.in_edges(ref, data=True):
            if (
                e["type"] == "integrates_with"
                and (e.get("attributes") or {}).get("mechanism") == "spl"
            ):
                spl.add(source)
        apps.append(
            _App(
                ref=ref,
                instansi=code,
                national=bool(d.get("national")),
                name=d["name"],
                origin=_ORIGIN.get(str(attrs.get("origin")), 0),
                core=core,
                short=short,
                spelled=spelled,
                channels=channels,
                expanded=expanded,
                desc=desc,
                rel=sorted(set(rel)),
                url=normalise_url(attrs.get("url") or address),
                platform=str(attrs.get("platform") or ""),
                aligned=all(
                    attrs.get(k) is True
                    for k in (
                        "aligned_with_aplikasi_umum",
                        "cost_benefit_study",
                        "source_code_registered",
                    )
                ),
                spl_partners=spl,
                owner=owner,
                ministries=frozenset({owner} if d.get("national") and owner else ())
                | frozenset(ministries[w] for w in _words_of(primary) if w in ministries),
                functions=profile,
                successions=frozenset(
                    _compact(m.group(1))
                    for m in _SUCCESSION.finditer(primary)
                    # "tidak menggantikan SATUSEHAT"
                    if not _NEGATED.search(primary[max(0, m.start() - 12) : m.start()])
                ),
            )
        )
    vocabulary = {w for a in apps for w in a.core} | {w for a in apps for w in a.desc}
    for a in apps:
        a.core = norm.strip_prefixes(a.core, vocabulary)
    return apps


def _idf(docs: Iterable[Iterable[str]]) -> tuple[dict[str, int], np.ndarray]:
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        n += 1
        df.update(set(doc))
    vocab = {w: i for i, w in enumerate(sorted(df))}
    idf = np.zeros(len(vocab))
    for w, i in vocab.items():
        idf[i] = math.log((n + 1) / (df[w] + 1)) + 1.0
    return vocab, idf


def _matrix(
    docs: list[list[str]],
    vocab: dict[str, int],
    idf: np.ndarray,
    *,
    tf: bool,
    weights: Callable[[int, str], float] | None = None,
    normalise: bool = True,
) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        for w, count in Counter(doc).items():
            value = (1.0 + math.log(count) if tf else 1.0) * idf[vocab[w]]
            if weights:
                value *= weights(r, w)
            rows.append(r)
            cols.append(vocab[w])
            vals.append(value)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)), dtype=np.float64)
    if normalise:
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        m = sparse.diags(1.0 / norms) @ m
    return m.tocsr()


def _ids(values: Iterable[Hashable | None]) -> np.ndarray:
    """One integer per value, equal for equal values; -1 for none."""
    seen: dict[Hashable, int] = {}
    return np.array([seen.setdefault(v, len(seen)) if v else -1 for v in values], dtype=np.int64)


def _shortened(a: list[str], b: list[str]) -> bool:
    """Whether two names are one, a word or more of one cut short in the other ("halo gub",
    "halo gubernur"): as many words, each the same or the start (3 letters or more) of the
    other's, and not all the same."""
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    return all(
        x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))
        for x, y in zip(a, b, strict=True)
    )


def _successions(apps: list[_App]) -> dict[int, set[int]]:
    """Application -> the applications of its government (or the national catalogue) its
    description says it replaced or was replaced by (`_SUCCESSION`), both ways."""
    names: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for i, a in enumerate(apps):
        for form in {_compact(a.name), _compact(a.name.split("(")[0]), a.short}:
            if len(form) >= 4:
                names["" if a.national else a.instansi][form].add(i)
    out: dict[int, set[int]] = defaultdict(set)
    for i, a in enumerate(apps):
        for said in a.successions:
            for scope in (a.instansi, ""):
                for form, found in names[scope].items():
                    if said == form or (len(form) >= 5 and said.startswith(form)):
                        for j in found - {i}:
                            out[i].add(j)
                            out[j].add(i)
    return dict(out)


class _Scorer:
    """Vectorised pair scores between two sets of application indices."""

    def __init__(self, apps: list[_App], lexicon: Lexicon):
        self.apps = apps
        self.p = lexicon.scoring
        vocab, idf = _idf(a.core for a in apps)
        weak, factor = lexicon.weak_words, self.p["weak_word_weight"]
        qualifier = self.p["qualifier_weight"]
        described = [set(a.desc) for a in apps]

        def name_weight(r: int, w: str) -> float:
            # words of a name that its own description confirms carry the function; the
            # others are places, units or brands ("Antrian Online MPP")
            base = factor if w in weak else 1.0
            return base if not described[r] or w in described[r] else base * qualifier

        self.names = _matrix(
            [a.core for a in apps], vocab, idf, tf=False, weights=name_weight, normalise=False
        )
        self.name_norm2 = np.asarray(self.names.multiply(self.names).sum(axis=1)).ravel()
        vocab, idf = _idf(a.desc for a in apps)
        self.desc = _matrix([a.desc for a in apps], vocab, idf, tf=True)
        self.has_desc = np.array([len(a.desc) >= 2 for a in apps])
        # relationships add up (capped at 1): each shared item by its type and rarity; what is
        # not shared writing (the same service, data read, codes) counts at most `other_cap`,
        # since well-architected apps often serve one service together
        vocab, idf = _idf(a.rel for a in apps)
        idf = idf / (idf.max() if len(idf) else 1.0)
        self.rel_cap = self.p["relations_other_cap"]
        self.rel, self.rel_any = {}, {}
        for part, keep in (("w", lambda w: w[0] == "w"), ("o", lambda w: w[0] != "w")):
            docs = [[w for w in a.rel if keep(w)] for a in apps]
            self.rel[part] = _matrix(
                docs,
                vocab,
                idf,
                tf=False,
                weights=lambda _, w: _REL_WEIGHT[w[0]],
                normalise=False,
            )
            self.rel_any[part] = _matrix(docs, vocab, np.ones_like(idf), tf=False, normalise=False)
        self.compact = ["".join(a.core) for a in apps]
        # ids of the names' word sets, short names, addresses, owners and platforms: equal ids
        # are the same value (-1: none)
        self.exact = _ids(tuple(sorted(set(a.core))) if a.core else None for a in apps)
        self.short = _ids(a.short if len(a.short) >= 3 else None for a in apps)
        self.url = _ids(a.url for a in apps)
        self.owner = _ids(a.owner for a in apps)
        self.platform = _ids(a.platform for a in apps)
        self.origin = np.array([a.origin for a in apps])
        generic = lexicon.generic_words
        self.generic = np.array([bool(a.core) and set(a.core) <= generic for a in apps])
        self.functions = _FunctionArrays(apps, lexicon.functions)
        self.national = self.functions.national
        self.channelled = np.array([bool(a.channels) for a in apps], dtype=bool)
        self.successions = _successions(apps)

    def signals(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        p = self.p
        dot = (self.names[rows] @ self.names[cols].T).toarray()
        nr, nc = self.name_norm2[rows][:, None], self.name_norm2[cols][None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            cosine = np.nan_to_num(dot / np.sqrt(nr * nc))
            overlap = np.nan_to_num(dot / np.minimum(nr, nc))
        # one name inside the other ("Sistem Antrian" in "e-Antrian Puskesmas") counts, but
        # less when the other is much longer ("Pajak" inside a ten-word expansion)
        name = np.maximum(cosine, p["name_overlap_factor"] * np.sqrt(cosine * overlap))
        compact_r = [self.compact[i] for i in rows]
        compact_c = [self.compact[j] for j in cols]
        fuzzy = cdist(compact_r, compact_c, scorer=fuzz.ratio, dtype=np.uint8, workers=1) / 100
        long_r = np.array([len(s) >= p["fuzzy_min_length"] for s in compact_r])[:, None]
        long_c = np.array([len(s) >= p["fuzzy_min_length"] for s in compact_c])[None, :]
        fuzzy = np.where(long_r & long_c & (fuzzy >= p["fuzzy_min_ratio"]), fuzzy, 0.0)
        name = np.minimum(np.maximum(name, fuzzy), 1.0)
        same_core = (self.exact[rows][:, None] == self.exact[cols][None, :]) & (
            self.exact[rows][:, None] >= 0
        )
        same_short = (self.short[rows][:, None] == self.short[cols][None, :]) & (
            self.short[rows][:, None] >= 0
        )
        # one acronym spelled out as two different things is two names: SIMPEL (Sistem
        # Informasi Pelaporan Lingkungan) and SIMPEL (Sistem Pelayanan Perizinan Elektronik)
        for r, c in zip(*np.nonzero(same_short), strict=True):
            a, b = self.apps[rows[r]].spelled, self.apps[cols[c]].spelled
            if a and b and not a & b:
                same_short[r, c] = False
        # a name shortened word by word is the same name ("HaloGub" for "Halo Gubernur")
        for r, c in zip(*np.nonzero((name >= 0.2) & (name < 0.95)), strict=True):
            if _shortened(self.apps[rows[r]].core, self.apps[cols[c]].core):
                name[r, c] = 0.95
        exact = same_core | same_short | (name >= 0.95)
        national = self.national[rows][:, None] | self.national[cols][None, :]
        lookalike = self.functions.lookalike(rows, cols)
        exact &= ~lookalike
        # a name of only technology words ("WEB GIS", "Dashboard") says no function
        generic = self.generic[rows][:, None] | self.generic[cols][None, :]
        exact &= ~generic
        name = np.where(generic, name * p["weak_word_weight"], name)
        desc = (self.desc[rows] @ self.desc[cols].T).toarray()
        both_desc = self.has_desc[rows][:, None] & self.has_desc[cols][None, :]
        rel = (self.rel["w"][rows] @ self.rel_any["w"][cols].T).toarray() + np.minimum(
            (self.rel["o"][rows] @ self.rel_any["o"][cols].T).toarray(), self.rel_cap
        )
        url = (self.url[rows][:, None] == self.url[cols][None, :]) & (self.url[rows][:, None] >= 0)
        e_name = np.where(exact, p["weight_exact_name"], p["weight_name"] * np.minimum(name, 1))
        # similar names whose descriptions disagree: SIMADE (Kelurahan X) vs SIMADE (Krama
        # Bendega), "Layanan Adminduk Daring" vs "Hub Data Kependudukan"; identical full names
        # stay (three "SMS Gateway" sending different notices)
        disagree = both_desc & (desc < p["trap_description_max"])
        # one brand for two things ("SiGAP" for outreach and for public order): alike names
        # of brands whose descriptions disagree
        unnamed = self.functions.unnamed(rows, cols)
        # channels of one product keep their brand ("TAMASYA for iOS", "TAMASYA Web"), and so
        # do rows of one name and one owner on two platforms, whatever each row's text says
        unnamed &= ~(self.channelled[rows][:, None] | self.channelled[cols][None, :])
        pf_r, pf_c = self.platform[rows][:, None], self.platform[cols][None, :]
        ow_r, ow_c = self.owner[rows][:, None], self.owner[cols][None, :]
        platforms = (
            same_core & (ow_r == ow_c) & (ow_r >= 0) & (pf_r != pf_c) & (pf_r >= 0) & (pf_c >= 0)
        )
        unnamed &= ~platforms
        disagree &= ~platforms
        # a national application's name is its product's: the same name is the same product
        unnamed &= ~(self.national[rows][:, None] | self.national[cols][None, :])
        # a connector to an application is not that application ("API Bridge Lapor - SP4N")
        connector = (
            self.functions.connector[rows][:, None] | self.functions.connector[cols][None, :]
        )
        # ... unless it bears the national application's very name: the record of that product
        # ("SP4N-LAPOR!": "Admin penghubung LAPOR! kabupaten")
        connector &= ~(same_short & national)
        # and names that say two different functions ("SIMPEG" and "Presensi Pegawai" share
        # only "pegawai"): `apart`
        trap = (
            (disagree & (~same_core | unnamed))
            | lookalike
            | connector
            | self.functions.apart(rows, cols)
        )
        e_name = np.where(trap, e_name * p["trap_factor"], e_name)
        o_r, o_c = self.origin[rows][:, None], self.origin[cols][None, :]
        mismatch = (o_r != o_c) & ((o_r == 1) | (o_c == 1)) & (o_r != 2) & (o_c != 2)
        mismatch &= both_desc & (desc < p["origin_mismatch_description_max"])
        # a local row bearing a national application's name is that product ("SISNAKER":
        # "Aplikasi Kemnaker yang digunakan Disnakertrans ..."; one name for two things is
        # told apart by their spellings, `spelled`) ...
        mismatch &= ~(same_short & national)
        # ... and so is one whose description names the national application's ministry
        # ("SIMDA BMD": "Aplikasi BPKP. Masih terinstal di Bidang Aset ...")
        for r, c in zip(*np.nonzero(mismatch & exact & national), strict=True):
            if self.apps[rows[r]].ministries & self.apps[cols[c]].ministries:
                mismatch[r, c] = False
        e_name = np.where(mismatch, e_name * p["origin_mismatch_factor"], e_name)
        desc = np.clip(desc, 0, 1)
        # a description pasted onto another row by mistake: one text under two names that say
        # different functions (a ticketing app carrying the market levy's text) is one row's
        # text, so the names decide; names that say none (village portals of one vendor, one
        # text) keep the text
        pasted = desc >= p["pasted_description_min"]
        for r, c in zip(*np.nonzero(pasted), strict=True):
            pasted[r, c] = self.functions.names_differ(rows[r], cols[c])
        some_name = name >= 0.1
        # descriptions alone (no shared name word) must be near-identical, and say more than
        # one word once normalised ("Portal layanan kota" and "Portal data kota" are both just
        # "portal"); an address alone may be a portal that hosts several modules
        e_desc = p["weight_description"] * np.where(
            some_name | url, desc, np.where(both_desc, desc ** p["description_only_power"], 0.0)
        )
        e_desc = np.where(pasted, 0.0, e_desc)
        e_url = np.where(some_name | (desc >= 0.2), p["weight_url"], p["weight_url_alone"]) * url
        succession = np.zeros_like(desc, dtype=bool)
        if self.successions:
            at = {int(j): k for k, j in enumerate(cols)}
            for r, i in enumerate(rows):
                for j in self.successions.get(int(i), ()):
                    if j in at:
                        succession[r, at[j]] = True
        e_succession = p["weight_succession"] * succession
        shared, named = self.functions.shared(rows, cols)
        # a K/L application recorded locally is the national application its name says, not
        # any national application of the same function (Simpeg PTT of Kemenkes is no SIASN)
        kl_national = (o_r == 1) & self.national[cols][None, :]
        # two K/L applications recorded locally are two ministries' products (E-Renggar of
        # Kemenkes and KRISNA of Bappenas both plan DAK), unless both names say the function
        # (Dapodik recorded once per school level)
        kl_national |= (o_r == 1) & (o_c == 1) & ~named
        shared &= ~kl_national
        e_func = np.where(
            named, p.get("weight_function", 0.0), p.get("weight_function_description", 0.0)
        )
        e_func = np.where(shared & ~(pasted & ~named), e_func, 0.0)
        score = 1 - (
            (1 - e_name)
            * (1 - e_desc)
            * (1 - p["weight_relations"] * np.clip(rel, 0, 1))
            * (1 - e_url)
            * (1 - e_func)
            * (1 - e_succession)
        )
        return {
            "score": score,
            "name": name,
            "exact": exact,
            "desc": desc,
            "rel": rel,
            "url": url,
            "e_name": e_name,
            "func": e_func,
            "succession": e_succession,
        }


class _FunctionArrays:
    """The applications' functions (`registry.analysis.functions`) as 0/1 matrices, for the
    function signal of a block of pairs."""

    def __init__(self, apps: list[_App], lexicon: FunctionLexicon | None):
        width = len(lexicon) if lexicon else 0
        self.named = np.zeros((len(apps), width), dtype=np.float32)
        self.evidence = np.zeros_like(self.named)
        self.mentioned = np.zeros_like(self.named)
        self.refused = np.zeros_like(self.named)
        self.connector = np.array([a.functions.connector for a in apps], dtype=bool)
        self.national = np.array([a.national for a in apps], dtype=bool)
        if lexicon is None or width == 0:
            self.active = False
            return
        self.active = True
        for i, a in enumerate(apps):
            f = a.functions
            self.named[i, list(f.named)] = 1
            self.evidence[i, list(f.evidence(lexicon))] = 1
            self.mentioned[i, list(f.mentioned)] = 1
            self.refused[i, list(f.refused)] = 1
        # evidence from the names on both sides (or the catalogue, for a national application)
        self.named_evidence = self.evidence * (self.named.sum(axis=1) > 0)[:, None]
        # what a name asks of the other application (`named_core`): a general function is
        # implied by a kind of it (a name that says permits and research permits asks for the
        # kind, and an application that mentions the kind meets the general one); a function
        # that frames a name leaves the others as its context ("Antrian Samsat" is a queue)
        index = {f.key: i for i, f in enumerate(lexicon.functions)}
        within = np.zeros((width, width), dtype=np.float32)
        for i, f in enumerate(lexicon.functions):
            within[i, [index[key] for key in f.within]] = 1
        frames = np.array([f.frames_name for f in lexicon.functions], dtype=bool)
        core = np.where((self.named @ within) > 0, 0.0, self.named)
        framed = core[:, frames].sum(axis=1, keepdims=True) > 0
        self.named_core = np.where(framed & ~frames, 0.0, core).astype(np.float32)
        self.mentioned = np.maximum(self.mentioned, (self.mentioned @ within) > 0)
        self.n_named = self.named_core.sum(axis=1)

    def shared(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the pair shares a function, and both names say so). A pair shares no function when
        one name says a function the other application never mentions (SIMRS, whose
        description mentions queues, is no queue system; "Lapor KDRT" is no general complaint
        channel)."""
        if not self.active:
            empty = np.zeros((len(rows), len(cols)), dtype=bool)
            return empty, empty
        shared = (self.evidence[rows] @ self.evidence[cols].T) > 0
        met_r = self.named_core[rows] @ self.mentioned[cols].T
        met_c = self.mentioned[rows] @ self.named_core[cols].T
        unmet_r = self.n_named[rows][:, None] - met_r
        unmet_c = self.n_named[cols][None, :] - met_c
        # a national application does several functions (SIPD: plans, budgets, treasury); a
        # local one that does any of them meets it
        unmet_r = np.where(self.national[rows][:, None] & (met_r > 0), 0.0, unmet_r)
        unmet_c = np.where(self.national[cols][None, :] & (met_c > 0), 0.0, unmet_c)
        shared &= (unmet_r < 0.5) & (unmet_c < 0.5)
        named = shared & ((self.named_evidence[rows] @ self.named_evidence[cols].T) > 0)
        return shared, named

    def apart(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Both applications say what function they are, no function is common to both and
        neither mentions the other's: two different applications, however alike their other
        words ("SIMPEG" and "Presensi Pegawai"; "Surat Dinas" and "Layanan Surat Warga")."""
        if not self.active:
            return np.zeros((len(rows), len(cols)), dtype=bool)
        ev_r, ev_c = self.evidence[rows], self.evidence[cols]
        both = (ev_r.sum(axis=1) > 0)[:, None] & (ev_c.sum(axis=1) > 0)[None, :]
        met = (ev_r @ self.mentioned[cols].T) + (self.mentioned[rows] @ ev_c.T)
        return both & (met == 0)

    def names_differ(self, i: int, j: int) -> bool:
        """Both names say a function, and no function is common to them."""
        if not self.active or not self.n_named[i] or not self.n_named[j]:
            return False
        return not float(self.named[i] @ self.named[j])

    def unnamed(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Neither name says a function (brands)."""
        if not self.active:
            return np.ones((len(rows), len(cols)), dtype=bool)
        return (self.n_named[rows] == 0)[:, None] & (self.n_named[cols] == 0)[None, :]

    def lookalike(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """One name says the application is not a function the other's name says it is
        ("Surat Elektronik", e-mail, and "e-Surat"): names alike by their words, not alike."""
        if not self.active:
            return np.zeros((len(rows), len(cols)), dtype=bool)
        return (
            (self.refused[rows] @ self.named[cols].T) + (self.named[rows] @ self.refused[cols].T)
        ) > 0


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _function_reason(a: _App, b: _App, weight: float, functions: FunctionLexicon) -> Reason:
    """The narrow function two applications share (`seed/analysis/functions.yaml`)."""
    common = sorted(a.functions.evidence(functions) & b.functions.evidence(functions))
    by_name = bool(common) and all(
        f in a.functions.named and f in b.functions.named for f in common
    )
    labels = [functions.label(f) for f in common]
    text_id = "; ".join(t for t, _ in labels)
    text_en = "; ".join(t for _, t in labels)
    how_id, how_en = ("nama", "names") if by_name else ("nama/uraian", "names/descriptions")
    nat_id = nat_en = ""
    if b.national:
        nat_id = f", fungsi aplikasi nasional {b.name}"
        nat_en = f", the function of the national application {b.name}"
    return Reason(
        "same_function",
        f"fungsi sama menurut {how_id}: {text_id}{nat_id}",
        f"the same function by {how_en}: {text_en}{nat_en}",
        round(weight, 3),
    )


def _reasons(
    a: _App,
    b: _App,
    s: dict[str, float],
    nodes: nx.classes.reportviews.NodeView,
    functions: FunctionLexicon | None = None,
) -> list[Reason]:
    out: list[Reason] = []
    shared = sorted(set(a.core) & set(b.core))
    if s["exact"]:
        out.append(
            Reason(
                "same_name",
                f"nama setara setelah dinormalkan: '{a.name}' ≈ '{b.name}'",
                f"equivalent names once normalised: '{a.name}' ≈ '{b.name}'",
                round(s["e_name"], 3),
            )
        )
    elif s["name"] >= 0.3:
        words = ", ".join(shared) if shared else "ejaan hampir sama / near-identical spelling"
        out.append(
            Reason(
                "similar_name",
                f"nama mirip ({_pct(s['name'])}): {words}",
                f"similar names ({_pct(s['name'])}): {words}",
                round(s["e_name"], 3),
            )
        )
    acronyms = sorted((set(a.expanded) | set(b.expanded)) & (set(a.core) | set(b.core)))
    if acronyms and (s["exact"] or s["name"] >= 0.3):
        out.append(
            Reason(
                "acronym",
                f"singkatan diuraikan: {', '.join(acronyms)}",
                f"acronyms expanded: {', '.join(acronyms)}",
            )
        )
    if (s["exact"] or s["name"] >= 0.9) and (
        a.channels != b.channels or (a.platform and b.platform and a.platform != b.platform)
    ):
        kanal = " / ".join(sorted(a.channels | b.channels | {a.platform, b.platform} - {""}))
        out.append(
            Reason(
                "channel",
                f"satu produk di beberapa kanal ({kanal}): sebaiknya satu aplikasi dengan kanal",
                f"one product on several channels ({kanal}): one application with channels",
            )
        )
    if s["desc"] >= 0.15:
        words = ", ".join(sorted(set(a.desc) & set(b.desc))[:8])
        out.append(
            Reason(
                "description",
                f"uraian/fungsi mirip ({_pct(s['desc'])}): {words}",
                f"similar description/function ({_pct(s['desc'])}): {words}",
                round(s["desc"], 3),
            )
        )
    if functions is not None and s.get("func", 0) > 0:
        out.append(_function_reason(a, b, s["func"], functions))
    shared_rel = set(a.rel) & set(b.rel)
    for prefix, code, text_id, text_en in (
        ("w", "shared_data_written", "menulis data yang sama", "write the same data"),
        ("r", "shared_data_read", "membaca data yang sama", "read the same data"),
        (
            "s",
            "shared_support",
            "mendukung layanan/proses yang sama",
            "support the same services/processes",
        ),
        ("c", "shared_reference", "kode referensi sama", "the same reference codes"),
    ):
        items = sorted(r[2:] for r in shared_rel if r[0] == prefix)
        if items:
            names = ", ".join(str(nodes[i]["name"]) if i in nodes else i for i in items)
            out.append(Reason(code, f"{text_id}: {names}", f"{text_en}: {names}"))
    if s.get("succession"):
        out.append(
            Reason(
                "succession",
                "uraiannya menyebut yang satu pengganti yang lain (nama lama dan baru): satu sistem tercatat dua kali",
                "its description says one replaced the other (old and new name): one system listed twice",
                round(s["succession"], 3),
            )
        )
    if s["url"]:
        out.append(Reason("same_url", f"alamat sama: {a.url}", f"the same address: {a.url}", 0.9))
    return out


def find_duplicates(
    graph: nx.MultiDiGraph,
    instansi: str | Sequence[str] | None = None,
    *,
    lexicon: Lexicon | None = None,
) -> DuplicateReport:
    """Duplicate applications of some governments (all local ones when None).

    Parameters
    ----------
    graph : the registry graph (`registry.graph`), with the national catalogue for the
        local-national comparison.
    instansi : a government code, several, or None for every local government in the graph.
    lexicon : stop words, acronyms, synonyms and scoring parameters; default
        `seed/analysis/duplicates.yaml`.

    Returns
    -------
    DuplicateReport
        pairs (score 0..1 with reasons), clusters (connected pairs), migrations (local
        duplicates of national applications) and complements (similar local applications that
        meet the conditions to coexist with the national one).

    Examples
    --------
    >>> from registry.io.offline import graph_from_bundles
    >>> from registry.store.bulk import Bundle, ItemRecord
    >>> apps = [("a", "SMS Gateway", "Kirim SMS notifikasi pajak"),
    ...         ("b", "SMS Gateway", "Kirim SMS notifikasi izin"),
    ...         ("c", "Portal Resmi", "Berita dan profil daerah")]
    >>> bundle = Bundle({"code": "kab-x", "level": "kabupaten"}, [ItemRecord(
    ...     {"kind": "application", "key": k, "name": n, "description": d}) for k, n, d in apps])
    >>> [(p.a, p.b) for p in find_duplicates(graph_from_bundles([bundle])).pairs]
    [('kab-x:a', 'kab-x:b')]
    """
    lex = lexicon or default_lexicon()
    codes = scope_of(graph, instansi)
    wanted = set(codes)
    local = sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["kind"] == "application"
        and d["instansi"] in wanted
        and not d.get("external")
        and not d.get("national")
    )
    national = sorted(
        n for n, d in graph.nodes(data=True) if d["kind"] == "application" and d.get("national")
    )
    report = DuplicateReport(instansi=codes)
    if not local:
        return report
    refs = local + national
    apps = _features(graph, refs, TextNormaliser(lex))
    scorer = _Scorer(apps, lex)
    threshold = lex.scoring["threshold"]
    block = int(lex.scoring.get("max_block", 2000))
    by_gov: dict[str, list[int]] = defaultdict(list)
    for i in range(len(local)):
        by_gov[apps[i].instansi].append(i)
    nat_idx = np.arange(len(local), len(refs))
    found: list[tuple[int, int, dict[str, float]]] = []
    for members in by_gov.values():
        idx = np.array(members)
        for start in range(0, len(idx), block):
            rows = idx[start : start + block]
            for cols, same in ((idx[start:], True), (nat_idx, False)):
                if len(cols) == 0:
                    continue
                sig = scorer.signals(rows, cols)
                hit = sig["score"] >= threshold
                if same:
                    hit &= np.triu(np.ones_like(hit), k=1).astype(bool)
                for r, c in zip(*np.nonzero(hit), strict=True):
                    found.append(
                        (int(rows[r]), int(cols[c]), {k: float(v[r, c]) for k, v in sig.items()})
                    )
    found = _keep_best_national(found, apps)
    nodes = graph.nodes
    for i, j, s in found:
        a, b = apps[i], apps[j]
        reasons = _reasons(a, b, s, nodes, lex.functions)
        pair = DuplicatePair(
            a=a.ref, b=b.ref, score=round(s["score"], 3), reasons=reasons, national=b.national
        )
        if not b.national:
            report.pairs.append(pair)
            continue
        owner = nodes[b.ref].get("owner")
        owner_name = nodes[owner]["name"] if owner and owner in nodes else b.instansi
        complement = None
        if a.aligned:
            complement = (
                "aligned",
                "memenuhi syarat mempertahankan aplikasi serupa: diselaraskan, ada kajian biaya dan manfaat, kode sumber terdaftar",
                "meets the conditions to keep a similar application: aligned, cost-benefit study, source code registered",
            )
        elif b.ref in a.spl_partners:
            complement = (
                "integrated_via_spl",
                f"terintegrasi dengan {b.name} melalui SPL: pelengkap, bukan salinan",
                f"integrated with {b.name} through the SPL: a complement, not a copy",
            )
        elif b.ref in lex.federated_national:
            complement = (
                "federated",
                f"{b.name} adalah jaringan yang beranggotakan aplikasi daerah: simpul, bukan duplikasi",
                f"{b.name} is a network of local members: a member, not a duplicate",
            )
        if complement:
            pair.reasons.append(Reason(*complement))
            report.complements.append(pair)
            continue
        if a.origin == 1:
            pair.reasons.append(
                Reason(
                    "registered_locally",
                    f"dicatat sebagai aplikasi K/L: kemungkinan {b.name} sendiri; catat sebagai penggunaan (uses)",
                    f"recorded as a K/L application: probably {b.name} itself; record it as a use",
                )
            )
        else:
            pair.reasons.append(
                Reason(
                    "national_overlap",
                    f"tumpang tindih dengan aplikasi nasional {b.name} ({owner_name})",
                    f"overlaps the national application {b.name} ({owner_name})",
                )
            )
        report.pairs.append(pair)
    report.pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    report.complements.sort(key=lambda p: (p.a, p.b))
    _cluster(report)
    report.migrations = _migrations(report, {a.ref: a for a in apps}, nodes)
    return report


def _migrations(
    report: DuplicateReport, apps: dict[str, _App], nodes: nx.classes.reportviews.NodeView
) -> list[MigrationAdvice]:
    """Each local application in a cluster with a national one should migrate to it: to the
    national application it matches best, or through the cluster (e-Surat ~ TNDE ~ SRIKANDI)."""
    advice: dict[str, MigrationAdvice] = {}
    for cluster in report.clusters:
        direct = [
            p
            for p in cluster.pairs
            if p.national and not any(r.code == "registered_locally" for r in p.reasons)
        ]
        if not direct:
            continue
        for p in direct:
            if p.a not in advice or p.score > advice[p.a].score:
                advice[p.a] = MigrationAdvice(p.a, p.b, p.score, p.reasons)
        best = max(direct, key=lambda p: p.score)
        for member in cluster.members:
            if member in advice or apps[member].national or apps[member].origin == 1:
                continue
            via = next(p for p in cluster.pairs if member in (p.a, p.b))
            other = via.b if via.a == member else via.a
            reason = Reason(
                "cluster",
                f"duplikat dari {nodes[other]['name']}, yang tumpang tindih dengan aplikasi "
                f"nasional {nodes[best.b]['name']}",
                f"a duplicate of {nodes[other]['name']}, which overlaps the national "
                f"application {nodes[best.b]['name']}",
            )
            advice[member] = MigrationAdvice(
                member, best.b, round(min(via.score, best.score), 3), [*via.reasons, reason]
            )
    return [advice[k] for k in sorted(advice)]


def _keep_best_national(
    found: list[tuple[int, int, dict[str, float]]], apps: list[_App]
) -> list[tuple[int, int, dict[str, float]]]:
    """A local application is compared with the national application it matches best only;
    two local records of two different national applications (SiRUP and SPSE) are not
    duplicates of each other."""
    best: dict[int, tuple[float, int]] = {}
    for i, j, s in found:
        if apps[j].national and (i not in best or s["score"] > best[i][0]):
            best[i] = (s["score"], j)
    out = []
    for i, j, s in found:
        if apps[j].national:
            if best[i][1] == j:
                out.append((i, j, s))
        elif not (i in best and j in best and best[i][1] != best[j][1]):
            out.append((i, j, s))
    return out


def _cluster(report: DuplicateReport) -> None:
    """Connected pairs, per government: a national application joins each government's
    cluster on its own, so two governments' copies of SRIKANDI never end in one cluster."""
    g = nx.Graph()
    for p in report.pairs:
        gov = p.a.split(":", 1)[0]
        b = f"{gov}|{p.b}" if p.national else p.b
        g.add_edge(p.a, b, pair=p)
    clusters = []
    for members in nx.connected_components(g):
        sub = g.subgraph(members)
        pairs = sorted((d["pair"] for _, _, d in sub.edges(data=True)), key=lambda p: (p.a, p.b))
        clusters.append(
            DuplicateCluster(
                members=sorted(m.split("|", 1)[-1] for m in members),
                score=max(p.score for p in pairs),
                pairs=pairs,
            )
        )
    report.clusters = sorted(clusters, key=lambda c: (-c.score, c.members))
