"""National manajerial and sosial kultural competencies (PermenPAN-RB 38/2017, summarised) with one
descriptor and three behaviour indicators per level, and the national default SKJ levels of domain.md §4
(marked verify there, so they are data an admin can change). Shared by every instansi (instansi = NULL)."""

import datetime

from django.db import migrations

SOURCE_LEVELS = "domain.md §4 (verify) — PermenPAN-RB 38/2017"

# code, kind, name, definition, [(level description, [indicators]) × 5]
DICTIONARY = [
    (
        "M.01",
        "manajerial",
        "Integritas",
        "Konsisten berperilaku selaras dengan nilai, norma dan/atau etika organisasi, dan jujur dalam hubungan "
        "dengan manajemen, rekan kerja, bawahan langsung, dan pemangku kepentingan, menciptakan budaya etika "
        "tinggi, bertanggungjawab atas tindakan atau keputusan beserta risiko yang menyertainya.",
        [
            (
                "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi.",
                [
                    "Bertingkah laku sesuai dengan kode etik ASN.",
                    "Mengikuti aturan dan prosedur kerja meskipun tidak diawasi.",
                    "Bertanggung jawab atas hasil kerja pribadi.",
                ],
            ),
            (
                "Mampu mengingatkan, mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.",
                [
                    "Mengingatkan rekan kerja untuk bertindak sesuai dengan nilai, norma, dan etika organisasi.",
                    "Menepati janji dan komitmen dalam tim.",
                    "Memberi contoh kejujuran dalam pelaksanaan tugas bersama.",
                ],
            ),
            (
                "Mampu memastikan, menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, "
                "norma, dan etika organisasi dalam lingkup formal.",
                [
                    "Memastikan anggota unit bertindak sesuai nilai, norma, dan etika organisasi.",
                    "Memberi informasi yang dapat dipercaya sesuai etika organisasi.",
                    "Menegakkan aturan secara konsisten meskipun tidak populer.",
                ],
            ),
            (
                "Mampu menciptakan situasi kerja yang membuat rekan kerja lintas unit bertindak sesuai nilai, norma, "
                "dan etika organisasi.",
                [
                    "Membangun sistem dan budaya kerja yang mendorong integritas lintas unit.",
                    "Menindaklanjuti pelanggaran etika secara tegas dan adil.",
                    "Mengambil keputusan yang berisiko demi menjaga etika organisasi.",
                ],
            ),
            (
                "Mampu menjadi role model dan mempertahankan nilai-nilai integritas organisasi dalam situasi sulit "
                "dan kompleks.",
                [
                    "Menjadi teladan integritas bagi organisasi dan pemangku kepentingan.",
                    "Mempertahankan prinsip etika dalam tekanan eksternal dan politik.",
                    "Merumuskan kebijakan yang memperkuat integritas di tingkat organisasi.",
                ],
            ),
        ],
    ),
    (
        "M.02",
        "manajerial",
        "Kerjasama",
        "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen saling "
        "membantu dalam penyelesaian tugas, dan mengoptimalkan segala sumber daya untuk mencapai tujuan strategis "
        "organisasi.",
        [
            (
                "Berpartisipasi sebagai anggota tim yang baik.",
                [
                    "Melaksanakan tugas tim sesuai pembagian kerja.",
                    "Menghargai pendapat dan masukan anggota tim.",
                    "Berbagi informasi yang relevan dengan tim.",
                ],
            ),
            (
                "Menumbuhkan tim kerja yang partisipatif dan efektif.",
                [
                    "Membantu rekan kerja menyelesaikan tugas bersama.",
                    "Mendorong partisipasi aktif seluruh anggota tim.",
                    "Menyelesaikan perbedaan pendapat secara konstruktif.",
                ],
            ),
            (
                "Efektif membangun tim kerja untuk peningkatan kinerja organisasi.",
                [
                    "Melibatkan pihak lain di unit untuk mencapai target unit.",
                    "Membangun sinergi antaranggota dengan latar belakang berbeda.",
                    "Memberi pengakuan atas kontribusi anggota tim.",
                ],
            ),
            (
                "Membangun komitmen tim dan sinergi lintas unit.",
                [
                    "Membangun kerja sama antarunit untuk mencapai tujuan bersama.",
                    "Mengatasi hambatan kerja sama lintas unit.",
                    "Menciptakan forum koordinasi yang efektif.",
                ],
            ),
            (
                "Menciptakan situasi kerja sama yang strategis di tingkat organisasi dan antarinstansi.",
                [
                    "Membangun kemitraan strategis dengan instansi dan pemangku kepentingan lain.",
                    "Menjadikan kolaborasi sebagai budaya organisasi.",
                    "Menyelaraskan kepentingan berbagai pihak untuk tujuan nasional.",
                ],
            ),
        ],
    ),
    (
        "M.03",
        "manajerial",
        "Komunikasi",
        "Kemampuan untuk menerangkan pandangan dan gagasan secara jelas, sistematis disertai argumentasi yang logis "
        "dengan cara-cara yang sesuai baik secara lisan maupun tertulis; memastikan pemahaman; mendengarkan secara "
        "aktif dan efektif.",
        [
            (
                "Menyampaikan informasi dengan jelas, lengkap, dan pemahaman yang sama.",
                [
                    "Menyampaikan informasi secara lisan maupun tertulis dengan jelas.",
                    "Mendengarkan dan memastikan pemahaman atas pesan yang diterima.",
                    "Menggunakan bahasa yang sopan dan mudah dimengerti.",
                ],
            ),
            (
                "Aktif menjalankan komunikasi secara formal dan informal; bersedia mendengarkan orang lain.",
                [
                    "Menyesuaikan cara penyampaian dengan lawan bicara.",
                    "Menyusun surat dan laporan kerja yang runtut.",
                    "Mendengarkan secara aktif sebelum menanggapi.",
                ],
            ),
            (
                "Berkomunikasi secara asertif, terampil berkomunikasi lisan dan tertulis untuk menyampaikan informasi "
                "yang sensitif, rumit, atau kompleks.",
                [
                    "Menyampaikan informasi sensitif secara tepat dan berimbang.",
                    "Mengemukakan argumentasi yang logis dan sistematis.",
                    "Memfasilitasi diskusi agar unit mencapai pemahaman bersama.",
                ],
            ),
            (
                "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan "
                "dengan tujuan meningkatkan kinerja secara keseluruhan.",
                [
                    "Menyusun strategi komunikasi lintas unit.",
                    "Membangun kesepakatan atas isu yang kompleks.",
                    "Menggunakan gaya komunikasi yang persuasif dan meyakinkan.",
                ],
            ),
            (
                "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi dengan tujuan "
                "meningkatkan kinerja.",
                [
                    "Merancang sistem komunikasi organisasi yang terbuka.",
                    "Mewakili organisasi dalam forum nasional dan internasional.",
                    "Membangun reputasi organisasi melalui komunikasi publik.",
                ],
            ),
        ],
    ),
    (
        "M.04",
        "manajerial",
        "Orientasi pada Hasil",
        "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, "
        "bertanggung jawab, mampu secara sistematis mengidentifikasi risiko dan peluang dengan memperhatikan "
        "keterhubungan antara perencanaan dan hasil, untuk keberhasilan organisasi.",
        [
            (
                "Bertanggung jawab untuk memenuhi standar kerja.",
                [
                    "Menyelesaikan tugas sesuai standar dan tenggat waktu.",
                    "Menyatakan ketidakpuasan terhadap hasil kerja yang kurang baik.",
                    "Memperbaiki kesalahan dalam pekerjaan sendiri.",
                ],
            ),
            (
                "Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar yang ditetapkan.",
                [
                    "Menetapkan target kerja pribadi di atas standar.",
                    "Mencari cara kerja yang lebih efisien.",
                    "Memantau kemajuan pekerjaan secara berkala.",
                ],
            ),
            (
                "Menetapkan target kerja yang menantang bagi unit kerja, memberi apresiasi dan teguran untuk "
                "mendorong kinerja.",
                [
                    "Menetapkan target unit yang menantang namun realistis.",
                    "Mengelola risiko yang dapat menghambat pencapaian target unit.",
                    "Memberi umpan balik dan apresiasi atas kinerja anggota unit.",
                ],
            ),
            (
                "Mendorong unit kerja mencapai target yang ditetapkan atau melebihi hasil kerja sebelumnya.",
                [
                    "Menyelaraskan target antarunit untuk hasil organisasi.",
                    "Mengevaluasi kinerja unit dan menindaklanjuti kesenjangannya.",
                    "Mengalokasikan sumber daya untuk hasil yang paling berdampak.",
                ],
            ),
            (
                "Kemampuan menyusun dan menyampaikan sasaran strategis organisasi serta mengawal pencapaiannya.",
                [
                    "Menetapkan sasaran strategis organisasi berbasis hasil.",
                    "Mengelola kinerja organisasi secara menyeluruh.",
                    "Bertanggung jawab atas risiko strategis terhadap hasil organisasi.",
                ],
            ),
        ],
    ),
    (
        "M.05",
        "manajerial",
        "Pelayanan Publik",
        "Kemampuan dalam melaksanakan tugas-tugas pemerintahan, pembangunan dan kegiatan pemenuhan kebutuhan "
        "pelayanan publik secara profesional, transparan, mengikuti standar pelayanan yang objektif, netral, "
        "tidak memihak, tidak diskriminatif, serta tidak terpengaruh kepentingan pribadi/kelompok/partai politik.",
        [
            (
                "Menjalankan tugas mengikuti standar pelayanan.",
                [
                    "Melayani masyarakat sesuai standar operasional prosedur.",
                    "Bersikap ramah dan tidak diskriminatif.",
                    "Menyampaikan informasi layanan dengan jelas.",
                ],
            ),
            (
                "Mampu mensupervisi atau mengawasi dan menyelesaikan masalah pelayanan.",
                [
                    "Menanggapi keluhan pengguna layanan dengan cepat.",
                    "Menjaga netralitas dalam pemberian layanan.",
                    "Mengusulkan perbaikan prosedur layanan.",
                ],
            ),
            (
                "Mampu memanfaatkan kekuatan kelompok serta memperbaiki standar pelayanan publik di lingkup unit kerja.",
                [
                    "Memperbaiki standar pelayanan unit berdasarkan umpan balik.",
                    "Memantau kualitas layanan unit secara berkala.",
                    "Mendorong inovasi pelayanan di unit kerja.",
                ],
            ),
            (
                "Mampu memonitor, mengevaluasi, memperhitungkan dan mengantisipasi dampak dari isu-isu jangka panjang, "
                "kesempatan, atau kekuatan politik dalam hal pelayanan publik.",
                [
                    "Mengevaluasi dampak kebijakan terhadap kualitas layanan lintas unit.",
                    "Mengantisipasi isu yang memengaruhi pelayanan publik.",
                    "Mengintegrasikan layanan antarunit agar lebih efektif.",
                ],
            ),
            (
                "Mampu memastikan kebijakan-kebijakan pelayanan publik yang menjamin terselenggaranya pelayanan publik "
                "yang objektif, netral, tidak memihak, dan tidak diskriminatif.",
                [
                    "Merumuskan kebijakan pelayanan publik di tingkat organisasi.",
                    "Menjamin netralitas dan keadilan layanan di seluruh organisasi.",
                    "Membangun budaya pelayanan prima.",
                ],
            ),
        ],
    ),
    (
        "M.06",
        "manajerial",
        "Pengembangan Diri dan Orang Lain",
        "Kemampuan untuk meningkatkan pengetahuan dan menyempurnakan keterampilan diri; menginspirasi orang lain "
        "untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilan yang relevan dengan kepentingan "
        "pekerjaan dan pengembangan karier jangka panjang.",
        [
            (
                "Pengembangan diri.",
                [
                    "Mengidentifikasi kebutuhan pengembangan diri.",
                    "Mengikuti pembelajaran untuk meningkatkan kompetensi.",
                    "Menerapkan hasil pembelajaran dalam pekerjaan.",
                ],
            ),
            (
                "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan cara melaksanakan suatu "
                "pekerjaan.",
                [
                    "Berbagi pengetahuan dan pengalaman dengan rekan kerja.",
                    "Memberi contoh cara melaksanakan pekerjaan.",
                    "Memberi umpan balik yang membangun.",
                ],
            ),
            (
                "Memberikan umpan balik, membimbing.",
                [
                    "Melaksanakan coaching dan mentoring bagi anggota unit.",
                    "Menyusun rencana pengembangan anggota unit.",
                    "Memberi kesempatan belajar melalui penugasan.",
                ],
            ),
            (
                "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen pembelajaran.",
                [
                    "Menyusun program pengembangan kompetensi lintas unit.",
                    "Mengembangkan budaya belajar di organisasi.",
                    "Mengevaluasi dampak pengembangan terhadap kinerja.",
                ],
            ),
            (
                "Menciptakan situasi yang mendorong organisasi untuk mengembangkan kemampuan belajar secara "
                "berkelanjutan dalam rangka mendukung pencapaian hasil.",
                [
                    "Membangun sistem pembelajaran organisasi yang berkelanjutan.",
                    "Menyiapkan kader pemimpin masa depan.",
                    "Menjadikan pengembangan kompetensi bagian dari strategi organisasi.",
                ],
            ),
        ],
    ),
    (
        "M.07",
        "manajerial",
        "Mengelola Perubahan",
        "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung secara "
        "berlebihan pada metode dan proses lama, mengambil tindakan untuk mendukung dan melaksanakan insiatif "
        "perubahan, memimpin usaha perubahan, mengambil tanggung jawab pribadi untuk memastikan perubahan berhasil "
        "diimplementasikan secara efektif.",
        [
            (
                "Menyesuaikan diri dengan perubahan.",
                [
                    "Menerima perubahan prosedur kerja.",
                    "Mempelajari cara kerja baru yang ditetapkan.",
                    "Bersikap terbuka terhadap gagasan baru.",
                ],
            ),
            (
                "Proaktif beradaptasi mengikuti perubahan.",
                [
                    "Menyesuaikan cara kerja untuk mendukung perubahan.",
                    "Membantu rekan kerja beradaptasi.",
                    "Mengusulkan perbaikan dalam proses perubahan.",
                ],
            ),
            (
                "Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat.",
                [
                    "Menjelaskan alasan dan manfaat perubahan kepada anggota unit.",
                    "Mengelola hambatan perubahan di unit kerja.",
                    "Merencanakan langkah perubahan di unit.",
                ],
            ),
            (
                "Memimpin perubahan pada unit kerja.",
                [
                    "Merancang dan memimpin perubahan lintas unit.",
                    "Mengelola resistensi terhadap perubahan.",
                    "Memantau keberhasilan implementasi perubahan.",
                ],
            ),
            (
                "Mengelola perubahan yang berdampak luas dan strategis bagi organisasi.",
                [
                    "Merumuskan agenda perubahan organisasi.",
                    "Membangun komitmen pemangku kepentingan terhadap perubahan.",
                    "Memastikan perubahan berkelanjutan di tingkat organisasi.",
                ],
            ),
        ],
    ),
    (
        "M.08",
        "manajerial",
        "Pengambilan Keputusan",
        "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah "
        "mempertimbangkan prinsip kehati-hatian, dirumuskan secara sistematis dan seksama berdasarkan berbagai "
        "informasi, alternatif pemecahan masalah dan konsekuensinya, serta bertanggung jawab atas keputusan yang "
        "diambil.",
        [
            (
                "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
                [
                    "Mengumpulkan informasi yang relevan sebelum bertindak.",
                    "Mengambil keputusan sesuai prosedur dan kewenangan.",
                    "Melaporkan masalah di luar kewenangan kepada atasan.",
                ],
            ),
            (
                "Menganalisis masalah secara mendalam.",
                [
                    "Mengidentifikasi akar masalah.",
                    "Menyusun beberapa alternatif pemecahan masalah.",
                    "Mempertimbangkan konsekuensi setiap alternatif.",
                ],
            ),
            (
                "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam implementasi.",
                [
                    "Memilih alternatif terbaik berdasarkan analisis risiko.",
                    "Mengambil keputusan tepat waktu untuk unit kerja.",
                    "Bertanggung jawab atas keputusan yang diambil.",
                ],
            ),
            (
                "Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak keputusan, membuat "
                "tindakan pengamanan; mitigasi risiko.",
                [
                    "Mengambil keputusan atas masalah lintas unit yang berisiko tinggi.",
                    "Menyiapkan langkah mitigasi risiko keputusan.",
                    "Menggunakan data dan analisis untuk keputusan strategis unit.",
                ],
            ),
            (
                "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka panjang/strategis, "
                "berdampak nasional.",
                [
                    "Mengambil keputusan strategis bagi organisasi.",
                    "Menyelesaikan masalah kompleks berdampak luas.",
                    "Mempertanggungjawabkan keputusan kepada publik.",
                ],
            ),
        ],
    ),
    (
        "S.01",
        "sosial_kultural",
        "Perekat Bangsa",
        "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan individu/kelompok "
        "masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat dan membangun "
        "hubungan sosial psikologis dengan masyarakat di tengah kemajemukan Indonesia.",
        [
            (
                "Peka memahami dan menerima kemajemukan.",
                [
                    "Menghargai perbedaan agama, suku, dan budaya.",
                    "Bersikap sopan terhadap semua orang tanpa membedakan latar belakang.",
                    "Tidak memaksakan pandangan pribadi.",
                ],
            ),
            (
                "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan.",
                [
                    "Menjalin hubungan kerja dengan orang dari latar belakang berbeda.",
                    "Menekankan persamaan untuk membangun persatuan.",
                    "Membantu rekan kerja memahami perbedaan.",
                ],
            ),
            (
                "Mempromosikan, mengembangkan sikap toleransi dan persatuan.",
                [
                    "Mendorong sikap toleransi di unit kerja.",
                    "Menengahi perbedaan pendapat yang bersumber dari latar belakang budaya.",
                    "Memastikan perlakuan adil bagi seluruh anggota unit.",
                ],
            ),
            (
                "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi.",
                [
                    "Memanfaatkan keragaman untuk meningkatkan kinerja lintas unit.",
                    "Mencegah dan menyelesaikan konflik bernuansa SARA.",
                    "Membangun jejaring dengan kelompok masyarakat yang beragam.",
                ],
            ),
            (
                "Wakil pemerintah untuk membangun hubungan sosial psikologis.",
                [
                    "Menjadi perekat persatuan di tingkat organisasi dan masyarakat.",
                    "Merumuskan kebijakan yang menjamin kesetaraan dan keberagaman.",
                    "Mewakili pemerintah dalam membangun kohesi sosial.",
                ],
            ),
        ],
    ),
]

# jenis, jenjang ("" = all jenjang of that jenis), level (domain.md §4 table)
DEFAULT_LEVELS = [
    ("jpt", "utama", 5),
    ("jpt", "madya", 5),
    ("jpt", "pratama", 4),
    ("administrator", "", 3),
    ("pengawas", "", 2),
    ("pelaksana", "", 1),
    ("fungsional_keahlian", "ahli_utama", 4),
    ("fungsional_keahlian", "ahli_madya", 3),
    ("fungsional_keahlian", "ahli_muda", 2),
    ("fungsional_keahlian", "ahli_pertama", 1),
    ("fungsional_keterampilan", "penyelia", 2),
    ("fungsional_keterampilan", "mahir", 1),
    ("fungsional_keterampilan", "terampil", 1),
    ("fungsional_keterampilan", "pemula", 1),
]


def load(apps, schema_editor):
    Kompetensi = apps.get_model("competencies", "Kompetensi")
    LevelDescriptor = apps.get_model("competencies", "LevelDescriptor")
    DefaultLevelRule = apps.get_model("competencies", "DefaultLevelRule")
    for code, kind, name, definition, levels in DICTIONARY:
        komp, _created = Kompetensi.objects.update_or_create(
            instansi=None, code=code, defaults={"kind": kind, "name": name, "description": definition}
        )
        for number, (description, indicators) in enumerate(levels, start=1):
            lines = "\n".join(f"{number}.{i} {text}" for i, text in enumerate(indicators, start=1))
            LevelDescriptor.objects.update_or_create(
                kompetensi=komp, level=number, defaults={"description": description, "indicators": lines}
            )
    start = datetime.date(2017, 1, 1)
    for jenis, jenjang, level in DEFAULT_LEVELS:
        DefaultLevelRule.objects.get_or_create(
            instansi=None,
            jenis=jenis,
            jenjang=jenjang,
            effective_from=start,
            defaults={"level": level, "source": SOURCE_LEVELS},
        )


def unload(apps, schema_editor):
    Kompetensi = apps.get_model("competencies", "Kompetensi")
    DefaultLevelRule = apps.get_model("competencies", "DefaultLevelRule")
    DefaultLevelRule.objects.filter(instansi=None, source=SOURCE_LEVELS).delete()
    for code, *_rest in DICTIONARY:
        Kompetensi.objects.filter(instansi=None, code=code, skj_items__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
