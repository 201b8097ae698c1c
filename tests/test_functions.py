"""The function lexicon (`seed/analysis/functions.yaml`): what it reads from names and
descriptions, and how it turns into duplicate candidates, on purpose-built examples."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.analysis.duplicates import find_duplicates
from registry.analysis.functions import load_functions
from registry.analysis.text import default_lexicon
from registry.io.offline import graph_from_bundles
from registry.store.bulk import Bundle, ItemRecord
from tests.analysis_data import SEED, national

LEXICON = load_functions(SEED / "analysis" / "functions.yaml")


def _named(name: str, description: str = "") -> set[str]:
    profile = LEXICON.profile(name, description)
    return {LEXICON.functions[f].key for f in profile.evidence(LEXICON)}


def _bundle(code: str, apps: list[tuple[str, str, str]]) -> Bundle:
    return Bundle(
        {"code": code, "name": f"Kabupaten {code}", "level": "kabupaten"},
        [
            ItemRecord({"kind": "application", "key": k, "name": n, "attributes": {"function": f}})
            for k, n, f in apps
        ],
    )


def _pairs(code: str, apps: list[tuple[str, str, str]]) -> dict[tuple[str, str], set[str]]:
    graph = graph_from_bundles([national(), _bundle(code, apps)])
    report = find_duplicates(graph, code)
    return {(p.a, p.b): {r.code for r in p.reasons} for p in report.pairs}


def test_every_entry_says_why_it_recurs() -> None:
    data = yaml.safe_load((SEED / "analysis" / "functions.yaml").read_text(encoding="utf-8"))
    entries = data["functions"]
    assert len(entries) == len(LEXICON) >= 30
    for entry in entries:
        assert str(entry.get("why") or "").strip(), entry["key"]
        assert entry["name"]["id"] and entry["name"]["en"], entry["key"]
    # the national applications named in the lexicon exist in the catalogue
    catalogue = {f"nasional:{r.data['key']}" for r in national().items}
    assert {ref for f in LEXICON.functions for ref in f.national} <= catalogue


def test_names_acronyms_and_descriptions() -> None:
    assert _named("TNDE (Tata Naskah Dinas Elektronik)") == {"naskah-dinas"}
    assert _named("eKinerja") == {"kinerja-pegawai"}
    assert _named("SIDESA") == {"administrasi-desa"}  # glued "si" read as sistem informasi
    assert _named("ATCS_CLIENT") == {"pengendalian-lalu-lintas"}
    assert _named("NTPD 112 Kota") == {"panggilan-darurat-112"}
    # a brand name: the description says what it does
    assert _named("PRO Kota", "Aplikasi layanan pengaduan berbasis mobile") == {"pengaduan"}
    assert _named("Booking Poli", "Pengambilan nomor antrean pasien dari rumah") == {"antrian"}


def test_descriptions_that_list_many_services_or_mention_one_in_passing() -> None:
    # a portal listing services is none of them
    portal = "Portal warga: informasi layanan perizinan online, pengaduan masyarakat, APBD"
    assert _named("Kota Satu Pintu", portal) == set()
    # a long text naming a function once is about something else
    long_text = " ".join(["Penyediaan informasi dan data pemerintah kota."] * 12)
    assert _named("Bank Data", long_text + " Termasuk pengaduan masyarakat.") == set()
    # a hospital system that mentions queues is no queue system (guard-only SIMRS)
    assert _named("SIMRS RSUD", "Pendaftaran, antrean pasien, rekam medis, billing") == set()


def test_broad_areas_are_not_functions() -> None:
    for name, description in (
        ("SIM Keuangan BLUD", "Akuntansi dan laporan keuangan BLUD rumah sakit"),
        ("SIKESDA", "Rekap laporan kesehatan kabupaten"),
        ("Beasiswa Cerdas", "Pendaftaran beasiswa pendidikan mahasiswa"),
    ):
        assert _named(name, description) == set(), name
    pairs = _pairs(
        "kab-luas",
        [
            ("keu-blud", "SIM Keuangan BLUD", "Akuntansi dan laporan keuangan BLUD rumah sakit"),
            ("keu-dinas", "e-Keuangan Dinas", "Penatausahaan keuangan belanja perangkat daerah"),
            ("sikesda", "SIKESDA", "Rekap laporan kesehatan kabupaten"),
            ("si-gizi", "Si Gizi", "Pencatatan status gizi balita"),
        ],
    )
    assert not any("same_function" in codes for codes in pairs.values()), pairs


def test_the_loader_refuses_a_broad_area_as_a_function(tmp_path: Path) -> None:
    path = tmp_path / "functions.yaml"
    path.write_text(
        "broad_areas: [keuangan]\n"
        "functions:\n"
        "  - {key: keuangan, name: {id: keuangan, en: finance}, why: x, terms: [keuangan]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="bidang luas"):
        load_functions(path)


def test_different_words_for_one_function_make_a_pair_with_its_reason() -> None:
    pairs = _pairs(
        "kab-fungsi",
        [
            ("atcs", "ATCS", "Pengaturan lampu lalu lintas di simpang"),
            ("traffic", "Smart Traffic Light", "Pengendalian traffic light dari command center"),
            ("rtlh", "e-RTLH", "Bantuan bedah rumah warga kurang mampu"),
            ("rutilahu", "Siapel Rutilahu", "Data rumah tidak layak huni"),
            ("portal", "Portal Resmi", "Berita dan profil daerah"),
        ],
    )
    assert set(pairs) == {
        ("kab-fungsi:atcs", "kab-fungsi:traffic"),
        ("kab-fungsi:rtlh", "kab-fungsi:rutilahu"),
    }
    assert all("same_function" in codes for codes in pairs.values())


def test_a_local_app_of_a_national_function_should_migrate_to_it() -> None:
    bundle = _bundle(
        "kab-nasional",
        [
            ("pro-kab", "PRO Kabupaten", "Aplikasi layanan pengaduan masyarakat"),
            ("siperdin", "SIPERDIN", "Surat masuk, surat keluar dan disposisi pimpinan"),
        ],
    )
    report = find_duplicates(graph_from_bundles([national(), bundle]), "kab-nasional")
    advice = {m.source: m.target for m in report.migrations}
    assert advice == {
        "kab-nasional:pro-kab": "nasional:sp4n-lapor",
        "kab-nasional:siperdin": "nasional:srikandi",
    }
    reason = next(
        r
        for p in report.pairs
        if p.a == "kab-nasional:siperdin"
        for r in p.reasons
        if r.code == "same_function"
    )
    assert "SRIKANDI" in reason.text and "SRIKANDI" in reason.text_en


def test_traps_stay_apart() -> None:
    pairs = _pairs(
        "kab-jebak",
        [
            # a hospital system mentioning queues next to a queue system
            ("simrs", "SIMRS RSUD", "Pendaftaran dan antrean pasien, rekam medis, billing"),
            ("antrian", "Sistem Antrian MPP", "Nomor antrean loket mal pelayanan publik"),
            # violence reports are no general complaint channel; WBS is no complaint channel
            ("kdrt", "Lapor KDRT", "Laporan kasus kekerasan terhadap perempuan dan anak"),
            ("wbs", "WBS Inspektorat", "Pelaporan dugaan pelanggaran oleh pegawai"),
            # an SMS gateway and a WhatsApp gateway are different channels
            ("sms", "SMS Gateway", "Kirim SMS notifikasi pajak"),
            ("wa", "WA Gateway", "Pesan WhatsApp otomatis untuk perangkat daerah"),
            # e-TPP reads attendance and performance; it is neither
            ("tpp", "e-TPP", "Perhitungan tambahan penghasilan dari presensi dan e-Kinerja"),
            ("presensi", "e-Presensi", "Kehadiran pegawai berbasis lokasi"),
        ],
    )
    assert pairs == {}, pairs


def test_sumedang_complements_stay_complements() -> None:
    """Aligned local apps next to national ones share their function on purpose."""
    from tests.analysis_data import demo_graph

    report = find_duplicates(demo_graph(), "sumedang")
    assert report.pairs == []
    locals_ = {p.a.split(":", 1)[1] for p in report.complements}
    assert {"e-office", "simpeg", "jdih", "satu-data-sumedang"} <= locals_


def test_without_a_function_lexicon_the_signal_is_off() -> None:
    import dataclasses

    lex = dataclasses.replace(default_lexicon(), functions=None)
    bundle = _bundle(
        "kab-tanpa",
        [
            ("atcs", "ATCS", "Pengaturan lampu lalu lintas di simpang"),
            ("traffic", "Smart Traffic Light", "Pengendalian traffic light dari command center"),
        ],
    )
    report = find_duplicates(graph_from_bundles([bundle]), "kab-tanpa", lexicon=lex)
    assert report.pairs == []


def _keys(name: str, description: str = "") -> set[str]:
    """Every function the texts mention (evidence or not)."""
    profile = LEXICON.profile(name, description)
    return {LEXICON.functions[f].key for f in profile.mentioned}


def test_word_order_and_inflection_do_not_matter() -> None:
    # the same function in other words, another word order or another inflection
    assert _named("Suara Warga", "Keluhan dari masyarakat ditindaklanjuti perangkat daerah") == {
        "pengaduan"
    }
    assert _named("Halo Bupati", "Warga menyampaikan keluhan langsung kepada bupati") == {
        "pengaduan"
    }
    assert _named("Buku Agenda", "Surat-surat yang masuk dan keluar dicatat bagian umum") == {
        "naskah-dinas"
    }
    assert _named("Simpang Cerdas", "Lampu lalu lintas di simpang diatur dari command center") == {
        "pengendalian-lalu-lintas"
    }
    assert _named("SIRUMAH", "Data rumah warga yang tidak layak dihuni") == {"rtlh"}
    assert _named("SIP Online", "Penerbitan surat izin praktik bidan") == {"perizinan"}
    # the contiguous matching of before (order: exact) misses them
    exact = load_functions(SEED / "analysis" / "functions.yaml", order="exact")
    profile = exact.profile("Halo Bupati", "Warga menyampaikan keluhan langsung kepada bupati")
    assert profile.evidence(exact) == frozenset()


def test_word_order_traps() -> None:
    # cancelling phrases stay exact: a water utility's customers are no public complaint
    assert _named("Layanan PDAM", "Keluhan pelanggan air minum") == set()
    # a derived word carries the meaning: e-mail is no correspondence, "persuratan" is
    assert _named("Surat Elektronik", "Kotak surat elektronik untuk pegawai") == set()
    assert _named("Persuratan Elektronik") == {"naskah-dinas"}
    # a negation breaks a term: non-business permits are no business licensing (OSS)
    assert _keys("Perizinan Online", "Pelayanan perizinan non berusaha") == {"perizinan"}
    # a term of broad words, or one written "=...", matches only as written: IT assets are no BMD
    assert _named("Katalog TIK", "Inventaris aplikasi dan aset TIK daerah") == set()
    assert _named("Aset Daerah Online", "Inventarisasi aset daerah") == {"barang-milik-daerah"}
    # taking a number for a letter is correspondence, not a queue
    assert _named("SINOMOR", "Pengambilan nomor surat keluar") == {"naskah-dinas"}
    assert _named("Ambil Nomor", "Pengambilan nomor antrean loket") == {"antrian"}
    # attendance at a meeting is no staff attendance; a media archive is no records management
    assert _named("e-Rapat", "Daftar hadir peserta rapat koordinasi") == set()
    assert _named("Galeri Arsip Foto Humas") == set()
    # words of a term must be close together and in one clause
    assert _named("Sewa Kios", "Harga sewa kios dan los di pasar") == set()
    assert _named("Harga Harian", "Harga komoditas di pasar, diperbarui setiap hari") == {
        "harga-pangan"
    }


def test_recurring_functions_added_to_the_lexicon() -> None:
    assert _named("e-Retribusi", "Penagihan iuran kebersihan rumah tangga") == {"retribusi-sampah"}
    assert _named("SIMPAR", "Pembayaran retribusi parkir tepi jalan") == set()
    assert _named("E-Samsat") == {"pajak-kendaraan"}
    assert _named("Bayar Pajak", "Pembayaran pajak kendaraan bermotor lewat ponsel") == {
        "pajak-kendaraan"
    }
    assert _named("INLISLite", "Katalog, keanggotaan dan sirkulasi buku") == {"perpustakaan"}
    assert _named("iKabupaten", "Peminjaman buku elektronik") == {"perpustakaan-digital"}
    assert _named("e-Renja") == {"perencanaan-daerah"}
    assert _named("Pesona Kabupaten", "Informasi destinasi wisata dan agenda event") == {
        "pariwisata"
    }
    assert _named("SI Usaha Pariwisata", "Pendaftaran usaha pariwisata") == set()
    assert _named("PPID Utama", "Permohonan informasi publik") == {"ppid"}
    assert _named("e-SKM Dinkes") == {"survei-kepuasan"}
    assert _named("Suara Pelanggan", "Survei kepuasan pelanggan air minum") == set()


def test_new_functions_make_pairs_and_keep_their_traps_apart() -> None:
    pairs = _pairs(
        "kab-baru",
        [
            ("hibah", "SIM Hibah", "Pengajuan proposal hibah organisasi kemasyarakatan"),
            ("proposal", "e-Proposal", "Permohonan dana hibah dan laporan penggunaannya"),
            ("bansos", "SI-Bansos", "Penyaluran bantuan sosial beras"),
            ("retsam", "Tagihan Kebersihan", "Penagihan retribusi persampahan"),
            ("parkir", "e-Parkir", "Pembayaran retribusi parkir non tunai"),
            ("wisata", "Pesona Kabupaten", "Informasi destinasi wisata dan event"),
            ("visit", "Visit Kabupaten", "Promosi pariwisata daerah"),
            ("ppid", "PPID", "Permohonan informasi publik"),
            ("lapor", "Lapor Bupati", "Pengaduan masyarakat"),
            ("rkpd", "e-RKPD", "Penyusunan rencana kerja pemerintah daerah"),
        ],
    )
    assert set(pairs) == {
        ("kab-baru:hibah", "kab-baru:proposal"),
        ("kab-baru:visit", "kab-baru:wisata"),
        ("kab-baru:lapor", "nasional:sp4n-lapor"),
        ("kab-baru:rkpd", "nasional:sipd"),
    }, pairs
    assert all("same_function" in codes for codes in pairs.values())


def test_alternatives_are_one_word_each(tmp_path: Path) -> None:
    path = tmp_path / "functions.yaml"
    path.write_text(
        "functions:\n"
        "  - {key: x, name: {id: x, en: x}, why: x, terms: ['keluhan|surat-masuk warga']}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="one word per alternative"):
        load_functions(path)
