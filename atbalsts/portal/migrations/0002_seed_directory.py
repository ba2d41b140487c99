"""The initial directory of help: public organisations' published contact data (domain §9,
seeds 001 and 003), in four languages. Staff edit it in the admin afterwards.

A data migration: it uses the historical models only, never the app's code."""

import datetime

from django.db import migrations

T = datetime.time

HOTLINE_24_7 = ("uzticības tālrunis, 24/7, bez maksas", "hotline, 24/7, free", "телефон доверия, круглосуточно, бесплатно", "телефон довіри, цілодобово, безкоштовно")
ADVICE = ("konsultācijas", "advice", "консультации", "консультації")
FREE = ("bez maksas", "free", "бесплатно", "безкоштовно")
NONE = ("", "", "", "")

WEEKDAYS = (0, 1, 2, 3, 4)

DIRECTORY = [
    {
        "name": "Patvērums \"Drošā māja\"",
        "kind": "hotline",
        "address": "Lāčplēša iela 75-1, Rīga, LV-1011",
        "email": "drosa.maja@apollo.lv",
        "is_24_7": True,
        "closed_on_public_holidays": False,
        "is_free": True,
        "phones": [("+371 67898343", HOTLINE_24_7), ("+371 28612120", HOTLINE_24_7)],
        "situations": ["abroad", "labour", "sexual", "sham_marriage", "professional"],
        "description": (
            "Biedrība, kas palīdz cilvēku tirdzniecībā cietušajiem un uztur diennakts uzticības tālruni cilvēku tirdzniecības mazināšanai. Zvans ir bez maksas.",
            "An association that helps people harmed by human trafficking and runs the 24-hour trafficking hotline. Calls are free.",
            "Общество, которое помогает пострадавшим от торговли людьми и круглосуточно ведёт телефон доверия. Звонок бесплатный.",
            "Громадська організація, що допомагає постраждалим від торгівлі людьми та цілодобово веде телефон довіри. Дзвінок безкоштовний.",
        ),
    },
    {
        "name": "Valsts policija",
        "kind": "police",
        "is_24_7": True,
        "closed_on_public_holidays": False,
        "is_free": True,
        "phones": [
            ("112", ("ārkārtas palīdzība, 24/7", "emergency, 24/7", "экстренная помощь, круглосуточно", "екстрена допомога, цілодобово")),
            ("110", ("Valsts policija, 24/7", "State Police, 24/7", "Государственная полиция, круглосуточно", "Державна поліція, цілодобово")),
            ("67075372", ("Organizētās noziedzības apkarošanas pārvalde", "Organised Crime Enforcement Department", "Управление по борьбе с организованной преступностью", "Управління боротьби з організованою злочинністю")),
        ],
        "situations": ["abroad", "child", "labour", "sexual", "sham_marriage", "professional"],
        "description": (
            "Ziņot par noziegumu var jebkurā Valsts policijas iecirknī, pa pastu vai pa tālruni. Ja palīdzība vajadzīga tūlīt, zvaniet 112 vai 110.",
            "You can report a crime at any State Police station, by post or by phone. If you need help right away, call 112 or 110.",
            "Сообщить о преступлении можно в любом участке Государственной полиции, по почте или по телефону. Если помощь нужна немедленно, звоните 112 или 110.",
            "Повідомити про злочин можна в будь-якій дільниці Державної поліції, поштою або телефоном. Якщо допомога потрібна негайно, телефонуйте 112 або 110.",
        ),
    },
    {
        "name": "Ārlietu ministrijas Konsulārais departaments",
        "kind": "consular",
        "address": "Elizabetes iela 57, Rīga, LV-1050",
        "email": "palidziba@mfa.gov.lv",
        "is_24_7": True,
        "closed_on_public_holidays": False,
        "phones": [
            ("+371 67016364", ADVICE),
            ("+371 26337711", ("diennakts tālrunis ārkārtas situācijām", "24/7 line for emergencies", "круглосуточный телефон для экстренных случаев", "цілодобовий телефон для надзвичайних ситуацій")),
        ],
        "situations": ["abroad", "sham_marriage"],
        "description": (
            "Palīdzība Latvijas valstspiederīgajiem ārkārtas situācijās ārzemēs, arī ja esat palicis bez dokumentiem vai jūs tur pret jūsu gribu.",
            "Help for Latvian nationals in emergencies abroad, also when you are left without documents or held against your will.",
            "Помощь гражданам Латвии в чрезвычайных ситуациях за границей, в том числе если вы остались без документов или вас удерживают против вашей воли.",
            "Допомога громадянам Латвії в надзвичайних ситуаціях за кордоном, зокрема якщо ви залишилися без документів або вас утримують проти вашої волі.",
        ),
    },
    {
        "name": "Valsts darba inspekcija",
        "kind": "labour_inspectorate",
        "address": "Kr. Valdemāra iela 38 k-1, Rīga, LV-1010",
        "email": "vdi@vdi.gov.lv",
        "phones": [
            ("67186522", ADVICE),
            ("67186523", ADVICE),
            ("67312176", ("anonīmais uzticības tālrunis", "anonymous line", "анонимный телефон доверия", "анонімна лінія довіри")),
        ],
        "situations": ["labour", "professional"],
        "description": (
            "Palīdz, ja darba devējs pārkāpj darba tiesības: nemaksā algu, atņem dokumentus, liek strādāt bez līguma. Ziņot var arī anonīmi.",
            "Helps when an employer breaks labour law: unpaid wages, documents taken away, work without a contract. You can also report anonymously.",
            "Помогает, если работодатель нарушает трудовые права: не платит зарплату, забирает документы, заставляет работать без договора. Сообщить можно и анонимно.",
            "Допомагає, якщо роботодавець порушує трудові права: не платить зарплату, забирає документи, змушує працювати без договору. Повідомити можна й анонімно.",
        ),
    },
    {
        "name": "Resursu centrs sievietēm \"Marta\"",
        "kind": "ngo",
        "address": "Matīsa iela 49-3, Rīga, LV-1009",
        "email": "centrs@marta.lv",
        "is_free": True,
        "phones": [
            ("8000 2012", ("informatīvais tālrunis, darba dienās 10:00–18:00, bez maksas", "information line, weekdays 10:00–18:00, free", "информационная линия, по будням 10:00–18:00, бесплатно", "інформаційна лінія, у робочі дні 10:00–18:00, безкоштовно")),
            ("67378539", ADVICE),
        ],
        "hours": [(day, T(10), T(18)) for day in WEEKDAYS],
        "situations": ["sexual", "sham_marriage", "professional"],
        "description": (
            "Konsultācijas un atbalsts sievietēm, arī tām, kas cietušas cilvēku tirdzniecībā vai fiktīvā laulībā.",
            "Advice and support for women, including those harmed by trafficking or a sham marriage.",
            "Консультации и поддержка для женщин, в том числе пострадавших от торговли людьми или фиктивного брака.",
            "Консультації та підтримка для жінок, зокрема тих, хто постраждав від торгівлі людьми або фіктивного шлюбу.",
        ),
    },
    {
        "name": "Bērnu un pusaudžu uzticības tālrunis",
        "kind": "childrens_helpline",
        "email": "uzticibaspasts116111@bti.gov.lv",
        "is_free": True,
        "phones": [("116111", FREE)],
        "hours": [(day, T(8), T(23)) for day in WEEKDAYS] + [(5, T(8), T(22)), (6, T(10), T(22))],
        "situations": ["child"],
        "description": (
            "Bērniem un pusaudžiem, kam vajadzīgs psiholoģisks atbalsts vai palīdzība krīzē. Var arī rakstīt — atbilde trīs dienu laikā.",
            "For children and teenagers who need someone to talk to or help in a crisis. You can also write — the answer comes within three days.",
            "Для детей и подростков, которым нужна психологическая поддержка или помощь в кризисе. Можно и написать — ответ придёт в течение трёх дней.",
            "Для дітей і підлітків, яким потрібна психологічна підтримка або допомога в кризі. Можна й написати — відповідь надійде протягом трьох днів.",
        ),
    },
    {
        "name": "Centrs pret vardarbību \"Dardedze\"",
        "kind": "ngo",
        "address": "Cieceres iela 3a, Rīga, LV-1002",
        "phones": [("+371 67600686", NONE)],
        "situations": ["child", "professional"],
        "description": (
            "Palīdz bērniem un ģimenēm, kas cietušas no vardarbības, un apmāca speciālistus.",
            "Helps children and families affected by violence, and trains professionals.",
            "Помогает детям и семьям, пострадавшим от насилия, и обучает специалистов.",
            "Допомагає дітям і родинам, які постраждали від насильства, та навчає фахівців.",
        ),
    },
    {
        "name": "Krīžu centrs \"Skalbes\"",
        "kind": "ngo",
        "address": "Kungu iela 34, Rīga, LV-1050",
        "phones": [("+371 67222922", NONE)],
        "situations": ["sexual"],
        "description": (
            "Psiholoģisks atbalsts cilvēkiem krīzes situācijā.",
            "Emotional support for people in a crisis.",
            "Психологическая поддержка людям в кризисной ситуации.",
            "Психологічна підтримка людям у кризовій ситуації.",
        ),
    },
    {
        "name": "Starptautiskās Migrācijas organizācijas (IOM) Rīgas birojs",
        "kind": "other",
        "address": "Pils iela 21, Rīga, LV-1167",
        "phones": [("+371 67503626", NONE)],
        "situations": ["abroad", "professional"],
        "description": (
            "Starptautiska organizācija, kas palīdz migrantiem un cilvēku tirdzniecībā cietušajiem, arī droši atgriezties mājās.",
            "An international organisation that helps migrants and people harmed by trafficking, including to return home safely.",
            "Международная организация, которая помогает мигрантам и пострадавшим от торговли людьми, в том числе безопасно вернуться домой.",
            "Міжнародна організація, що допомагає мігрантам і постраждалим від торгівлі людьми, зокрема безпечно повернутися додому.",
        ),
    },
    {
        "name": "Par brīvu Vidzemi no cilvēku tirdzniecības",
        "kind": "ngo",
        "address": "\"Divupes\", Bērzaunes pagasts, Madonas novads, LV-4853",
        "email": "pbvnct@tvnet.lv",
        "phones": [("29640078", NONE)],
        "situations": ["professional"],
        "description": (
            "Biedrība Vidzemē, kas strādā cilvēku tirdzniecības novēršanā un informē sabiedrību un speciālistus.",
            "An association in Vidzeme that works to prevent human trafficking and informs the public and professionals.",
            "Общество в Видземе, которое занимается предотвращением торговли людьми и информирует общество и специалистов.",
            "Громадська організація у Відземе, що працює над запобіганням торгівлі людьми та інформує суспільство і фахівців.",
        ),
    },
]

LANGS = ("lv", "en", "ru", "uk")


def load(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    ServicePhone = apps.get_model("portal", "ServicePhone")
    OpeningHours = apps.get_model("portal", "OpeningHours")
    ServiceSituation = apps.get_model("portal", "ServiceSituation")
    for position, entry in enumerate(DIRECTORY, start=1):
        if Service.objects.filter(name=entry["name"]).exists():
            continue
        service = Service.objects.create(
            name=entry["name"],
            kind=entry["kind"],
            address=entry.get("address", ""),
            email=entry.get("email", ""),
            languages="lv",
            is_24_7=entry.get("is_24_7", False),
            closed_on_public_holidays=entry.get("closed_on_public_holidays", True),
            is_free=entry.get("is_free", False),
            position=position * 10,
            **{f"description_{lang}": text for lang, text in zip(LANGS, entry["description"], strict=True)},
        )
        for index, (number, labels) in enumerate(entry["phones"]):
            ServicePhone.objects.create(
                service=service,
                number=number,
                position=index,
                **{f"label_{lang}": text for lang, text in zip(LANGS, labels, strict=True)},
            )
        for weekday, opens, closes in entry.get("hours", []):
            OpeningHours.objects.create(service=service, weekday=weekday, opens=opens, closes=closes)
        for code in entry["situations"]:
            ServiceSituation.objects.create(service=service, code=code)


def unload(apps, schema_editor):
    Service = apps.get_model("portal", "Service")
    Service.objects.filter(name__in=[entry["name"] for entry in DIRECTORY]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_directory_and_anonymous_reports")]

    operations = [migrations.RunPython(load, unload)]
