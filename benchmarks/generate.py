"""Synthetic national-scale registries: N governments of about 50 applications, 50 data sets, 50
services and 50 infrastructure items each (about 400 relationships per government), with the
name variety of real inventories (SIMPEG / Sistem Informasi Manajemen Kepegawaian / e-Pegawai /
"Aplikasi Kepegawaian BKPSDM", web / Android channels, typos) and planted duplicates (the same
function built twice, channel copies, local copies of national applications).

    from benchmarks.generate import generate
    bundles, planted = generate(550)          # 27,500 applications

Deterministic for a given seed. `planted` lists the duplicate clusters it planted (global refs).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord


@dataclass(frozen=True)
class Function:
    words: str  # what it does, in a title
    acronym: str  # a syllable acronym as inventories write them
    does: str  # a description
    data: str  # the data it writes
    national: str | None = None  # the national application it would copy


FUNCTIONS = [
    Function(
        "Kepegawaian",
        "SIMPEG",
        "pengelolaan data pegawai, riwayat pangkat, jabatan dan cuti",
        "Data Pegawai",
        "siasn",
    ),
    Function(
        "Naskah Dinas",
        "TNDE",
        "surat masuk, surat keluar, disposisi dan arsip naskah dinas",
        "Data Naskah Dinas",
        "srikandi",
    ),
    Function(
        "Pengaduan Masyarakat",
        "SIPEMAS",
        "penerimaan pengaduan masyarakat dan tindak lanjut oleh OPD",
        "Data Pengaduan",
        "sp4n-lapor",
    ),
    Function(
        "Kinerja Pegawai",
        "SIKAP",
        "penyusunan SKP, aktivitas harian dan penilaian kinerja pegawai",
        "Data Kinerja Pegawai",
        "e-kinerja-bkn",
    ),
    Function(
        "Pengadaan Barang dan Jasa",
        "SIPBJ",
        "pengumuman paket, penawaran dan evaluasi pengadaan barang dan jasa",
        "Data Pengadaan",
        "spse",
    ),
    Function(
        "Antrian Pelayanan",
        "SIANTRI",
        "pengambilan nomor antrian dan pemanggilan pengunjung loket",
        "Data Antrian",
    ),
    Function(
        "Rujukan Pasien",
        "SIRUPAS",
        "pencatatan dan pengiriman rujukan pasien antarfasilitas kesehatan",
        "Data Rujukan",
    ),
    Function(
        "Harga Pasar",
        "SIHARPA",
        "pencatatan dan publikasi harga harian bahan pokok di pasar",
        "Data Harga Pasar",
    ),
    Function(
        "Administrasi Desa",
        "SIADES",
        "pelayanan surat keterangan dan data warga desa",
        "Data Profil Desa",
    ),
    Function("Perizinan", "SIMPERIN", "permohonan dan penerbitan izin daerah", "Data Perizinan"),
    Function(
        "Pajak Bumi dan Bangunan",
        "SIMPBB",
        "pendataan objek pajak bumi dan bangunan dan penetapan SPPT",
        "Data Objek PBB",
    ),
    Function(
        "Pajak Hotel dan Restoran",
        "SIPHR",
        "pelaporan dan pembayaran pajak hotel, restoran dan hiburan",
        "Data Wajib Pajak PHR",
    ),
    Function(
        "Retribusi Pasar",
        "SIRIPA",
        "penagihan retribusi kios dan los pasar",
        "Data Retribusi Pasar",
    ),
    Function(
        "Barang Milik Daerah",
        "SIMBADA",
        "penatausahaan barang milik daerah dan kartu inventaris",
        "Data Aset Daerah",
    ),
    Function(
        "Perencanaan Pembangunan",
        "SIRENBANG",
        "usulan musyawarah perencanaan pembangunan desa dan kecamatan",
        "Data Usulan Pembangunan",
    ),
    Function(
        "Monitoring Pembangunan",
        "SIMONEV",
        "pemantauan realisasi fisik dan keuangan kegiatan",
        "Data Realisasi Kegiatan",
    ),
    Function(
        "Rekam Medis Puskesmas",
        "SIMPUS",
        "pendaftaran pasien, rekam medis dan pelaporan puskesmas",
        "Data Pelayanan Puskesmas",
    ),
    Function(
        "Rumah Sakit",
        "SIMRS",
        "pendaftaran, rekam medis, farmasi dan klaim BPJS rumah sakit",
        "Data Rekam Medis RS",
    ),
    Function(
        "Stunting",
        "SIPENTING",
        "pencatatan balita, pengukuran posyandu dan intervensi stunting",
        "Data Balita Stunting",
    ),
    Function(
        "Bantuan Sosial",
        "SIBANSOS",
        "pendataan calon penerima bantuan sosial",
        "Data Penerima Bansos",
    ),
    Function(
        "Penerimaan Murid Baru",
        "SIPMB",
        "pendaftaran dan seleksi penerimaan murid baru",
        "Data Pendaftar Murid",
    ),
    Function("Beasiswa", "SIBEA", "pendaftaran dan seleksi beasiswa pelajar", "Data Beasiswa"),
    Function(
        "Perpustakaan",
        "SIPUS",
        "katalog dan peminjaman buku perpustakaan daerah",
        "Data Koleksi Perpustakaan",
    ),
    Function(
        "Pertanian",
        "SIMTANI",
        "pencatatan luas tanam, panen dan kelompok tani",
        "Data Lahan Pertanian",
    ),
    Function(
        "Peternakan", "SIMNAK", "pencatatan populasi ternak dan vaksinasi hewan", "Data Ternak"
    ),
    Function(
        "Perikanan", "SIKAN", "pencatatan produksi perikanan dan kapal nelayan", "Data Perikanan"
    ),
    Function("UMKM", "SIUMKM", "pendataan pelaku usaha mikro dan etalase produk", "Data UMKM"),
    Function("Koperasi", "SIKOP", "pendataan dan penilaian kesehatan koperasi", "Data Koperasi"),
    Function(
        "Pariwisata",
        "SIPARWI",
        "promosi destinasi dan kalender acara wisata",
        "Data Destinasi Wisata",
    ),
    Function(
        "Jalan dan Jembatan",
        "SIJAJA",
        "inventarisasi ruas jalan dan jembatan beserta kondisinya",
        "Data Jalan dan Jembatan",
    ),
    Function(
        "Tata Ruang",
        "SIMTARU",
        "penyajian rencana tata ruang dan kesesuaian pemanfaatan ruang",
        "Data Tata Ruang",
    ),
    Function(
        "Kebencanaan",
        "SIGANA",
        "pelaporan kejadian bencana dan distribusi logistik",
        "Data Kejadian Bencana",
    ),
    Function(
        "Lalu Lintas",
        "ATCS",
        "pengaturan lampu lalu lintas dan pemantauan persimpangan",
        "Data Arus Lalu Lintas",
    ),
    Function(
        "Parkir", "SIPARKIR", "pembayaran parkir tepi jalan non tunai", "Data Transaksi Parkir"
    ),
    Function(
        "Persampahan", "SISAMPAH", "pencatatan bank sampah dan timbulan sampah", "Data Persampahan"
    ),
    Function(
        "Kualitas Lingkungan",
        "SIPANTAU",
        "hasil uji kualitas air sungai dan udara",
        "Data Kualitas Lingkungan",
    ),
    Function(
        "Ketenagakerjaan",
        "SIKERJA",
        "pencari kerja, lowongan dan pelatihan kerja",
        "Data Pencari Kerja",
        "sisnaker",
    ),
    Function(
        "Data Statistik Sektoral",
        "SATADA",
        "pengumpulan dan penyebarluasan data statistik sektoral",
        "Data Statistik Sektoral",
    ),
    Function(
        "Produk Hukum", "SIKUM", "penyusunan dan publikasi peraturan daerah", "Data Produk Hukum"
    ),
    Function(
        "Informasi Publik",
        "SIPPID",
        "permohonan informasi publik dan daftar informasi",
        "Data Permohonan Informasi",
    ),
    Function(
        "Pengawasan Internal",
        "SIWASDA",
        "perencanaan audit, temuan dan tindak lanjut pemeriksaan",
        "Data Temuan Pemeriksaan",
    ),
    Function(
        "Kehadiran Pegawai",
        "SIHADIR",
        "presensi pegawai dengan lokasi dan swafoto",
        "Data Kehadiran",
    ),
    Function("Gaji Pegawai", "SIGAJI", "perhitungan gaji dan tunjangan pegawai", "Data Gaji"),
    Function(
        "Keuangan Daerah",
        "SIKEUDA",
        "penatausahaan anggaran, SP2D dan laporan keuangan",
        "Data Keuangan Daerah",
    ),
    Function("Pemakaman", "SIMAKAM", "pendaftaran petak tempat pemakaman umum", "Data Pemakaman"),
    Function(
        "Rumah Tidak Layak Huni",
        "SIRUTILAHU",
        "pendataan dan verifikasi rumah tidak layak huni",
        "Data RTLH",
    ),
    Function("Air Bersih", "SIAB", "pelanggan dan tagihan air bersih", "Data Pelanggan Air"),
    Function(
        "Kependudukan Daerah",
        "SIMDUK",
        "pencatatan dan pemutakhiran data penduduk",
        "Data Penduduk",
        "siak",
    ),
    Function(
        "Pendidikan", "SIMDIK", "pendataan sekolah, guru dan siswa", "Data Sekolah", "dapodik"
    ),
    Function(
        "Inovasi Daerah", "SINOVDA", "pendaftaran dan penilaian inovasi daerah", "Data Inovasi"
    ),
    Function(
        "Helpdesk TIK", "SIHELP", "tiket gangguan dan permintaan layanan TIK", "Data Tiket TIK"
    ),
    Function("Website Resmi", "PORTAL", "berita, profil daerah dan pengumuman", "Data Berita"),
    Function(
        "Kesehatan Hewan",
        "SIKESWAN",
        "kasus penyakit hewan dan pelayanan klinik hewan",
        "Data Kesehatan Hewan",
    ),
    Function(
        "Pemadam Kebakaran", "SIDAMKAR", "laporan kebakaran dan pengerahan armada", "Data Kebakaran"
    ),
    Function(
        "Transportasi Sekolah", "SIBUS", "pemantauan posisi dan rute bus sekolah", "Data Armada Bus"
    ),
]
UNITS = [
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM", "BKPSDM"),
    ("setda", "Sekretariat Daerah", "Setda"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD"),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda"),
    ("dinkes", "Dinas Kesehatan", "Dinkes"),
    ("rsud", "Rumah Sakit Umum Daerah", "RSUD"),
    ("disdik", "Dinas Pendidikan", "Disdik"),
    ("dinsos", "Dinas Sosial", "Dinsos"),
    ("dpmptsp", "Dinas Penanaman Modal dan PTSP", "DPMPTSP"),
    ("dishub", "Dinas Perhubungan", "Dishub"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "Disperindag"),
    ("distan", "Dinas Pertanian", "Distan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("inspektorat", "Inspektorat", "Inspektorat"),
    ("dlh", "Dinas Lingkungan Hidup", "DLH"),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD"),
]
PLACES = [
    "Lembah",
    "Sungai",
    "Bukit",
    "Tanjung",
    "Pulau",
    "Muara",
    "Gunung",
    "Danau",
    "Teluk",
    "Padang",
]
SUFFIX = [
    "Hijau",
    "Raya",
    "Jaya",
    "Indah",
    "Makmur",
    "Sejahtera",
    "Timur",
    "Barat",
    "Utara",
    "Selatan",
    "Baru",
]
MECHANISMS = ["spl", "spl", "direct_api", "db_link", "file", "manual"]


def _name(f: Function, style: int, gov: str, unit_abbr: str, rng: random.Random) -> str:
    word = f.words.split()[0]
    styles = [
        lambda: f.acronym,
        lambda: f"{f.acronym} ({'Sistem Informasi ' + f.words})",
        lambda: f"Sistem Informasi {f.words}",
        lambda: f"e-{word}",
        lambda: f"{f.words} Online",
        lambda: f"Aplikasi {f.words} {unit_abbr}",
        lambda: f"{f.acronym} {gov}",
        lambda: f"Si{word.lower()}",
    ]
    return styles[style % len(styles)]()


def _describe(f: Function, rng: random.Random) -> str:
    lead = rng.choice(["Aplikasi untuk", "Digunakan untuk", "Membantu", "Sistem", "Mengelola"])
    tail = rng.choice(
        ["", " secara daring", " di lingkungan pemerintah daerah", " bagi masyarakat"]
    )
    return f"{lead} {f.does}{tail}."


def _government(i: int, rng: random.Random) -> tuple[Bundle, list[list[str]]]:
    level = "kota" if i % 5 == 0 else "kabupaten"
    place = f"{PLACES[i % len(PLACES)]} {SUFFIX[(i // len(PLACES)) % len(SUFFIX)]} {i}"
    code = f"{level[:3]}-{i:03d}"
    gov_name = f"{'Kota' if level == 'kota' else 'Kabupaten'} {place}"
    items: list[ItemRecord] = []
    rels: list[RelationshipRecord] = []

    def add(kind: str, key: str, name: str, **fields: object) -> None:
        items.append(ItemRecord({"kind": kind, "key": key, "name": name, **fields}))

    def rel(s: str, t: str, g: str, **a: object) -> None:
        rels.append(RelationshipRecord(s, t, g, dict(a)))

    for key, name, abbr in UNITS:
        add("unit", key, name, attributes={"abbreviation": abbr})
    # ---- infrastructure: a data centre, servers, storage, network, the SPL (50 items)
    add("data_centre", "dc", f"Pusat Data {gov_name}")
    add("intranet", "intra", f"Jaringan Intra {gov_name}", owner="diskominfo")
    add(
        "spl",
        "spl",
        f"SPL {gov_name}",
        owner="diskominfo",
        attributes={
            "has_metadata_repository": rng.random() < 0.5,
            "has_service_directory": rng.random() < 0.5,
        },
    )
    rel("dc", "connected_via", "intra")
    rel("spl", "hosted_on", "dc")
    if rng.random() < 0.6:
        rel("spl", "integrates_with", "nasional:splp", mechanism="spl")
    for s in range(40):
        add("server", f"srv-{s:02d}", f"Server {s:02d}", owner="diskominfo")
        rel(f"srv-{s:02d}", "hosted_on", "dc")
    for s in range(2):
        add("storage", f"san-{s}", f"SAN {s}", owner="diskominfo")
        rel(f"san-{s}", "hosted_on", "dc")
    for s in range(5):
        add("network_device", f"sw-{s}", f"Switch {s}", owner="diskominfo")
        rel(f"sw-{s}", "connected_via", "intra")
    for key, _, _ in UNITS:
        rel(key, "connected_via", "intra")
    # ---- functions: 46 distinct, of which 4 built twice and 1 on two channels; 2-3 copies
    # of national applications among them
    fns = rng.sample(FUNCTIONS, 46)
    planted: list[list[str]] = []
    apps: list[tuple[str, Function]] = []
    for n, f in enumerate(fns):
        unit = rng.choice(UNITS)
        key = f"app-{n:02d}"
        apps.append((key, f))
        name = _name(f, rng.randrange(8), place, unit[2], rng)
        add(
            "application",
            key,
            name,
            owner=unit[0],
            attributes={
                "function": _describe(f, rng),
                "origin": "aplikasi_khusus_pemda",
                "platform": "web",
                "interoperability_claimed": rng.random() < 0.2,
            },
        )
        if f.national:  # a local build of a national application's function
            planted.append([f"{code}:{key}", f"nasional:{f.national}"])
    for n, (key, f) in enumerate(apps[:4]):
        dup = f"dup-{n}"
        unit = rng.choice(UNITS)
        add(
            "application",
            dup,
            _name(f, rng.randrange(8), place, unit[2], rng),
            owner=unit[0],
            attributes={"function": _describe(f, rng), "origin": "aplikasi_khusus_pemda"},
        )
        apps.append((dup, f))
        cluster = [f"{code}:{key}", f"{code}:{dup}"]
        for c in planted:
            if c[0] == f"{code}:{key}":
                c.append(f"{code}:{dup}")
                break
        else:
            planted.append(cluster)
    key, f = apps[4]
    add(
        "application",
        "app-android",
        f"{_name(f, 2, place, 'Diskominfo', rng)} Android",
        owner="diskominfo",
        attributes={"function": _describe(f, rng), "platform": "android"},
    )
    apps.append(("app-android", f))
    planted.append([f"{code}:{key}", f"{code}:app-android"])
    # ---- data sets and services (50 each), relationships
    datasets = {}
    for n, f in enumerate(fns + rng.sample(FUNCTIONS, 4)):
        dkey = f"data-{n:02d}"
        if f.data not in datasets:
            datasets[f.data] = dkey
        add(
            "dataset",
            dkey,
            f"{f.data} {n}",
            owner=rng.choice(UNITS)[0],
            attributes={"is_master_data": n < 3, "metadata_available": rng.random() < 0.5},
        )
        rel(dkey, "stored_in", f"san-{n % 2}")
    for n in range(50):
        add(
            "service",
            f"svc-{n:02d}",
            f"Layanan {FUNCTIONS[n % len(FUNCTIONS)].words}",
            owner=rng.choice(UNITS)[0],
            attributes={"capability_level": rng.randint(1, 4)},
        )
        rel(f"svc-{n:02d}", "requires", f"data-{rng.randrange(50):02d}")
    keys = [k for k, _ in apps]
    for idx, (akey, f) in enumerate(apps):
        if rng.random() < 0.92:
            rel(akey, "hosted_on", f"srv-{rng.randrange(40):02d}")
        rel(akey, "supports", f"svc-{idx % 50:02d}")
        if rng.random() < 0.5:
            rel(akey, "supports", f"svc-{rng.randrange(50):02d}")
        rel(akey, "writes", datasets[f.data])
        rel(akey, "reads", f"data-{rng.randrange(50):02d}")
        if rng.random() < 0.8:
            other = rng.choice(keys)
            if other != akey:
                rel(akey, "integrates_with", other, mechanism=rng.choice(MECHANISMS))
        if f.national and rng.random() < 0.3:
            rel(akey, "integrates_with", f"nasional:{f.national}", mechanism=rng.choice(MECHANISMS))
    # de-duplicate relationship triples (the store refuses a triple twice)
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for r in rels:
        if (r.source, r.type, r.target) not in seen:
            seen.add((r.source, r.type, r.target))
            unique.append(r)
    return Bundle({"code": code, "name": gov_name, "level": level}, items, unique), planted


def generate(governments: int, seed: int = 2024) -> tuple[list[Bundle], list[list[str]]]:
    """`governments` synthetic local registries and the duplicate clusters planted in them."""
    rng = random.Random(seed)
    bundles, planted = [], []
    for i in range(governments):
        bundle, clusters = _government(i, rng)
        bundles.append(bundle)
        planted.extend(clusters)
    return bundles, planted
