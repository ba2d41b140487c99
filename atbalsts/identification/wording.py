"""Latvian wording of the evaluation protocol that follows the person's recorded sex.

Latvian participles and some nouns agree with the person: "atzīta" for a woman, "atzīts" for a
man. When the sex is not recorded (or is "other / not stated") the protocol speaks of "persona",
a feminine noun in grammar that fits anyone: "Persona atzīta …", and the criteria keep their
"persona" forms. Pure: no database, no other apps.
"""

from __future__ import annotations

from dataclasses import dataclass

FEMALE, MALE, NEUTRAL = "female", "male", "neutral"

# The criteria items (catalogue.CRITERIA_GROUPS) are worded for "persona" (feminine forms); a
# man gets the masculine forms. Items without a participle or adjective are the same for all.
CRITERIA_LV_MALE: dict[str, str] = {
    "recruited": "Tika savervēts",
    "transported": "Tika pārvadāts vai pārvietots",
    "received": "Tika nodots vai saņemts",
    "abducted_sold": "Tika nolaupīts vai pārdots",
    "other_work": "Galamērķa valstī bija spiests veikt citu darbu, nekā plānots vai solīts",
    "forced_sexual_services": "Darba ietvaros bija spiests sniegt seksuālus pakalpojumus",
    "employed_against_will": "Tika nodarbināts pret savu gribu",
    "watched": "Darbā tika uzraudzīts, lai nevarētu aizbēgt",
    "dependency_ties": "Bija atkarīgs no darba devēja ģimenes, radniecības, darba, īres vai parādu saišu dēļ",
    "violence_signs": "Ir fiziskas vardarbības pazīmes vai iepriekš cietis no vardarbības",
    "reprisals": "Tika iebiedēts vai draudēts ar atriebību, ja vērsīsies policijā vai iestādē, "
                 "mēģinās bēgt vai atgriezties mājās",
    "confined": "Tika ieslodzīts un slēpts no citiem vai no saskarsmes ar cilvēkiem",
    "controlled": "Tika pastāvīgi kontrolēts",
}


def form_of(sex: str | None) -> str:
    """Which Latvian forms the person gets: female, male, or neutral (not recorded or other)."""
    return sex if sex in (FEMALE, MALE) else NEUTRAL


def criterion_label_lv(code: str, label_lv: str, sex: str | None) -> str:
    """A criterion's Latvian label in the person's forms."""
    return CRITERIA_LV_MALE.get(code, label_lv) if form_of(sex) == MALE else label_lv


@dataclass(frozen=True)
class ProtocolWords:
    born: str  # before the birth date: "dzimusi 14.03.1995"
    recognised: str  # the conclusion, a sentence
    not_recognised: str
    standing_victim: str  # the standing in criminal proceedings (grounds 1 and 2)
    standing_witness: str

    def standing(self, code: str) -> str:
        return {"victim": self.standing_victim, "witness": self.standing_witness}.get(code, code)


def protocol_words(sex: str | None, name: str) -> ProtocolWords:
    """The protocol's sentences about the person; ``name`` is the subject when the sex is known."""
    what = "par cilvēku tirdzniecības upuri."
    form = form_of(sex)
    if form == FEMALE:
        return ProtocolWords(
            born="dzimusi", recognised=f"{name} atzīta {what}", not_recognised=f"{name} nav atzīta {what}",
            standing_victim="Atzīta par cietušo kriminālprocesā",
            standing_witness="Liecinieces statuss (nevēlas, lai viņu atzīst par cietušo)",
        )
    if form == MALE:
        return ProtocolWords(
            born="dzimis", recognised=f"{name} atzīts {what}", not_recognised=f"{name} nav atzīts {what}",
            standing_victim="Atzīts par cietušo kriminālprocesā",
            standing_witness="Liecinieka statuss (nevēlas, lai viņu atzīst par cietušo)",
        )
    return ProtocolWords(
        born="dzimšanas datums", recognised=f"Persona atzīta {what}", not_recognised=f"Persona nav atzīta {what}",
        standing_victim="Persona atzīta par cietušo kriminālprocesā",
        standing_witness="Liecinieka statuss (persona nevēlas, lai to atzīst par cietušo)",
    )
