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
from tests.analysis_data import SEED, app_bundle, national

LEXICON = load_functions(SEED / "analysis" / "functions.yaml")


def _named(name: str, description: str = "") -> set[str]:
    profile = LEXICON.profile(name, description)
    return {LEXICON.functions[f].key for f in profile.evidence(LEXICON)}


def _pairs(
    code: str, apps: list[tuple[str, str, str]], **attributes: object
) -> dict[tuple[str, str], set[str]]:
    graph = graph_from_bundles([national(), app_bundle(code, apps, **attributes)])
    report = find_duplicates(graph, code)
    return {(p.a, p.b): {r.code for r in p.reasons} for p in report.pairs}


def _reasons_of(pairs: dict[tuple[str, str], set[str]], a: str, b: str) -> set[str] | None:
    """The reasons of the pair of `a` and `b` in either order; None when they are no pair."""
    return pairs.get((a, b), pairs.get((b, a)))


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
    # a hospital system that mentions queues is a hospital system, no queue system
    assert _named("SIMRS RSUD", "Pendaftaran, antrean pasien, rekam medis, billing") == {"simrs"}


def test_broad_areas_are_not_functions() -> None:
    for name, description in (
        ("SIM Keuangan BLUD", "Akuntansi dan laporan keuangan BLUD rumah sakit"),
        ("SIKESDA", "Rekap laporan kesehatan kabupaten"),
        ("SIPENDIK", "Rekap data pendidikan dan sekolah kabupaten"),
    ):
        assert _named(name, description) == set(), name
    pairs = _pairs(
        "kab-luas",
        [
            ("keu-blud", "SIM Keuangan BLUD", "Akuntansi dan laporan keuangan BLUD rumah sakit"),
            ("keu-dinas", "e-Keuangan Dinas", "Rekap keuangan dan belanja dinas"),
            ("sikesda", "SIKESDA", "Rekap laporan kesehatan kabupaten"),
            ("si-gizi", "Si Gizi", "Pencatatan status gizi balita"),
        ],
    )
    assert not any("same_function" in codes for codes in pairs.values()), pairs


# (lexicon text, the error's words): what the loader refuses
REFUSED_LEXICONS = [
    # a broad area never counts as a function on its own
    (
        "broad_areas: [keuangan]\n"
        "functions:\n"
        "  - {key: keuangan, name: {id: keuangan, en: finance}, why: x, terms: [keuangan]}\n",
        "bidang luas",
    ),
    # a function can only be a kind of a function of the lexicon
    (
        "functions:\n"
        "  - {key: izin-riset, name: {id: x, en: x}, why: x, terms: [izin riset], within: [izin]}\n",
        "within 'izin'",
    ),
    # an alternative of a term's word is one word
    (
        "functions:\n"
        "  - {key: x, name: {id: x, en: x}, why: x, terms: ['keluhan|surat-masuk warga']}\n",
        "one word per alternative",
    ),
]


@pytest.mark.parametrize(("text", "error"), REFUSED_LEXICONS)
def test_the_loader_refuses_what_is_no_function(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "functions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
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
    bundle = app_bundle(
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
    bundle = app_bundle(
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
    assert _named("Surat Elektronik", "Kotak surat elektronik untuk pegawai") == {"email-dinas"}
    assert _named("Persuratan Elektronik") == {"naskah-dinas"}
    # a negation breaks a term: non-business permits are no business licensing (OSS)
    assert _keys("Perizinan Online", "Pelayanan perizinan non berusaha") == {"perizinan"}
    # a term of broad words, or one written "=...", matches only as written: IT assets are no BMD
    assert _named("Katalog TIK", "Inventaris aplikasi dan aset TIK daerah") == {"aset-tik"}
    assert _named("Aset Daerah Online", "Inventarisasi aset daerah") == {"barang-milik-daerah"}
    # taking a number for a letter is correspondence, not a queue
    assert _named("SINOMOR", "Pengambilan nomor surat keluar") == {"naskah-dinas"}
    assert _named("Ambil Nomor", "Pengambilan nomor antrean loket") == {"antrian"}
    # attendance at a meeting is no staff attendance; a media archive is no records management
    assert _named("e-Rapat", "Daftar hadir peserta rapat koordinasi") == set()
    assert _named("Galeri Arsip Foto Humas") == set()
    # words of a term must be close together and in one clause
    assert "harga-pangan" not in _named("Sewa Kios", "Harga sewa kios dan los di pasar")
    assert _named("Harga Harian", "Harga komoditas di pasar, diperbarui setiap hari") == {
        "harga-pangan"
    }


def test_recurring_functions_added_to_the_lexicon() -> None:
    assert _named("e-Retribusi", "Penagihan iuran kebersihan rumah tangga") == {"retribusi-sampah"}
    assert _named("SIMPAR", "Pembayaran retribusi parkir tepi jalan") == {"parkir"}
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


# ---- round 4: what generalised from inventories written apart from the matcher


def test_the_opening_clause_says_what_an_application_is() -> None:
    # a tie between two functions goes to the one the description opens with
    assert _named("SiHadir", "Aplikasi presensi pegawai berbasis lokasi, pengajuan izin, cuti") == {
        "presensi"
    }
    # an opening that says what it is not refuses what the name says ("pajak parkir" is a tax) ...
    assert _named("SIMPADA Parkir", "Mengelola data wajib pajak parkir.") == set()
    # ... while a later clause only says what it leaves to another application
    assert _named(
        "Sistem Informasi Desa", "Profil desa, layanan surat; keuangan desa tetap di Siskeudes"
    ) == {"administrasi-desa"}


def test_shorthand_and_repeated_words_of_informal_inventories() -> None:
    assert _named("Layanan Surat Kel.", "surat ket. domisili utk warga") == {"administrasi-desa"}
    assert _named("Kumpulan Produk DPRD", "file perda2 dan perbup2 yang sudah disahkan") == {"jdih"}


def test_a_connector_is_no_duplicate_of_what_it_connects() -> None:
    pairs = _pairs(
        "kab-hubung",
        [
            ("lapor", "Lapor Bupati", "Kanal pengaduan masyarakat kepada bupati"),
            (
                "bridge",
                "API Bridge Lapor Bupati - SP4N",
                "Middleware: sinkronisasi tiket pengaduan",
            ),
        ],
    )
    assert ("kab-hubung:lapor", "nasional:sp4n-lapor") in pairs
    assert not any("kab-hubung:bridge" in pair for pair in pairs), pairs


def test_names_that_say_different_functions_or_one_brand_for_two_things() -> None:
    pairs = _pairs(
        "kab-beda",
        [
            ("simpeg", "SIMPEG Kota", "data pegawai"),
            ("presensi", "Presensi Pegawai Puskesmas", "absen pegawai puskesmas dengan sidik jari"),
            ("sigap-1", "SiGAP", "penjangkauan gelandangan, pengemis dan anak jalanan"),
            ("sigap-2", "SiGAP", "laporan ketertiban umum dan pedagang kaki lima"),
        ],
    )
    local = {p for p in pairs if not p[1].startswith("nasional:")}
    assert local == set(), pairs


def test_a_national_application_of_several_functions_and_records_of_two_ministries() -> None:
    pairs = _pairs(
        "kab-pusat",
        [
            # treasury is one of SIPD's functions: a local SIPKD duplicates that part
            ("sipkd", "SIPKD", "Penatausahaan keuangan daerah: SPP, SPM, SP2D"),
        ],
    )
    assert ("kab-pusat:sipkd", "nasional:sipd") in pairs
    pairs = _pairs(
        "kab-kl",
        [
            ("renggar", "E-Renggar", "Perencanaan DAK fisik bidang kesehatan"),
            ("krisna", "KRISNA", "Pengusulan dana alokasi khusus (DAK)"),
        ],
        origin="aplikasi_khusus_kl",
    )
    assert ("kab-kl:krisna", "kab-kl:renggar") not in pairs


def test_applications_listed_by_address_and_unit_names_in_descriptions() -> None:
    units = [
        ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
        ("dpupr", "Dinas Pekerjaan Umum dan Tata Ruang"),
        ("bkd", "Badan Kepegawaian Daerah"),
    ]
    apps = [
        (
            "a1",
            "lapbul.bappeda.contoh.go.id",
            "bappeda",
            "Laporan bulanan Badan Perencanaan Pembangunan Daerah",
        ),
        (
            "a2",
            "lapbul.dpupr.contoh.go.id",
            "dpupr",
            "laporan bulanan Dinas Pekerjaan Umum dan Tata Ruang",
        ),
        ("a3", "simpeg.contoh.go.id", "bkd", "Sistem Informasi Manajemen Kepegawaian"),
        ("a4", "SIMPEG BKD", "bkd", "Data dan riwayat kepegawaian PNS"),
    ]
    bundle = Bundle(
        {"code": "kab-alamat", "name": "Kabupaten Alamat", "level": "kabupaten"},
        [ItemRecord({"kind": "unit", "key": k, "name": n}) for k, n in units]
        + [
            ItemRecord({"kind": "application", "key": k, "name": n, "owner": o, "description": d})
            for k, n, o, d in apps
        ],
    )
    report = find_duplicates(graph_from_bundles([national(), bundle]), "kab-alamat")
    clusters = [set(c.members) for c in report.clusters]
    # one product by its address ("lapbul"), whatever unit's subdomain it sits under; the unit
    # named in a description ("... dan Tata Ruang") says who runs it, not what it does
    assert {"kab-alamat:a1", "kab-alamat:a2"} in clusters, clusters
    # an address that names the function, with a description that says it, meets the other
    assert any({"kab-alamat:a3", "kab-alamat:a4"} <= c for c in clusters), clusters


def test_vendor_english_and_rows_that_are_modules_or_hazard_maps() -> None:
    # vendors describe functions in English
    assert _named(
        "LONTARA Digital Workspace",
        "A paperless workplace that streamlines official memos, outgoing letters and dispositions",
    ) == {"naskah-dinas"}
    assert _named("FaceGate", "Face recognition attendance kiosk; clock in and clock out") == {
        "presensi"
    }
    pairs = _pairs(
        "kab-modul",
        [
            ("khanza", "SIMRS Khanza", "SIMRS open source: pendaftaran, rawat inap, billing"),
            # a row that is a module of another row's product is no duplicate of it
            ("pendaftaran", "SIMRS - Pendaftaran", "modul SIMRS"),
            # a hazard map is no incident register
            ("peta", "Peta Rawan Bencana", "GIS zona rawan banjir, longsor dan tsunami"),
            ("kejadian", "SIMBENCANA", "Pendataan kejadian bencana, korban dan pengungsi"),
        ],
    )
    assert ("kab-modul:khanza", "kab-modul:pendaftaran") not in pairs, pairs
    assert ("kab-modul:kejadian", "kab-modul:peta") not in pairs, pairs


def test_records_of_a_national_application_and_house_brands() -> None:
    pairs = _pairs(
        "kab-merek",
        [
            # a local row named as the national application, whatever its description says
            ("sisnaker", "SISNAKER", "Dipakai Disnakertrans untuk pelaporan dan pengawasan"),
            # one name, two things: the description spells the other one out
            ("sikd", "SIKD", "Sistem Informasi Kearsipan Dinamis (versi lama), naskah masuk"),
            # a house brand on apps that do different things pairs none of them
            ("data", "DATA MARI", "Kompilasi dan publikasi data statistik sektoral"),
            ("lapor", "Mari Lapor", "Wadah pengaduan masyarakat atas pelayanan publik"),
            ("lapor-hp", "MARI LAPOR", ""),
            ("izin", "Ijin Mari", "Perizinan non berusaha secara daring"),
            ("pajak", "Pajak Mari", "Pelaporan SPTPD pajak hotel dan restoran"),
        ],
    )
    assert ("kab-merek:sisnaker", "nasional:sisnaker") in pairs
    assert ("kab-merek:sikd", "nasional:sikd") not in pairs
    assert ("kab-merek:lapor", "kab-merek:lapor-hp") in pairs
    data = [p for p in pairs if "kab-merek:data" in p]
    assert data == [], data


def test_an_ios_channel_is_a_channel() -> None:
    pairs = _pairs(
        "kab-kanal",
        [
            ("web", "Tirta Kanal Mobile", "Cek tagihan air dan bayar rekening"),
            ("ios", "Tirta Kanal Mobile iOS", ""),
        ],
    )
    assert _reasons_of(pairs, "kab-kanal:ios", "kab-kanal:web") is not None


# (name, description, the one function read): what sealed rounds 7 to 11 taught, each a case of
# a general reading (a function of its own, or words that say an existing one)
SEALED_ROUND_READINGS = [
    # companies' mandatory labour reports are no complaint channel, and belong to SISNAKER
    (
        "e-Lapor Naker",
        "Wajib lapor ketenagakerjaan perusahaan secara daring.",
        "wajib-lapor-ketenagakerjaan",
    ),
    # migrant workers: their register and their cases are two functions, neither a complaint
    (
        "Data Migran Desa",
        "Aparat desa mencatat warganya yang bekerja di luar negeri",
        "data-pekerja-migran",
    ),
    ("Lapak PMI", "Layanan Pengaduan Kasus Pekerja Migran", "kasus-pekerja-migran"),
    # a ferry's tickets are no tourist-site tickets; a tapping box is no tax return
    ("e-Tiket Penyeberangan", "Penumpang kapal feri membeli tiket daring", "penumpang-kapal"),
    ("Buku Register Penumpang", "daftar orang yang naik kapal motor", "penumpang-kapal"),
    ("Karcis Pantai QRIS", "Retribusi masuk pantai dibayar dengan QRIS", "tiket-wisata"),
    ("e-Tapping", "Monitoring transaksi pajak restoran", "tapping-box"),
    # monitoring how the RKPD is carried out is no planning
    ("e-Monev RKPD", "Pengendalian dan evaluasi pelaksanaan RKPD", "monev-pembangunan"),
    # "poktan" is shorthand for kelompok tani
    ("e-Poktan", "Registrasi poktan dan anggota", "penyuluhan-pertanian"),
    ("SIKAP", "Laporan patroli harian, penertiban PKL, pelanggaran Perda", "ketertiban-umum"),
    # renting out regional property is no BMD inventory; an allowance is no appraisal
    (
        "SiSEKA (Sewa Kekayaan Daerah)",
        "Pemanfaatan BMD dalam bentuk sewa gedung",
        "sewa-aset-daerah",
    ),
    ("SIMBADA", "Pencatatan KIB A-F, mutasi barang, penyusutan", "barang-milik-daerah"),
    ("Sistem Informasi Pembayaran Insentif Kinerja ASN", "", "tpp"),
    ("Pondok Wisata Online", "Pendaftaran homestay milik warga", "homestay"),
    ("PresensiKu", "kehadiran peserta didik lewat kartu QR", "presensi-siswa"),
    ("SiHadir", "Rekaman absen masuk/pulang ASN dengan swafoto", "presensi"),
    # an innovation entry's background is not what the application does
    (
        "PEKEN Digital",
        "Latar belakang: pengaduan masyarakat tentang pungutan liar. "
        "Solusi: retribusi pasar dibayar non tunai per kios.",
        "retribusi-pasar",
    ),
    ("Lapor Rek!", "WA bot keluhan arek kelurahan", "pengaduan"),
    ("SIDATA Sekolah", "Pendataan murid, guru, ruang kelas se-kota", "data-pokok-pendidikan"),
    (
        "SIMANTAP Padi",
        "Rekap luas tanam, luas panen dan puso padi per kecamatan",
        "statistik-pertanian",
    ),
    (
        "EMPANG ONLINE",
        "Penyuluh mencatat pokdakan: luas empang dan benur ditebar",
        "budidaya-perikanan",
    ),
    # a posyandu's weighing records are child-growth monitoring; the convergence actions are not
    ("Posyandu Online", "kader mengetik berat badan dan tinggi badan anak", "stunting-gizi"),
    (
        "Dashboard Aksi Konvergensi Stunting",
        "capaian 8 aksi konvergensi per desa",
        "konvergensi-stunting",
    ),
    # the Samsat counter's system is not the citizens' e-Samsat
    ("SIPKB Back Office", "Aplikasi loket Samsat untuk penetapan PKB dan BBNKB", "samsat-loket"),
    ("Harga TBS Sawit", "Penetapan harga TBS kelapa sawit pekebun per periode", "harga-tbs"),
    # sealed 13: mining permits, social forestry, and functions said in English
    ("Monitoring IUP", "rekap izin pertambangan per kecamatan, masa berlaku", "pertambangan"),
    ("e-LPHN", "database Lembaga Pengelola Hutan Nagari: pengurus, luas", "perhutanan-sosial"),
    ("Waste to Wallet", "Drop sorted recyclables, get them weighed, earn points", "bank-sampah"),
    ("Market Price Watch", "Track staple food prices daily at traditional markets", "harga-pangan"),
    # sealed 12, read after it was measured: zakat, relief stores, a cow's pregnancy check
    ("Meuzakat", "bayar zakat mal / fitrah dan infak lewat HP", "zakat"),
    ("SIGUDANG", "Pencatatan persediaan bantuan bencana di gudang Dinsos", "logistik-bencana"),
    (
        "SI-IB Lapang",
        "inseminator mencatat kawin suntik sapi, PKB (pemeriksaan kebuntingan)",
        "data-ternak",
    ),
    # sealed 14: a purpose and legal-basis preamble is read past; mistyped words read as words
    (
        "SIHARPA",
        "Dalam rangka pelindungan Pekerja Migran Indonesia sebelum, selama dan setelah bekerja "
        "sesuai Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia, "
        "Sistem Informasi Harga Pasar menyajikan harga eceran harian barang kebutuhan pokok",
        "harga-pangan",
    ),
    ("Lapor Paman", "warga menyampaikan pengaduaan dengan foto", "pengaduan"),
    ("SIM Pegawai", "aplikasipengelolaan data kepegawaain", "kepegawaian"),
    # sealed 16: taglines, "-ku" brands and English
    ("ABSENKU", "Absen cukup selfie, anti titip absen", "presensi"),
    ("SIREKLIT", "recommendation letters and research permits for students", "izin-penelitian"),
    ("SIMADAT", "Registry of customary law communities and their territories", "masyarakat-adat"),
    # sealed 17: craft sales, berthing; sealed 18: reported speech
    ("SUMBA RAYA CRAFT", "etalase dan penjualan online kain tenun ikat", "pemasaran-umkm"),
    (
        "Aplikasi Kapal Sandar",
        "catat kapal masuk, lama tambat dan tagihan tambat",
        "jasa-pelabuhan",
    ),
    ("SIMONEV DOK", "Dilaporkan bahwa aplikasi ini merekap realisasi dana Otsus", "dana-otsus"),
    # round 7: asset registers named by what they do, and common short phrasings
    ("SIMAS (Sistem Informasi Manajemen Aset)", "", "barang-milik-daerah"),
    ("SILORA", "Manajemen Aset", "barang-milik-daerah"),
    ("SIMAYA", "Sistem Manajemen Administrasi Perkantoran", "naskah-dinas"),
    ("DAPUR SDI", "Aplikasi Data Statistik Kabupaten", "satu-data"),
    ("E Sukma", "Aplikasi Survey Pelayanan Publik", "survei-kepuasan"),
    ("e-RM Puskesmas Palakka", "rekam medis elektronik pasien rawat jalan", "simpus"),
    ("Simpanan", "Sistem Informasi Penanggulangan Kemiskinan", "dtks"),
    ("Portal Qanun DPRK", "publikasi qanun yang sudah disahkan untuk diunduh", "jdih"),
    ("SIKAP", "Sistem pemantauan harga dan stok barang kebutuhan pokok", "harga-pangan"),
    ("IMB Online", "permohonan izin mendirikan bangunan secara online", "persetujuan-bangunan"),
    ("Si-PASAR", "petugas pemungut pasar; pedagang bayar sewa tempat harian", "retribusi-pasar"),
]

# (name, description): texts that read as no function at all
READS_NOTHING = [
    # users' complaints about the application are feedback, no complaint channel
    ("Lancang Ferry (Android)", "Warga mengeluh aplikasi sering force close"),
    ("Smart Dukcapil", "Request KK online from home. No more queue!"),
]

# (name, description, a function NOT read): what looks like a function and is not
NOT_READ = [
    # meeting minutes: the speaker's unit (the Otsus section) is no function of the app
    (
        "SI-ULAYAT",
        "Menurut penjelasan Bagian Pem-Otsus, SI-ULAYAT mencatat dan memetakan bidang tanah "
        "ulayat beserta marga pemiliknya",
        "dana-otsus",
    ),
    # a research permit letter (Surat Keterangan Penelitian, "SKP") is no staff performance
    ("SIRELA", "penerbitan Surat Keterangan Penelitian (SKP)", "kinerja-pegawai"),
    # village assets, a store's stock and ICT assets are no regional assets (BMD)
    ("SIPADES", "pencatatan aset milik desa (tanah kas desa, bangunan)", "barang-milik-daerah"),
    ("SINTORY", "administrasi barang inventory gudang", "barang-milik-daerah"),
    ("SIMANTIK", "manajemen aset TIK dan lisensi perangkat lunak", "barang-milik-daerah"),
    # "administrasi perkantoran" only in that order: a kecamatan counter is no e-office
    ("SIMPATI", "Permohonan layanan administrasi di kantor kecamatan", "naskah-dinas"),
]


@pytest.mark.parametrize(("name", "description"), READS_NOTHING)
def test_texts_that_read_as_no_function(name: str, description: str) -> None:
    assert _named(name, description) == set()


@pytest.mark.parametrize(("name", "description", "function"), NOT_READ)
def test_what_looks_like_a_function_and_is_not(name: str, description: str, function: str) -> None:
    assert function not in _named(name, description)


def test_pupils_and_santri_attendance_is_no_staff_attendance() -> None:
    assert _named("Absensi Santri Dayah", "kehadiran santri dan setoran hafalan") == set()
    assert "presensi" in _named("SiHADIR", "absensi pegawai lewat hp, rekap kehadiran")


def test_a_description_pasted_onto_another_row_leaves_the_names_to_decide() -> None:
    # an operator pasted the market levy's text onto the tourism ticket row: the names say two
    # functions, so one text makes no pair; two rows whose names say no function keep it
    levy = "pemungutan retribusi pelayanan pasar (kios, los, lapak) secara non tunai per pasar"
    village = "Mengolah data, mencatat dan melayani warga desa"
    pairs = _pairs(
        "kab-tempel",
        [
            ("pasar", "e-Retribusi Pasar", levy),
            ("tiket", "e-Tiket Wisata", levy),
            ("desa-a", "SIKEKAL", village),
            ("desa-b", "SIPENA", village),
        ],
    )
    assert _reasons_of(pairs, "kab-tempel:pasar", "kab-tempel:tiket") is None
    assert _reasons_of(pairs, "kab-tempel:desa-a", "kab-tempel:desa-b") is not None


@pytest.mark.parametrize(("name", "description", "function"), SEALED_ROUND_READINGS)
def test_readings_learnt_from_the_sealed_rounds(name: str, description: str, function: str) -> None:
    assert _named(name, description) == {function}


def test_a_name_cut_short_word_by_word_is_the_same_name() -> None:
    pairs = _pairs(
        "kab-pendek",
        [
            ("halo", "Halo Gubernur", "aduan warga ke pemprov"),
            ("halo-android", "HaloGub (Android)", ""),
            ("harga", "Halo Harga", "harga bahan pokok di pasar"),
        ],
    )
    assert _reasons_of(pairs, "kab-pendek:halo", "kab-pendek:halo-android") is not None
    assert not [p for p in pairs if "kab-pendek:harga" in p]


def test_a_word_the_dictionary_knows_is_never_corrected() -> None:
    # mistyped words are read as words (SEALED_ROUND_READINGS), but "pendapatan" is no "pendataan"
    assert LEXICON.tokens("pendapatan daerah") == ("pendapatan", "daerah")
    assert LEXICON.tokens("kepegawaain pengaduaan") == ("kepegawaian", "pengaduan")


def test_an_application_listed_by_its_contract_is_named_by_the_application() -> None:
    pairs = _pairs(
        "kota-kontrak",
        [
            (
                "bangun",
                "Pengembangan SIMRS RSUD meliputi modul pendaftaran, farmasi dan bridging BPJS - 2020",
                "Sistem informasi manajemen rumah sakit berbasis open source",
            ),
            (
                "pelihara",
                "Belanja Jasa Pemeliharaan SIMRS Khanza TA 2025",
                "perbaikan modul rekam medis",
            ),
            ("lpse", "Pengadaan Barang Jasa Elektronik", "LPSE: tender dan e-purchasing"),
        ],
    )
    assert _reasons_of(pairs, "kota-kontrak:bangun", "kota-kontrak:pelihara") is not None
    assert ("kota-kontrak:lpse", "nasional:spse") in pairs


def test_an_old_and_a_new_name_of_one_system_are_one_job_twice() -> None:
    pairs = _pairs(
        "kab-ganti",
        [
            (
                "lama",
                "SIMPATIK",
                "aplikasi absensi lama, diganti oleh SIMPEG Terintegrasi sejak 2023",
            ),
            ("baru", "SIMPEG Terintegrasi", "data pegawai, cuti dan kenaikan pangkat"),
            (
                "bridge",
                "Bridging SATUSEHAT",
                "konektor data kunjungan; tidak menggantikan SATUSEHAT",
            ),
            ("sora", "Sora Warga", "kanal aspirasi dan pengaduan masyarakat"),
            (
                "sora-hp",
                "Sora Warga Mobile",
                "Versi HP dari Sora Warga. Lapor jalan rusak, PJU mati",
            ),
        ],
    )
    assert _reasons_of(pairs, "kab-ganti:sora", "kab-ganti:sora-hp") is not None
    assert "succession" in (_reasons_of(pairs, "kab-ganti:lama", "kab-ganti:baru") or set())
    assert ("kab-ganti:bridge", "nasional:satusehat") not in pairs


def test_one_name_one_owner_on_two_platforms_is_one_product() -> None:
    # two taglines that share no word, on the Android and the web rows of one brand of one unit
    rows = [
        ("android", "Pilih jadwal, datang tepat waktu, urus KTP lebih nyaman"),
        ("web", "Ambil nomor antrean dukcapil tanpa harus datang subuh"),
    ]
    bundle = Bundle(
        {"code": "kota-kanal", "name": "Kota Kanal", "level": "kota"},
        [
            ItemRecord({"kind": "unit", "key": "dukcapil", "name": "Dinas Dukcapil"}),
            *(
                ItemRecord(
                    {
                        "kind": "application",
                        "key": platform,
                        "name": "ANTREK",
                        "owner": "dukcapil",
                        "description": text,
                        "attributes": {"platform": platform},
                    }
                )
                for platform, text in rows
            ),
        ],
    )
    report = find_duplicates(graph_from_bundles([national(), bundle]), "kota-kanal")
    pairs = {(p.a, p.b) for p in report.pairs}
    assert pairs & {
        ("kota-kanal:android", "kota-kanal:web"),
        ("kota-kanal:web", "kota-kanal:android"),
    }


# (apps as (key, name, function), pairs made by their shared function, pairs that are none)
FUNCTION_RELATIONS = [
    # a name that says permits and research permits asks only for research permits, and a
    # recommendation letter for research meets it; two kinds of permit are not one function
    (
        [
            ("riset", "SI-IZIN RISET", "Permohonan izin penelitian oleh mahasiswa dan peneliti"),
            ("reklit", "SIREKLIT (Sistem Rekomendasi Penelitian)", "Surat rekomendasi penelitian"),
            ("imb", "IMB Online", "Permohonan izin mendirikan bangunan secara online"),
        ],
        [("riset", "reklit")],
        [("riset", "imb"), ("reklit", "imb")],
    ),
    # "Antrian Samsat" says vehicle tax too: the queue's context, not asked of the other queue
    (
        [
            ("samsat", "e-Antrian Samsat", "Ambil nomor antrean pembayaran pajak kendaraan"),
            ("mpp", "Antrian Online MPP", "Ambil nomor antrean layanan di Mal Pelayanan Publik"),
            ("pkb", "e-Samsat", "Pembayaran pajak kendaraan bermotor secara online"),
        ],
        [("samsat", "mpp")],
        [("mpp", "pkb")],
    ),
    # tourist arrival statistics are no tourism portal
    (
        [
            ("visit", "Visit Wisata Raya", "Info destinasi wisata, kuliner, kalender event"),
            ("jelajah", "Jelajah Raya", "Portal promosi pariwisata: destinasi dan paket wisata"),
            ("sidawis", "SIDAWIS", "Pendataan jumlah kunjungan wisatawan dan hunian hotel"),
            ("sikuwis", "SIKUWIS (Statistik Kunjungan Wisata)", "Rekap wisatawan per bulan"),
        ],
        [("visit", "jelajah"), ("sidawis", "sikuwis")],
        [
            ("visit", "sidawis"),
            ("visit", "sikuwis"),
            ("jelajah", "sidawis"),
            ("jelajah", "sikuwis"),
        ],
    ),
]


@pytest.mark.parametrize(("apps", "together", "apart"), FUNCTION_RELATIONS)
def test_kinds_of_functions_and_names_framed_by_one(
    apps: list[tuple[str, str, str]],
    together: list[tuple[str, str]],
    apart: list[tuple[str, str]],
) -> None:
    pairs = _pairs("kab-fungsi", apps)
    for a, b in together:
        assert "same_function" in (_reasons_of(pairs, f"kab-fungsi:{a}", f"kab-fungsi:{b}") or ())
    for a, b in apart:
        assert _reasons_of(pairs, f"kab-fungsi:{a}", f"kab-fungsi:{b}") is None, (a, b)


def test_a_local_asset_register_overlaps_simda_bmd() -> None:
    graph = graph_from_bundles(
        [
            national(),
            app_bundle(
                "kab-aset",
                [("simas", "SIMAS", "Manajemen aset tetap daerah: KIB, mutasi, penyusutan")],
            ),
        ]
    )
    report = find_duplicates(graph, "kab-aset")
    assert [(p.a, p.b) for p in report.pairs] == [("kab-aset:simas", "nasional:simda")]
    assert [(m.source, m.target) for m in report.migrations] == [
        ("kab-aset:simas", "nasional:simda")
    ]
