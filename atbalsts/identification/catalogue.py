"""The lists the identification stage records against, declared as data.

Each entry is ``(code, Latvian label, English label)``. The codes are what the database holds;
labels are chosen by the active language (the protocol asks for Latvian explicitly). Codes are
never renamed: add a new code and retire the old one instead, or old interviews lose their meaning.

Sources: domain brief §1 (forms of exploitation), §4 (criteria of Cabinet Regulation No. 889,
Annex 2), §5 (indicators), §6 (risk groups, needs, health and psychological issues).

This module is pure: no database, no other apps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language

Entry = tuple[str, str, str]

# §5 — indicators that a person has been exploited (the screening list of the interview).
INDICATORS: tuple[Entry, ...] = (
    ("violence_threats", "Vardarbība un draudi", "Violence and threats"),
    ("documents_confiscated", "Pases, personas apliecības, bankas karšu vai darba atļaujas atņemšana",
     "Confiscation of passport, ID card, bank cards or work permit"),
    ("little_or_no_pay", "Maza samaksa vai tās neesamība", "Little or no pay"),
    ("debts_to_employer", "Parādi darba devējam", "Debts to the employer"),
    ("secret_terms", "Slepeni līguma nosacījumi, nelikumīgi ieturējumi, pārmērīgi aizdevumi",
     "Secret contract terms, illegal deductions, excessive loans"),
    ("excessive_charges", "Pārmērīga maksa par mājokli, pārtiku, transportu",
     "Excessive charges for housing, food, transport"),
    ("movement_controlled", "Brīvības un pārvietošanās kontrole", "Control of freedom and movement"),
    ("irregular_deductions", "Neregulāri ieturējumi par darba rīkiem, obligātajām apliecībām u. c.",
     "Irregular deductions for tools, mandatory certificates etc."),
    ("excessive_hours", "Pārmērīgs darba laiks bez samaksas par virsstundām, vakara, nakts vai svētku darbu",
     "Excessive hours without overtime, evening, night or holiday pay"),
    ("no_days_off", "Nav brīvdienu vai kompensācijas", "No days off or compensation"),
    ("isolation", "Izolācija, aizliegums sazināties ar citiem, arī ar ģimeni",
     "Isolation, ban on contacting others incl. family"),
    ("language_course_ban", "Aizliegums apmeklēt valodas kursus", "Ban on language courses"),
    ("threats_dismissal", "Draudi atlaist, ziņot iestādēm vai piespiedu kārtā nosūtīt mājās",
     "Threats of dismissal, of reporting to authorities, of forced return home"),
    ("illegal_hiring_fees", "Nelikumīga maksa par pieņemšanu darbā", "Illegal fees for hiring"),
    ("deception", "Maldināšana par darbu, līgumu, darba apstākļiem vai atļaujām",
     "Deception about the work, contract, conditions or permits"),
    ("union_ban", "Aizliegums iestāties arodbiedrībā", "Ban on joining trade unions"),
    ("unsafe_conditions", "Nedroši, veselībai kaitīgi darba un dzīves apstākļi",
     "Unsafe, unhealthy working and living conditions"),
    ("medical_care_denied", "Medicīniskās palīdzības liegšana", "Denial of medical care"),
)

# §6 — risk groups.
RISK_GROUPS: tuple[Entry, ...] = (
    ("unemployed", "Bezdarbnieki un darba meklētāji", "Unemployed and job seekers"),
    ("cannot_afford_education", "Personas, kuras nevar atļauties izglītību", "People who cannot afford education"),
    ("previously_harmed", "Personas, kas jau cietušas no vardarbības vai cilvēku tirdzniecības",
     "People already harmed by violence or trafficking"),
    ("women_18_40", "Sievietes (galvenokārt 18–40 gadi)", "Women (mostly 18–40)"),
    ("children_without_care", "Bāreņi, bez vecāku gādības palikuši bērni, internātskolu audzēkņi, "
     "bērni no augsta riska ģimenēm, ielas bērni",
     "Orphans, children without parental care, boarding-school pupils, children from high-risk "
     "families, street children"),
    ("parents_abroad", "Bērni, kuru vecāki strādā ārzemēs", "Children whose parents work abroad"),
    ("mental_disorders", "Personas ar garīga rakstura traucējumiem, speciālo internātskolu audzēkņi",
     "People with mental disorders, special boarding-school pupils"),
    ("low_income", "Personas ar zemiem ienākumiem vai kredītsaistībām", "People with low income or credit obligations"),
    ("refugees", "Bēgļi (piemēram, no Ukrainas kopš 2022. gada)", "Refugees (e.g. from Ukraine since 2022)"),
)

# §6 — the needs people come with.
NEEDS: tuple[Entry, ...] = (
    ("safety_housing", "Fiziskā drošība un mājoklis", "Physical safety and housing"),
    ("subsistence", "Iztikas līdzekļu trūkums", "Lack of means of subsistence"),
    ("identity_documents", "Personu apliecinoši dokumenti", "Identity documents"),
    ("medical_care", "Piekļuve medicīniskajai palīdzībai", "Access to medical care"),
    ("psychological_help", "Psiholoģiskā palīdzība", "Psychological help"),
    ("information", "Informācija par tiesībām un pakalpojumiem", "Information on rights and services"),
    ("education_employment", "Izglītība vai nodarbinātība", "Education or employment"),
)

# §6 — health and psychological issues to watch. Special-category data: stored encrypted and
# shown only to the provider's case team (see access.get_interview_health).
HEALTH_ISSUES: tuple[Entry, ...] = (
    ("trauma", "Trauma", "Trauma"),
    ("depression", "Depresija", "Depression"),
    ("suicide_attempt", "Pašnāvības mēģinājums", "Suicide attempt"),
    ("sti_hiv", "Seksuāli transmisīvās infekcijas / HIV", "Sexually transmitted infections / HIV"),
    ("hepatitis", "B un C hepatīts", "Hepatitis B and C"),
    ("chronic_illness", "Neārstēta hroniska slimība", "Untreated chronic illness"),
    ("unwanted_pregnancy", "Nevēlama grūtniecība", "Unwanted pregnancy"),
    ("unsafe_abortion", "Nedrošs aborts", "Unsafe abortion"),
    ("addiction", "Alkohola vai narkotiku atkarība", "Alcohol or drug addiction"),
    ("no_material_means", "Materiālo līdzekļu trūkums", "Lack of material means"),
    ("no_safe_housing", "Droša mājokļa trūkums", "Lack of safe housing"),
    ("documents_lost", "Pazaudēti vai atņemti dokumenti", "Lost or taken documents"),
)

# §1 — forms of exploitation. A case may have several.
EXPLOITATION_FORMS: tuple[Entry, ...] = (
    ("sexual_prostitution", "Seksuālā izmantošana: prostitūcija", "Sexual exploitation: prostitution"),
    ("sexual_pornography", "Seksuālā izmantošana: pornogrāfija", "Sexual exploitation: pornography"),
    ("sexual_sex_tourism", "Seksuālā izmantošana: seksa tūrisms", "Sexual exploitation: sex tourism"),
    ("sexual_online_images", "Seksuālā izmantošana: seksuāla rakstura attēli internetā",
     "Sexual exploitation: sexual images online"),
    ("forced_labour", "Piespiedu darbs", "Forced labour"),
    ("sham_marriage", "Piespiedu pakalpojumi: fiktīvas laulības", "Forced services: sham marriage"),
    ("forced_services_other", "Piespiedu pakalpojumi: citi", "Forced services: other"),
    ("debt_bondage", "Verdzība vai tai līdzīga prakse: parādu verdzība",
     "Slavery or slavery-like practice: debt bondage"),
    ("serfdom", "Verdzība vai tai līdzīga prakse: dzimtbūšana", "Slavery or slavery-like practice: serfdom"),
    ("domestic_servitude", "Verdzība vai tai līdzīga prakse: mājkalpība",
     "Slavery or slavery-like practice: domestic servitude"),
    ("servitude", "Kalpība", "Servitude"),
    ("forced_begging", "Piespiedu ubagošana", "Forced begging"),
    ("criminal_drug_mule", "Piespiedu noziedzīgas darbības: narkotiku kurjers",
     "Forced criminal activity: drug mule"),
    ("criminal_counterfeit", "Piespiedu noziedzīgas darbības: viltotu preču tirdzniecība",
     "Forced criminal activity: selling counterfeit goods"),
    ("criminal_theft", "Piespiedu noziedzīgas darbības: zādzības", "Forced criminal activity: theft"),
    ("criminal_pickpocketing", "Piespiedu noziedzīgas darbības: kabatzādzības",
     "Forced criminal activity: pickpocketing"),
    ("organ_removal", "Orgānu vai audu nelikumīga izņemšana", "Unlawful removal of organs or tissue"),
    # Added by Directive (EU) 2024/1712 to the forms of exploitation (art. 2(3)).
    ("forced_marriage", "Piespiedu laulība", "Forced marriage"),
    ("illegal_adoption", "Nelikumīga adopcija", "Illegal adoption"),
    ("surrogacy", "Surogātmātības izmantošana", "Exploitation of surrogacy"),
)

RECRUITMENT_METHODS: tuple[Entry, ...] = (
    ("online_job_ad", "Darba sludinājums internetā", "Online job advertisement"),
    ("social_media", "Sociālie tīkli vai tērzēšanas lietotne", "Social media or messaging app"),
    ("dating", "Iepazīšanās vietne", "Dating site"),
    ("agency", "Darbā iekārtošanas aģentūra", "Recruitment agency"),
    ("acquaintance", "Paziņa vai draugs", "Acquaintance or friend"),
    ("relative", "Radinieks vai partneris", "Relative or partner"),
    ("other", "Cits", "Other"),
)


@dataclass(frozen=True)
class CriteriaGroup:
    code: str
    label_lv: str
    label_en: str
    items: tuple[Entry, ...]
    # Which element of the legal definition (act, means, purpose) each item shows is policy data:
    # see atbalsts/policy/criteria.py and docs/adr/0012.


# §4 — criteria for recognising a victim (Regulation No. 889 Annex 2 as summarised in seed 003).
CRITERIA_GROUPS: tuple[CriteriaGroup, ...] = (
    CriteriaGroup(
        "movement", "Pārvietošana vai maldināšana", "Movement or deception",
        (
            ("recruited", "Tika savervēta", "Was recruited"),
            ("transported", "Tika pārvadāta vai pārvietota", "Was transported or transferred"),
            ("received", "Tika nodota vai saņemta", "Was handed over or received"),
            ("abducted_sold", "Tika nolaupīta vai pārdota", "Was abducted or sold"),
            ("other_work", "Galamērķa valstī bija spiesta veikt citu darbu, nekā plānots vai solīts",
             "In the destination country was forced to do other work than planned or promised"),
        ),
    ),
    CriteriaGroup(
        "control", "Kontrole vai atkarība", "Control or dependency",
        (
            ("debt_income_taken", "Bija parādā darba devējam vai vervētājam, daļa ienākumu tika atņemta",
             "Owed a debt to the employer or recruiter and part of the income was taken"),
            ("could_not_leave", "Nevarēja brīvi pamest vai mainīt darbu", "Could not freely leave or change the job"),
            ("documents_taken", "Tika atņemti personu apliecinoši dokumenti", "Had identity documents taken"),
            ("forced_sexual_services", "Darba ietvaros bija spiesta sniegt seksuālus pakalpojumus",
             "Was forced to provide sexual services as part of the job"),
            ("employed_against_will", "Tika nodarbināta pret savu gribu", "Was employed against their will"),
            ("excess_hours", "Bija jāstrādā vairāk par noteikto stundu skaitu nedēļā",
             "Had to work more than the set hours per week"),
            ("watched", "Darbā tika uzraudzīta, lai nevarētu aizbēgt", "Was watched at work to make escape impossible"),
            ("dependency_ties", "Bija atkarīga no darba devēja ģimenes, radniecības, darba, īres vai parādu saišu dēļ",
             "Depended on the employer through family, kinship, work, rental or debt ties"),
        ),
    ),
    CriteriaGroup(
        "threats", "Draudi vai vardarbība", "Threats or violence",
        (
            ("witnessed_violence", "Izjuta netiešus draudus, redzot vardarbību pret citiem",
             "Felt indirect threats by seeing violence against others"),
            ("basic_needs_denied", "Tika liegtas pamatvajadzības (ūdens, pārtika, miegs, medicīniskā palīdzība)",
             "Was denied basic needs (water, food, sleep, medical care)"),
            ("violence_signs", "Ir fiziskas vardarbības pazīmes vai iepriekš cietusi no vardarbības",
             "Shows signs of physical violence or suffered violence before"),
            ("reprisals", "Tika iebiedēta vai draudēts ar atriebību, ja vērsīsies policijā vai iestādē, "
             "mēģinās bēgt vai atgriezties mājās",
             "Was intimidated or threatened with reprisals if contacting police or any institution, "
             "trying to flee or return home"),
            ("threats_family", "Draudi ģimenei vai radiniekiem", "Threats against family or relatives"),
            ("threats_deportation", "Draudi ar izraidīšanu vai ziņošanu iestādēm",
             "Threats of deportation or of reporting to the authorities"),
        ),
    ),
    CriteriaGroup(
        "isolation", "Izolācija", "Isolation",
        (
            ("confined", "Tika ieslodzīta un slēpta no citiem vai no saskarsmes ar cilvēkiem",
             "Was confined and hidden from others or from contact with people"),
            ("controlled", "Tika pastāvīgi kontrolēta", "Was constantly controlled"),
            ("accompanied_only", "Darba vietu varēja atstāt tikai darba devēja pārstāvja pavadībā",
             "Could leave the workplace only accompanied by the employer's representative"),
        ),
    ),
)

CRITERIA_ITEMS: dict[str, CriteriaGroup] = {code: g for g in CRITERIA_GROUPS for code, _lv, _en in g.items}


def _lang_index() -> int:
    return 1 if (get_language() or "lv").startswith("lv") else 2


def choices(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """Form choices in the active language."""
    i = _lang_index()
    return [(e[0], e[i]) for e in entries]


def label(entries: Iterable[Entry], code: str, language: str | None = None) -> str:
    i = (1 if language.startswith("lv") else 2) if language else _lang_index()
    for e in entries:
        if e[0] == code:
            return e[i]
    return code


def codes(entries: Iterable[Entry]) -> frozenset[str]:
    return frozenset(e[0] for e in entries)


def group_label(group: CriteriaGroup, language: str | None = None) -> str:
    lang = language or get_language() or "lv"
    return group.label_lv if lang.startswith("lv") else group.label_en


# Which Annex 2 criteria item an indicator found at the interview points to: a member's
# assessment starts with these ticked (the member checks each one; nothing is decided by it).
# Indicators not listed here (pay, charges, deductions, fees, days off, language courses, trade
# unions, unsafe conditions) have no item of their own in Annex 2.
INDICATOR_CRITERIA: dict[str, tuple[str, ...]] = {
    "violence_threats": ("violence_signs",),
    "documents_confiscated": ("documents_taken",),
    "debts_to_employer": ("debt_income_taken",),
    "movement_controlled": ("could_not_leave", "controlled"),
    "excessive_hours": ("excess_hours",),
    "isolation": ("confined",),
    "threats_dismissal": ("threats_deportation",),
    "deception": ("other_work",),
    "medical_care_denied": ("basic_needs_denied",),
}


def criteria_suggested_by(indicators: Iterable[str]) -> dict[str, list[str]]:
    """The criteria items the indicators found point to, each with the indicators that point to it."""
    suggested: dict[str, list[str]] = {}
    for indicator in indicators:
        for code in INDICATOR_CRITERIA.get(indicator, ()):
            suggested.setdefault(code, []).append(indicator)
    return suggested
