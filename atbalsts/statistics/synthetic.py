"""Synthetic persons for measuring the record linkage: Latvian, Russian and Ukrainian names from
Faker, some of them registered again at another provider the way people really get written down —
a typo, the diacritics dropped, another transliteration of the Cyrillic, given name and surname
swapped, day and month of birth swapped. Nobody here is real.

Used by tests/statistics/test_linkage.py and bench/statistics_linkage.py.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

LOCALES = ("lv_LV", "ru_RU", "uk_UA")
VARIANTS = ("typo", "no_diacritics", "transliteration", "swapped", "day_month", "typo")

# Three ways the same Cyrillic letters reach a Latin record (a passport's ICAO style, the BGN
# style of English texts, and Latvian spelling); letters not listed fall back to anyascii.
_TRANSLIT = {
    "icao": {"ю": "iu", "я": "ia", "й": "i", "х": "kh", "ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "shch", "е": "e", "ё": "e", "є": "ie", "ї": "i", "ы": "y", "и": "i", "і": "i", "ь": "", "ъ": "ie"},
    "bgn": {"ю": "yu", "я": "ya", "й": "y", "х": "kh", "ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh",
            "щ": "shch", "е": "e", "ё": "yo", "є": "ye", "ї": "yi", "ы": "y", "и": "i", "і": "i", "ь": "", "ъ": ""},
    "lv": {"ю": "ju", "я": "ja", "й": "j", "х": "h", "ж": "ž", "ц": "c", "ч": "č", "ш": "š",
           "щ": "šč", "е": "e", "ё": "jo", "є": "je", "ї": "ji", "ы": "i", "и": "i", "і": "i", "ь": "", "ъ": ""},
}
_LATVIAN_PLAIN = str.maketrans("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "acegiklnsuzACEGIKLNSUZ")


@dataclass(frozen=True)
class SyntheticRecord:
    person: int
    organisation: int
    given_names: str
    surname: str
    birth_date: datetime.date
    sex: str


def transliterate(text: str, style: str) -> str:
    table = _TRANSLIT[style]
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep[:1].upper() + rep[1:] if ch != low else rep)
        else:
            out.append(anyascii(ch) if "\u0400" <= ch <= "\u04ff" else ch)
    return "".join(out)


def _typo(text: str, rnd: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rnd.randrange(1, len(text) - 1)
    kind = rnd.choice(("drop", "swap", "replace", "double"))
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == "replace":
        return text[:i] + rnd.choice("aeiounrstlkm") + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def _render(name: str, locale: str, style: str) -> str:
    """How one provider writes a name down: Latvian names as they are, Cyrillic transliterated."""
    if locale == "lv_LV":
        return name
    return transliterate(name, style)


def generate(persons: int, *, duplicate_share: float = 0.3, organisations: int = 5,
             seed: int = 11) -> list[SyntheticRecord]:
    """``persons`` distinct persons, each at one provider; ``duplicate_share`` of them also at a
    second (and a tenth of those at a third), written with one or two variants."""
    rnd = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed * 31 + i)
    records: list[SyntheticRecord] = []
    first_day = datetime.date(1955, 1, 1).toordinal()
    span = datetime.date(2010, 12, 31).toordinal() - first_day
    for person in range(persons):
        locale = rnd.choice(LOCALES)
        fake = fakers[locale]
        sex = rnd.choice(("female", "male"))
        if sex == "female":
            given, surname = fake.first_name_female(), fake.last_name_female()
        else:
            given, surname = fake.first_name_male(), fake.last_name_male()
        born = datetime.date.fromordinal(first_day + rnd.randrange(span))
        home = rnd.randrange(organisations)
        style = rnd.choice(tuple(_TRANSLIT))
        records.append(SyntheticRecord(person, home, _render(given, locale, style), _render(surname, locale, style),
                                       born, sex))
        copies = 0
        if rnd.random() < duplicate_share:
            copies = 2 if rnd.random() < 0.1 else 1
        others = [o for o in range(organisations) if o != home]
        for org in rnd.sample(others, min(copies, len(others))):
            g, s, b = given, surname, born
            other_style = rnd.choice([t for t in _TRANSLIT if t != style])
            g, s = _render(g, locale, style), _render(s, locale, style)
            for variant in rnd.sample(VARIANTS, rnd.choice((1, 1, 2))):
                if variant == "typo":
                    if rnd.random() < 0.5:
                        g = _typo(g, rnd)
                    else:
                        s = _typo(s, rnd)
                elif variant == "no_diacritics":
                    g, s = g.translate(_LATVIAN_PLAIN), s.translate(_LATVIAN_PLAIN)
                elif variant == "transliteration" and locale != "lv_LV":
                    g, s = _render(given, locale, other_style), _render(surname, locale, other_style)
                elif variant == "swapped":
                    g, s = s, g
                elif variant == "day_month" and b.day <= 12 and b.day != b.month:
                    b = b.replace(day=b.month, month=b.day)
            records.append(SyntheticRecord(person, org, g, s, b, sex))
    rnd.shuffle(records)
    return records


def pair_quality(truth: list[int], labels: list[int]) -> dict[str, float]:
    """Precision and recall over pairs of records: a pair is a match when both records share a
    label, and a true match when both belong to the same synthetic person."""

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    by_label: dict[int, int] = {}
    by_truth: dict[int, int] = {}
    by_both: dict[tuple[int, int], int] = {}
    for t, lab in zip(truth, labels, strict=True):
        by_label[lab] = by_label.get(lab, 0) + 1
        by_truth[t] = by_truth.get(t, 0) + 1
        by_both[(lab, t)] = by_both.get((lab, t), 0) + 1
    predicted = sum(pairs(n) for n in by_label.values())
    actual = sum(pairs(n) for n in by_truth.values())
    correct = sum(pairs(n) for n in by_both.values())
    return {
        "precision": correct / predicted if predicted else 1.0,
        "recall": correct / actual if actual else 1.0,
        "true_pairs": actual,
        "found_pairs": predicted,
        "persons": len(by_truth),
        "clusters": len(by_label),
    }
