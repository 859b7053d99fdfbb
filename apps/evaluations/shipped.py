"""The questionnaire templates shipped with the app (seeded by migration 0004, editable copies are
made per questionnaire). Kept as plain data so the migration and tests share one source."""

L4 = [["1", "Sangat tidak setuju"], ["2", "Tidak setuju"], ["3", "Setuju"], ["4", "Sangat setuju"]]
YES_PARTLY_NO = [["ya", "Ya, sepenuhnya"], ["sebagian", "Sebagian"], ["tidak", "Belum/tidak"]]


def _q(code, section, text, kind, scope="once", choices=None, correct=None, required=True):
    return {
        "code": code,
        "section": section,
        "text": text,
        "kind": kind,
        "scope": scope,
        "choices": choices or [],
        "correct": correct,
        "required": required,
    }


L1 = [
    _q("L1.MAT.1", "Materi", "Materi sesuai dengan kebutuhan pekerjaan saya.", "likert4"),
    _q("L1.MAT.2", "Materi", "Materi tersusun runtut dan mudah dipahami.", "likert4"),
    _q("L1.MOD", "Materi", "Modul ini relevan dengan pekerjaan saya.", "likert4", scope="module"),
    _q("L1.NS", "Narasumber", "Penguasaan materi dan cara penyampaian narasumber.", "likert4", scope="narasumber"),
    _q("L1.ORG.1", "Penyelenggaraan", "Jadwal dan durasi pelatihan memadai.", "likert4"),
    _q("L1.ORG.2", "Penyelenggaraan", "Panitia sigap membantu peserta.", "likert4"),
    _q("L1.FAS", "Sarana", "Ruang, konsumsi dan sarana belajar memadai.", "likert4"),
    _q("L1.ONL", "Platform daring", "Platform daring mudah diakses dari tempat kerja saya.", "likert4", required=False),
    _q("L1.KOMENTAR", "Saran", "Saran dan komentar untuk perbaikan pelatihan.", "text", required=False),
]

L2_BANK = [
    _q(
        "L2.1",
        "Tes",
        "Berapa JP pengembangan kompetensi minimal bagi PNS per tahun?",
        "single",
        choices=[["a", "10 JP"], ["b", "20 JP"], ["c", "24 JP"], ["d", "40 JP"]],
        correct="b",
    ),
    _q(
        "L2.2",
        "Tes",
        "Satu JP (jam pelajaran) setara dengan …",
        "single",
        choices=[["a", "30 menit"], ["b", "45 menit"], ["c", "60 menit"], ["d", "90 menit"]],
        correct="b",
    ),
    _q(
        "L2.3",
        "Tes",
        "Nilai dasar ASN BerAKHLAK mencakup … (pilih semua yang benar)",
        "multiple",
        choices=[["a", "Akuntabel"], ["b", "Kompeten"], ["c", "Komersial"], ["d", "Kolaboratif"]],
        correct=["a", "b", "d"],
    ),
    _q(
        "L2.4",
        "Tes",
        "Kompetensi manajerial dan sosial kultural diatur dalam …",
        "single",
        choices=[["a", "PermenPAN-RB 38/2017"], ["b", "PP 49/2018"], ["c", "UU 27/2022"], ["d", "Perka BKN 22/2007"]],
        correct="a",
    ),
    _q(
        "L2.5",
        "Tes",
        "Survei Kepuasan Masyarakat menghasilkan …",
        "single",
        choices=[["a", "JPM"], ["b", "IKM"], ["c", "SKP"], ["d", "AKPK"]],
        correct="b",
    ),
]

L2_CODE = "l2-tes"
"""The shipped pre/post test. For a batch it is drafted from the batch's programme (one item per module and
per target competency, see services.questionnaires); L2_BANK is only the fallback for a programme with
neither. The drafted items are stored in Indonesian (what participants read), with no options yet."""

L2_MODULE_SECTION = "Modul"
L2_COMPETENCY_SECTION = "Kompetensi sasaran"
L2_MODULE_ITEM = 'Modul "{title}": tulis soal yang menguji isi modul ini.'
L2_MODULE_ITEM_WITH_GOAL = 'Modul "{title}" (uraian: {goal}): tulis soal yang menguji isi modul ini.'
L2_COMPETENCY_ITEM = 'Kompetensi "{name}" (level sasaran {level}): tulis soal yang menguji kompetensi ini.'


L3_ALUMNI = [
    _q(
        "L3.APPLIED",
        "Penerapan",
        "Apakah hasil pelatihan sudah Anda terapkan di pekerjaan?",
        "single",
        choices=YES_PARTLY_NO,
    ),
    _q("L3.BEHAV", "Perubahan perilaku", "Cara kerja saya berubah menjadi lebih baik setelah pelatihan.", "likert4"),
    _q("L3.BEFORE", "Kompetensi", "Level kompetensi saya SEBELUM pelatihan (1–5).", "likert5", scope="kompetensi"),
    _q("L3.AFTER", "Kompetensi", "Level kompetensi saya SESUDAH pelatihan (1–5).", "likert5", scope="kompetensi"),
    _q("L3.BARRIER", "Hambatan", "Hambatan dalam menerapkan hasil pelatihan.", "text", required=False),
]

L3_ATASAN = [
    _q(
        "L3.APPLIED",
        "Penerapan",
        "Apakah pegawai ini sudah menerapkan hasil pelatihan di pekerjaan?",
        "single",
        choices=YES_PARTLY_NO,
    ),
    _q(
        "L3.BEHAV", "Perubahan perilaku", "Kinerja dan perilaku kerja pegawai ini membaik setelah pelatihan.", "likert4"
    ),
    _q("L3.BEFORE", "Kompetensi", "Level kompetensi pegawai SEBELUM pelatihan (1–5).", "likert5", scope="kompetensi"),
    _q("L3.AFTER", "Kompetensi", "Level kompetensi pegawai SESUDAH pelatihan (1–5).", "likert5", scope="kompetensi"),
    _q("L3.NOTE", "Catatan", "Catatan atasan.", "text", required=False),
]


def _skm(code, text, labels):
    return _q(code, "Unsur pelayanan", text, "likert4", choices=[[str(i + 1), lab] for i, lab in enumerate(labels)])


SKM = [
    _skm(
        "U1",
        "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ),
    _skm(
        "U2",
        "Bagaimana kemudahan prosedur pelayanan di unit ini?",
        ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    ),
    _skm(
        "U3",
        "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
        ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    ),
    _skm("U4", "Bagaimana kewajaran biaya/tarif dalam pelayanan?", ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
    _skm(
        "U5",
        "Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan "
        "dengan hasil yang diberikan?",
        ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    ),
    _skm(
        "U6",
        "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
        ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
    ),
    _skm(
        "U7",
        "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"],
    ),
    _skm(
        "U8",
        "Bagaimana kualitas penanganan pengaduan, saran dan masukan?",
        ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"],
    ),
    _skm("U9", "Bagaimana kualitas sarana dan prasarana?", ["Buruk", "Cukup", "Baik", "Sangat baik"]),
    _q(
        "SKM.SARAN",
        "Saran",
        "Saran untuk perbaikan pelayanan (jangan menuliskan data pribadi).",
        "text",
        required=False,
    ),
]

MENTORING = [
    _q("MT.1", "Mentoring", "Pertemuan mentoring membantu saya mencapai tujuan pengembangan.", "likert4"),
    _q("MT.2", "Mentoring", "Mentor mudah dihubungi dan memberi umpan balik yang berguna.", "likert4"),
    _q("MT.3", "Mentoring", "Frekuensi pertemuan memadai.", "likert4"),
    _q("MT.KOMENTAR", "Saran", "Saran untuk program mentoring.", "text", required=False),
]

TEMPLATES = [
    (
        "l1-reaksi",
        "L1 Reaksi peserta",
        "l1",
        True,
        "Kepuasan terhadap materi, narasumber, penyelenggaraan, sarana dan platform daring.",
        L1,
    ),
    (
        "l2-tes",
        "L2 Pre-test / post-test",
        "l2",
        False,
        "Bank soal dengan kunci jawaban; dinilai otomatis 0–100.",
        L2_BANK,
    ),
    (
        "l3-alumni",
        "L3 Evaluasi pasca pelatihan — alumni",
        "l3_alumni",
        False,
        "Dikirim beberapa bulan setelah pelatihan.",
        L3_ALUMNI,
    ),
    (
        "l3-atasan",
        "L3 Evaluasi pasca pelatihan — atasan",
        "l3_atasan",
        False,
        "Atasan menilai penerapan hasil pelatihan bawahannya.",
        L3_ATASAN,
    ),
    (
        "skm",
        "Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017)",
        "skm",
        True,
        "Sembilan unsur U1–U9, jawaban 1–4.",
        SKM,
    ),
    (
        "mentoring",
        "Evaluasi program mentoring",
        "mentoring",
        True,
        "Umpan balik mentee tentang program mentoring.",
        MENTORING,
    ),
]
