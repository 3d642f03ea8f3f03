"""A deterministic, realistic-looking news corpus for the scale benchmarks.

Articles are pseudo-Indonesian (about 70 %) or pseudo-English prose built from word lists
with a Zipf-like frequency, in paragraphs of sentences, with named entities, dates and
quantities woven in, and an emoji, skin-tone modifier, ZWJ sequence or flag in about one
article in ten (so code-point offsets differ from UTF-16 offsets there). Lengths vary
(log-normal around ~3 KB, 0.6 to 12 KB).

Spans come from what the generator put in: each entity phrase it inserted is a candidate
span with its label, each "reported speech" sentence a CLAIM candidate. Every span starts
and ends on word boundaries and its text is exactly ``text[start:end]``. Each article gets
one draft from one of the annotators; a share of articles (``overlap``) gets a second draft
from another annotator with its own choice of spans, as in an agreement study. Each draft
carries a status (mostly done, some in progress or skipped).

The same seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field

from annotator.core.model import ArticleDraft, SpanDraft, Status


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


ANNOTATORS = ("alice", "budi", "citra", "dewi", "eko")

ID_WORDS = _words(
    "yang dan di itu dengan untuk tidak ini dari dalam akan pada juga ke karena tersebut bisa "
    "ada mereka lebih kata sudah saat oleh menjadi orang kami telah hanya seperti masih bahwa "
    "dia harus sebagai banyak tahun hari para baru setelah namun kita bagi jika belum dapat "
    "pemerintah presiden menteri warga kota negara rakyat ekonomi harga kebijakan pasar "
    "anggaran laporan daerah wilayah jalan rumah sakit sekolah polisi pengadilan hukum kasus "
    "pembangunan proyek program bantuan sosial pendidikan kesehatan masyarakat keamanan "
    "perusahaan industri bank investasi pajak utang inflasi pertumbuhan ekspor impor beras "
    "minyak listrik air banjir gempa cuaca hujan musim petani nelayan buruh pekerja gaji "
    "partai politik pemilu calon suara dukungan koalisi oposisi parlemen undang rancangan "
    "mengatakan menyatakan menjelaskan menambahkan menegaskan mengungkapkan menurut sementara "
    "sejumlah beberapa seluruh setiap antara tanpa hingga sejak selama terhadap melalui "
    "besar kecil tinggi rendah penting utama resmi nasional internasional lokal baik buruk "
    "meningkat menurun naik turun membahas menolak menerima meminta memberikan melakukan "
    "pertemuan rapat sidang keputusan rencana tujuan masalah solusi data angka jumlah bulan"
)

EN_WORDS = _words(
    "the of and to in a is that for on was with as it by at from he said be has have are "
    "his this an which not were but had they will been who their after more its also two "
    "government president minister people city country economy prices policy market budget "
    "report region road hospital school police court law case development project program "
    "aid social education health public security company industry bank investment tax debt "
    "inflation growth exports imports rice oil power water flood earthquake weather rain "
    "season farmers workers wages party politics election candidate votes support coalition "
    "opposition parliament bill draft according meanwhile several all every between without "
    "until since during against through large small high low important main official "
    "national international local good bad rose fell increase decrease discussed rejected "
    "accepted asked gave carried meeting session decision plan goal problem solution data "
    "figures number month week year officials told reporters statement spokesman agency"
)

PERSON = _words(
    "Joko Widodo|Prabowo Subianto|Sri Mulyani|Anies Baswedan|Ganjar Pranowo|Retno Marsudi|"
    "Erick Thohir|Mahfud MD|Puan Maharani|Ridwan Kamil|Luhut Pandjaitan|Budi Gunadi Sadikin|"
    "Susi Pudjiastuti|Tri Rismaharini|Gibran Rakabuming|Megawati Soekarnoputri|Airlangga "
    "Hartarto|Anwar Ibrahim|Lee Hsien Loong|Joe Biden|Xi Jinping|Vladimir Putin|Ursula von "
    "der Leyen|Antonio Guterres|Narendra Modi|Fumio Kishida|Emmanuel Macron|Olaf Scholz",
    "|",
)
FIRST = _words("Agus Budi Siti Dewi Rina Andi Yusuf Hendra Wahyu Fitri Nur Rudi Lestari Bambang")
LAST = _words("Santoso Wijaya Hidayat Saputra Pratama Kusuma Nugroho Setiawan Halim Siregar")
ORG = _words(
    "Bank Indonesia|Kementerian Keuangan|Komisi Pemberantasan Korupsi|DPR|Pertamina|PLN|"
    "Badan Pusat Statistik|BMKG|BNPB|Mahkamah Konstitusi|KPU|Bawaslu|Garuda Indonesia|"
    "Telkom|Universitas Indonesia|World Bank|IMF|ASEAN|United Nations|European Commission|"
    "Reuters|Associated Press|WHO|OPEC|Google|Gojek|Tokopedia",
    "|",
)
GPE = _words(
    "Jakarta|Indonesia|Surabaya|Bandung|Medan|Makassar|Yogyakarta|Semarang|Papua|Aceh|Bali|"
    "Kalimantan Timur|Jawa Barat|Malaysia|Singapura|Australia|Amerika Serikat|China|Jepang|"
    "Washington|Beijing|Tokyo|Brussels|London|Timor Leste|Filipina|Vietnam",
    "|",
)
LOC = _words(
    "Sungai Ciliwung|Laut Jawa|Gunung Merapi|Selat Malaka|Danau Toba|Laut China Selatan|"
    "Pulau Komodo|Teluk Jakarta|Gunung Semeru|Samudra Hindia|Pegunungan Jayawijaya",
    "|",
)
NORP = _words(
    "Muslim|Kristen|Tionghoa|Jawa|Sunda|Batak|Papua|Indonesian|Malaysian|Australian|"
    "American|Chinese|Japanese|European",
    "|",
)
EVENT = _words(
    "Pemilu 2024|KTT G20|Asian Games|Piala Dunia|Lebaran|Idul Fitri|Hari Kemerdekaan|"
    "KTT ASEAN|Olimpiade Paris|Tsunami Aceh|Reformasi 1998|COP28",
    "|",
)
MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTHS_EN = "January February March April May June July August September October November December"
DAYS_ID = _words("Senin Selasa Rabu Kamis Jumat Sabtu Minggu")
DAYS_EN = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
UNITS_ID = ("persen", "ton", "kilometer", "hektare", "orang", "unit", "rumah", "liter")
UNITS_EN = ("percent", "tonnes", "kilometres", "hectares", "people", "units", "homes", "barrels")
SAY_ID = ("kata", "ujar", "ungkap", "jelas", "tegas")
SAY_EN = ("said", "told reporters", "added", "stressed", "claimed")
# Astral and multi-code-point "words": emoji, skin tone, ZWJ family, flags.
ASTRAL = ("😀", "🇮🇩", "👍🏽", "👨\u200d👩\u200d👧", "🎉", "📈", "🔥", "🇯🇵", "🌧️", "🤝🏽")
OUTLETS = (
    "kompas",
    "detik",
    "tempo",
    "antara",
    "cnn-indonesia",
    "jakarta-post",
    "reuters",
    "bbc",
    "tribun",
    "republika",
)
# A word in about one article in 500: the list benchmark's selective search.
RARE_WORD, RARE_SHARE = "Wakatobi", 0.002
SECTIONS = ("nasional", "ekonomi", "politik", "internasional", "daerah", "olahraga")


Candidate = tuple[int, int, str]


@dataclass
class GeneratedCorpus:
    drafts: list[ArticleDraft]
    languages: list[str]  # the generator's language of each article ("id" / "en"), in order
    first_draft: list[int]  # index in ``drafts`` of each article's first draft
    articles: int
    spans: int
    astral_articles: int
    annotators: tuple[str, ...]
    overlap_articles: int = 0
    text_chars: int = 0
    words: dict[str, str] = field(default_factory=dict)  # search words for the list benchmark

    def drafts_of_first(self, n: int) -> list[ArticleDraft]:
        """The drafts of the first ``n`` articles (all of them when n >= articles)."""
        if n >= self.articles:
            return self.drafts
        return self.drafts[: self.first_draft[n]]


def _zipf_cum(n: int, s: float = 0.8) -> list[float]:
    return list(itertools.accumulate(1.0 / (r + 1) ** s for r in range(n)))


class _Writer:
    """Builds one article text piece by piece, tracking code-point offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> int:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return start

    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.id_cum = _zipf_cum(len(ID_WORDS))
        self.en_cum = _zipf_cum(len(EN_WORDS))

    def _entity(self, lang: str) -> tuple[str, str]:
        rng = self.rng
        kind = rng.random()
        if kind < 0.25:
            if rng.random() < 0.6:
                return rng.choice(PERSON), "PERSON"
            return f"{rng.choice(FIRST)} {rng.choice(LAST)}", "PERSON"
        if kind < 0.45:
            return rng.choice(ORG), "ORG"
        if kind < 0.62:
            return rng.choice(GPE), "GPE"
        if kind < 0.68:
            return rng.choice(LOC), "LOC"
        if kind < 0.74:
            return rng.choice(NORP), "NORP"
        if kind < 0.86:
            months = MONTHS_ID if lang == "id" else MONTHS_EN
            if rng.random() < 0.5:
                return rng.choice(DAYS_ID if lang == "id" else DAYS_EN), "DATE"
            return f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(1998, 2025)}", "DATE"
        if kind < 0.95:
            units = UNITS_ID if lang == "id" else UNITS_EN
            return f"{rng.randint(2, 9_999):,} {rng.choice(units)}".replace(",", "."), "QUANTITY"
        return rng.choice(EVENT), "EVENT"

    def _speaker(self) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(ORG), "ORG"
        if rng.random() < 0.6:
            return rng.choice(PERSON), "PERSON"
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}", "PERSON"

    def article(
        self, lang: str, target_chars: int, astral: int, extra: str = ""
    ) -> tuple[str, list[Candidate]]:
        """(text, candidate spans as (start, end, label))."""
        rng = self.rng
        words, cum = (ID_WORDS, self.id_cum) if lang == "id" else (EN_WORDS, self.en_cum)
        say = SAY_ID if lang == "id" else SAY_EN
        w = _Writer()
        spans: list[Candidate] = []
        astral_left = astral
        sentence_no = 0
        while w.pos < target_chars:
            if sentence_no and sentence_no % rng.randint(3, 6) == 0:
                w.add("\n\n")
            elif sentence_no:
                w.add(" ")
            sentence_no += 1
            body = rng.choices(words, cum_weights=cum, k=rng.randint(7, 20))
            body[0] = body[0].capitalize()
            if extra and sentence_no == 1:
                body.insert(1, extra)
            if astral_left and rng.random() < 0.2:
                body.insert(rng.randint(1, len(body)), rng.choice(ASTRAL))
                astral_left -= 1
            # Entities go in at word positions (never first, so capitalisation stays put).
            n_ent = rng.choices((0, 1, 2, 3), weights=(2, 5, 3, 1))[0]
            slots = sorted(rng.sample(range(1, len(body) + 1), min(n_ent, len(body))))
            labels: dict[int, str] = {}
            for shift, slot in enumerate(slots):
                phrase, label = self._entity(lang)
                body.insert(slot + shift, phrase)
                labels[slot + shift] = label
            claim = rng.random() < 0.15
            if claim:
                w.add("\u201c" if lang == "id" else '"')
            claim_start = w.pos
            for i, word in enumerate(body):
                if i:
                    w.add(" ")
                at = w.add(word)
                if i in labels:
                    spans.append((at, at + len(word), labels[i]))
            claim_end = w.pos
            if claim:
                spans.append((claim_start, claim_end, "CLAIM"))
                speaker, label = self._speaker()
                if lang == "id":
                    w.add(f",\u201d {rng.choice(say)} ")
                    at = w.add(speaker)
                else:
                    w.add('," ')
                    at = w.add(speaker)
                    w.add(f" {rng.choice(say)}")
                spans.append((at, at + len(speaker), label))
            w.add(".")
        while astral_left:  # a closing emoji line, as some outlets do
            w.add(" " + rng.choice(ASTRAL))
            astral_left -= 1
        return w.text(), spans


def generate(
    articles: int,
    *,
    spans_per_article: float = 10.0,
    annotators: int = 3,
    overlap: float = 0.1,
    seed: int = 20250814,
) -> GeneratedCorpus:
    """Drafts for ``articles`` articles with about ``spans_per_article`` spans each."""
    gen = Generator(seed)
    rng = gen.rng
    names = ANNOTATORS[: max(1, min(annotators, len(ANNOTATORS)))]
    per_draft = spans_per_article / (1.0 + (overlap if len(names) > 1 else 0.0))
    drafts: list[ArticleDraft] = []
    languages: list[str] = []
    first_draft: list[int] = []
    n_spans = n_astral = n_overlap = chars = 0
    for i in range(articles):
        lang = "id" if rng.random() < 0.7 else "en"
        target = int(min(12_000, max(600, rng.lognormvariate(math.log(2_800), 0.45))))
        astral = rng.randint(1, 3) if rng.random() < 0.1 else 0
        extra = RARE_WORD if rng.random() < RARE_SHARE else ""
        text, candidates = gen.article(lang, target, astral, extra)
        n_astral += bool(astral)
        chars += len(text)
        languages.append(lang)
        first_draft.append(len(drafts))
        outlet = rng.choice(OUTLETS)
        title_words = text[: text.find(".")].split()[:10]
        meta = {"section": rng.choice(SECTIONS), "outlet": outlet}
        coders = [rng.choice(names)]
        if len(names) > 1 and rng.random() < overlap:
            coders.append(rng.choice([n for n in names if n != coders[0]]))
            n_overlap += 1
        for coder in coders:
            k = max(0, min(len(candidates), round(rng.gauss(per_draft, per_draft / 3))))
            chosen = sorted(rng.sample(candidates, k))
            spans = [
                SpanDraft(key=f"s{j}", start=s, end=e, label=lab, text=text[s:e])
                for j, (s, e, lab) in enumerate(chosen, 1)
            ]
            n_spans += len(spans)
            status = rng.choices(
                (Status.DONE, Status.IN_PROGRESS, Status.SKIPPED), weights=(75, 18, 7)
            )[0]
            drafts.append(
                ArticleDraft(
                    text=text,
                    external_id=f"bench-{i:07d}",
                    title=" ".join(title_words),
                    source=outlet,
                    url=f"https://{outlet}.example/{2015 + i % 10}/{i}",
                    published=f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    meta=meta,
                    annotator=coder,
                    spans=spans,
                    status=status,
                    line=len(drafts) + 1,
                )
            )
    return GeneratedCorpus(
        drafts=drafts,
        languages=languages,
        first_draft=first_draft,
        articles=articles,
        spans=n_spans,
        astral_articles=n_astral,
        annotators=names,
        overlap_articles=n_overlap,
        text_chars=chars,
        words={"common": "pemerintah", "medium": "Mulyani", "rare": RARE_WORD},
    )
