"""The directory of help as the sources give it (seeds 001 and 003; ADR 0014b).

- Only the Consular Department's emergency number and the State Police's 110 answer 24/7 there;
  those organisations as a whole are no longer marked 24/7. Drošā māja's entry is its trafficking
  hotline, which both seeds give as 24/7, so it stays 24/7 and its two numbers are marked too.
- 112 is the single emergency number, not a State Police line.
- 116111: the sources give hours for working days, Saturdays and Sundays only, so the portal
  claims nothing on public holidays.
- Websites and online routes, only the addresses the seeds print (a bare "www." address is
  linked with https://).
- Drošā māja's address follows the most recent source (seed 001, which cites a 2021 report);
  the other (seed 003, about 2014) is kept as a note for staff.

Staff edit the directory afterwards, so each value changes only while it still holds what the
first data migration put there; an edited entry keeps the edit. A data migration: historical
models only, never the app's code. Running it twice changes nothing more.
"""

from django.db import migrations

LANGS = ("lv", "en", "ru", "uk")

DROSA = 'Patvērums "Drošā māja"'
POLICE = "Valsts policija"
CONSULAR = "Ārlietu ministrijas Konsulārais departaments"
VDI = "Valsts darba inspekcija"
MARTA = 'Resursu centrs sievietēm "Marta"'
CHILDREN = "Bērnu un pusaudžu uzticības tālrunis"
DARDEDZE = 'Centrs pret vardarbību "Dardedze"'
SKALBES = 'Krīžu centrs "Skalbes"'
IOM = "Starptautiskās Migrācijas organizācijas (IOM) Rīgas birojs"
VIDZEME = "Par brīvu Vidzemi no cilvēku tirdzniecības"

OLD_DROSA_ADDRESS = "Lāčplēša iela 75-1, Rīga, LV-1011"
NEW_DROSA_ADDRESS = "Lāčplēša iela 75-9/10, Rīga, LV-1011"
DROSA_NOTE = (
    "Avoti adresi norāda atšķirīgi. ASV vēstniecības lapa (avots 001, atsaucas uz 2021. gada ziņojumu): "
    "Lāčplēša iela 75-9/10, Rīga, LV-1011. Pašvaldību sociālo dienestu metodiskie ieteikumi (avots 003, "
    "ap 2014. gadu): Lāčplēša iela 75-1, Rīga, LV-1011. Portālā rāda jaunākā avota adresi; pirms "
    "nosūtīšanas pārbaudiet to ar organizāciju.\n"
    "The sources disagree on the address. The US Embassy page (source 001, citing the 2021 report): "
    "Lāčplēša iela 75-9/10. The municipal guidelines (source 003, about 2014): Lāčplēša iela 75-1. The "
    "portal shows the most recent source's address; check it with the organisation before sending anyone."
)

WEBSITES = {
    DROSA: "https://patverums-dm.lv",
    CONSULAR: "http://www.mfa.gov.lv",
    VDI: "https://www.vdi.gov.lv",
    MARTA: "http://marta.lv/",
    CHILDREN: "http://www.bti.gov.lv",
    DARDEDZE: "http://www.centrsdardedze.lv/",
    SKALBES: "http://www.skalbes.lv",
    IOM: "http://www.iom.int/",
}

ONLINE_ROUTES = {
    VDI: ("https://www.vdi.gov.lv", (
        "Ziņot (arī anonīmi) VDI tīmekļvietnē",
        "Report (also anonymously) on the Inspectorate's website",
        "Сообщить (в том числе анонимно) на сайте Инспекции",
        "Повідомити (зокрема анонімно) на сайті Інспекції",
    )),
    CHILDREN: ("http://www.bti.gov.lv/lat/lietotaju_ertibam/uzdod_jautajumu", (
        "E-konsultācija: uzrakstiet, atbilde trīs dienu laikā",
        "E-consultation: write, and the answer comes within three days",
        "Электронная консультация: напишите, ответ в течение трёх дней",
        "Електронна консультація: напишіть, відповідь протягом трьох днів",
    )),
}

# (service, number): the labels the first data migration gave -> the new labels, and 24/7.
OLD_HOTLINE = ("uzticības tālrunis, 24/7, bez maksas", "hotline, 24/7, free",
               "телефон доверия, круглосуточно, бесплатно", "телефон довіри, цілодобово, безкоштовно")
NEW_HOTLINE = ("uzticības tālrunis cilvēku tirdzniecības mazināšanai, bez maksas",
               "trafficking hotline, free", "телефон доверия по торговле людьми, бесплатно",
               "телефон довіри щодо торгівлі людьми, безкоштовно")
PHONES = [
    (DROSA, "+371 67898343", OLD_HOTLINE, NEW_HOTLINE, True),
    (DROSA, "+371 28612120", OLD_HOTLINE, NEW_HOTLINE, True),
    (POLICE, "112",
     ("ārkārtas palīdzība, 24/7", "emergency, 24/7", "экстренная помощь, круглосуточно", "екстрена допомога, цілодобово"),
     ("vienotais ārkārtas palīdzības numurs", "single emergency number", "единый номер экстренной помощи",
      "єдиний номер екстреної допомоги"),
     False),
    (POLICE, "110",
     ("Valsts policija, 24/7", "State Police, 24/7", "Государственная полиция, круглосуточно",
      "Державна поліція, цілодобово"),
     ("Valsts policija", "State Police", "Государственная полиция", "Державна поліція"),
     True),
    (CONSULAR, "+371 26337711",
     ("diennakts tālrunis ārkārtas situācijām", "24/7 line for emergencies",
      "круглосуточный телефон для экстренных случаев", "цілодобовий телефон для надзвичайних ситуацій"),
     ("tālrunis ārkārtas situācijām", "line for emergencies", "телефон для экстренных случаев",
      "телефон для надзвичайних ситуацій"),
     True),
]

# Descriptions that said more than the sources do, by the Latvian text the first migration gave.
DESCRIPTIONS = {
    CONSULAR: (
        "Palīdzība Latvijas valstspiederīgajiem ārkārtas situācijās ārzemēs, arī ja esat palicis bez dokumentiem "
        "vai jūs tur pret jūsu gribu.",
        (
            "Palīdzība ārkārtas situācijās ārzemēs. Diennakts tālrunis ir tikai ārkārtas situācijām; "
            "konsultatīvais tālrunis nav diennakts.",
            "Help in emergencies abroad. Only the emergency number answers 24/7; the advice line does not.",
            "Помощь в чрезвычайных ситуациях за границей. Круглосуточно работает только номер для экстренных "
            "случаев; консультационный телефон — нет.",
            "Допомога в надзвичайних ситуаціях за кордоном. Цілодобово працює лише номер для надзвичайних "
            "ситуацій; консультаційний телефон — ні.",
        ),
    ),
    VDI: (
        "Palīdz, ja darba devējs pārkāpj darba tiesības: nemaksā algu, atņem dokumentus, liek strādāt bez "
        "līguma. Ziņot var arī anonīmi.",
        (
            "Par darba devēja pārkāpumu var ziņot personīgi jebkurā Valsts darba inspekcijā, pa pastu vai ar "
            "e-parakstu; anonīmi — inspekcijas tīmekļvietnē vai pa anonīmo uzticības tālruni.",
            "You can report an employer's breach in person at any State Labour Inspectorate office, by post or "
            "with an e-signature; anonymously on the Inspectorate's website or on the anonymous line.",
            "О нарушении со стороны работодателя можно сообщить лично в любой Государственной инспекции труда, "
            "по почте или с электронной подписью; анонимно — на сайте инспекции или по анонимному телефону.",
            "Про порушення з боку роботодавця можна повідомити особисто в будь-якій Державній інспекції праці, "
            "поштою або з електронним підписом; анонімно — на сайті інспекції або за анонімним телефоном.",
        ),
    ),
    MARTA: (
        "Konsultācijas un atbalsts sievietēm, arī tām, kas cietušas cilvēku tirdzniecībā vai fiktīvā laulībā.",
        (
            "Resursu centrs sievietēm: konsultatīvais tālrunis un bezmaksas informatīvais tālrunis darba dienās "
            "10:00–18:00.",
            "A resource centre for women: an advice line, and a free information line on working days "
            "10:00–18:00.",
            "Ресурсный центр для женщин: консультационный телефон и бесплатная информационная линия в рабочие дни "
            "10:00–18:00.",
            "Ресурсний центр для жінок: консультаційний телефон і безкоштовна інформаційна лінія в робочі дні "
            "10:00–18:00.",
        ),
    ),
    DARDEDZE: (
        "Palīdz bērniem un ģimenēm, kas cietušas no vardarbības, un apmāca speciālistus.",
        (
            "Centrs pret vardarbību: viena no nevalstiskajām organizācijām, kas palīdz noziegumos cietušajiem.",
            "A centre against violence: one of the non-governmental organisations that help victims of crime.",
            "Центр против насилия: одна из неправительственных организаций, помогающих пострадавшим от "
            "преступлений.",
            "Центр проти насильства: одна з неурядових організацій, що допомагають постраждалим від злочинів.",
        ),
    ),
    SKALBES: (
        "Psiholoģisks atbalsts cilvēkiem krīzes situācijā.",
        (
            "Krīžu centrs: viena no nevalstiskajām organizācijām, kas palīdz noziegumos cietušajiem.",
            "A crisis centre: one of the non-governmental organisations that help victims of crime.",
            "Кризисный центр: одна из неправительственных организаций, помогающих пострадавшим от преступлений.",
            "Кризовий центр: одна з неурядових організацій, що допомагають постраждалим від злочинів.",
        ),
    ),
    IOM: (
        "Starptautiska organizācija, kas palīdz migrantiem un cilvēku tirdzniecībā cietušajiem, arī droši "
        "atgriezties mājās.",
        (
            "Ja domājat par darbu ārzemēs vai jums vajadzīga informācija par plānoto braucienu, varat sazināties "
            "ar šo organizāciju.",
            "If you are thinking of working abroad or need information about a planned trip, you can contact "
            "this organisation.",
            "Если вы думаете о работе за границей или вам нужна информация о планируемой поездке, можно "
            "обратиться в эту организацию.",
            "Якщо ви думаєте про роботу за кордоном або вам потрібна інформація про заплановану поїздку, можна "
            "звернутися до цієї організації.",
        ),
    ),
    VIDZEME: (
        "Biedrība Vidzemē, kas strādā cilvēku tirdzniecības novēršanā un informē sabiedrību un speciālistus.",
        (
            "Biedrība Madonas novadā, kas darbojas pret cilvēku tirdzniecību.",
            "An association in Madona municipality that works against human trafficking.",
            "Общество в Мадонском крае, которое действует против торговли людьми.",
            "Громадська організація в Мадонському краї, що діє проти торгівлі людьми.",
        ),
    ),
}


def forward(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServicePhone = apps.get_model("portal", "ServicePhone")
    services = {s.name: s for s in Service.objects.filter(name__in=[DROSA, POLICE, CONSULAR, VDI, MARTA, CHILDREN,
                                                                      DARDEDZE, SKALBES, IOM, VIDZEME])}

    def save(service, **changes):
        for name, value in changes.items():
            setattr(service, name, value)
        if changes:
            service.save(update_fields=list(changes))

    for name, url in WEBSITES.items():
        service = services.get(name)
        if service is not None and not service.website:
            save(service, website=url)
    for name, (url, labels) in ONLINE_ROUTES.items():
        service = services.get(name)
        if service is not None and not service.online_route_url:
            save(service, online_route_url=url,
                 **{f"online_route_{lang}": text for lang, text in zip(LANGS, labels, strict=True)})
    # Only single lines answer round the clock, not the organisations as a whole.
    for name in (POLICE, CONSULAR):
        service = services.get(name)
        if service is not None and service.is_24_7:
            save(service, is_24_7=False)
    drosa = services.get(DROSA)
    if drosa is not None:
        changes = {}
        if drosa.address == OLD_DROSA_ADDRESS:
            changes["address"] = NEW_DROSA_ADDRESS
        if not drosa.staff_note:
            changes["staff_note"] = DROSA_NOTE
        save(drosa, **changes)
    for name, (old_lv, texts) in DESCRIPTIONS.items():
        service = services.get(name)
        if service is not None and service.description_lv == old_lv:
            save(service, **{f"description_{lang}": text for lang, text in zip(LANGS, texts, strict=True)})
    children = services.get(CHILDREN)
    if children is not None and children.holiday_hours_published:
        save(children, holiday_hours_published=False)
    for name, number, old, new, all_hours in PHONES:
        service = services.get(name)
        if service is None:
            continue
        for phone in ServicePhone.objects.filter(service=service, number=number):
            changes = {}
            if tuple(getattr(phone, f"label_{lang}") for lang in LANGS) == old:
                changes.update({f"label_{lang}": text for lang, text in zip(LANGS, new, strict=True)})
            if phone.is_24_7 != all_hours:
                changes["is_24_7"] = all_hours
            for field, value in changes.items():
                setattr(phone, field, value)
            if changes:
                phone.save(update_fields=list(changes))


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_directory_websites_online_routes_and_24_7_lines")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
