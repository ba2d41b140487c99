"""Demo content for the portal: synthetic news and events in lv, en, ru and uk.

``build_content_demo(today)``
    Makes sure the initial content exists, then adds three news items (dated shortly before
    ``today``) and four events: two in ``today``'s month and two in the next, in Riga time.
    Every item is written in Latvian and translated through wagtail-localize. Idempotent: an item
    whose slug already exists is left alone. Returns ``{"news": [...], "events": [...]}`` with the
    Latvian pages.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .initial import SOURCE_LANGUAGE, TARGET_LANGUAGES, ensure_initial_content, ensure_locales, stream_data
from .initial import fix_child_counts as _fix_child_counts
from .initial import translate_page as _translate
from .models import RIGA, EventIndexPage, EventPage, NewsIndexPage, NewsPage, shift_month

NEWS = [
    {
        "slug": "demo-training-for-social-workers",
        "days_ago": 2,
        "lv": ("Apmācības sociālajiem darbiniekiem (demo)", "Trīs novadu sociālie dienesti mācījās atpazīt "
               "cilvēku tirdzniecības pazīmes.", ["Demonstrācijas ziņa. Apmācībās runāja par sarunām ar "
               "cilvēkiem, kas atgriezušies no darba ārzemēs."]),
        "en": ("Training for social workers (demo)", "Social services from three municipalities learned to "
               "recognise the signs of trafficking.", ["A demonstration item. The training covered talking "
               "with people who have come back from work abroad."]),
        "ru": ("Обучение для социальных работников (демо)", "Социальные службы трёх краёв учились распознавать "
               "признаки торговли людьми.", ["Демонстрационная новость. На обучении говорили о беседах с "
               "людьми, вернувшимися с работы за границей."]),
        "uk": ("Навчання для соціальних працівників (демо)", "Соціальні служби трьох країв вчилися "
               "розпізнавати ознаки торгівлі людьми.", ["Демонстраційна новина. На навчанні говорили про "
               "розмови з людьми, які повернулися з роботи за кордоном."]),
    },
    {
        "slug": "demo-job-offers-online",
        "days_ago": 9,
        "lv": ("Uzmanīgi ar darba piedāvājumiem internetā (demo)", "Piedāvājums strādāt ārzemēs bez valodas "
               "un dokumentiem ir brīdinājuma zīme.", ["Demonstrācijas ziņa. Pirms brauciena pārbaudiet darba "
               "devēju un atstājiet dokumentu kopijas tuviniekiem."]),
        "en": ("Careful with job offers online (demo)", "An offer to work abroad without language or "
               "documents is a warning sign.", ["A demonstration item. Before you travel, check the employer "
               "and leave copies of your documents with someone close."]),
        "ru": ("Осторожно с предложениями работы в интернете (демо)", "Предложение работать за границей без "
               "языка и документов — тревожный знак.", ["Демонстрационная новость. Перед поездкой проверьте "
               "работодателя и оставьте копии документов близким."]),
        "uk": ("Обережно з пропозиціями роботи в інтернеті (демо)", "Пропозиція працювати за кордоном без мови "
               "й документів — тривожний знак.", ["Демонстраційна новина. Перед поїздкою перевірте "
               "роботодавця і залиште копії документів близьким."]),
    },
    {
        "slug": "demo-hotline-languages",
        "days_ago": 20,
        # The portal itself is in four languages; nothing is claimed about the languages a hotline speaks.
        "lv": ("Bērnu uzticības tālrunim var arī rakstīt (demo)", "Bērni un pusaudži var uzrakstīt tālrunim "
               "116111; atbilde trīs dienu laikā.", ["Demonstrācijas ziņa. Šajā vietnē rakstīt var arī "
               "anonīmi."]),
        "en": ("You can also write to the children's helpline (demo)", "Children and teenagers can write to "
               "116111; the answer comes within three days.", ["A demonstration item. You can also write "
               "anonymously on this site."]),
        "ru": ("Детскому телефону доверия можно и написать (демо)", "Дети и подростки могут написать на "
               "116111; ответ в течение трёх дней.", ["Демонстрационная новость. На этом сайте написать можно "
               "и анонимно."]),
        "uk": ("Дитячому телефону довіри можна й написати (демо)", "Діти та підлітки можуть написати на "
               "116111; відповідь протягом трьох днів.", ["Демонстраційна новина. На цьому сайті написати "
               "можна й анонімно."]),
    },
]

EVENTS = [
    # (slug, month offset, day, start hour, hours, texts)
    {
        "slug": "demo-seminar-municipal-services",
        "month": 0, "day": 10, "hour": 10, "hours": 3,
        "lv": ("Seminārs pašvaldību sociālajiem dienestiem (demo)", "Rīga, Demo iela 1",
               "Kā atpazīt un nosūtīt cilvēku tirdzniecības upurus.", ["Demonstrācijas pasākums."]),
        "en": ("Seminar for municipal social services (demo)", "Rīga, Demo iela 1",
               "How to identify and refer victims of trafficking.", ["A demonstration event."]),
        "ru": ("Семинар для муниципальных социальных служб (демо)", "Рига, Demo iela 1",
               "Как распознать и направить пострадавших от торговли людьми.", ["Демонстрационное мероприятие."]),
        "uk": ("Семінар для муніципальних соціальних служб (демо)", "Рига, Demo iela 1",
               "Як розпізнати і скерувати постраждалих від торгівлі людьми.", ["Демонстраційний захід."]),
    },
    {
        "slug": "demo-info-day-students",
        "month": 0, "day": 24, "hour": 14, "hours": 2,
        "lv": ("Informācijas diena skolēniem (demo)", "Jelgava, Demo skola",
               "Droši darba meklējumi ārzemēs.", ["Demonstrācijas pasākums."]),
        "en": ("Information day for pupils (demo)", "Jelgava, Demo school",
               "Looking for work abroad safely.", ["A demonstration event."]),
        "ru": ("Информационный день для школьников (демо)", "Елгава, Demo школа",
               "Безопасный поиск работы за границей.", ["Демонстрационное мероприятие."]),
        "uk": ("Інформаційний день для школярів (демо)", "Єлгава, Demo школа",
               "Безпечний пошук роботи за кордоном.", ["Демонстраційний захід."]),
    },
    {
        "slug": "demo-hotline-operators-training",
        "month": 1, "day": 5, "hour": 9, "hours": 30,
        "lv": ("Apmācības uzticības tālruņu operatoriem (demo)", "Tiešsaistē",
               "Divu dienu apmācības par starptautisko nosūtīšanu.", ["Demonstrācijas pasākums."]),
        "en": ("Training for hotline operators (demo)", "Online",
               "Two days of training on international referral.", ["A demonstration event."]),
        "ru": ("Обучение операторов телефонов доверия (демо)", "Онлайн",
               "Двухдневное обучение о международном направлении.", ["Демонстрационное мероприятие."]),
        "uk": ("Навчання операторів телефонів довіри (демо)", "Онлайн",
               "Дводенне навчання щодо міжнародного скерування.", ["Демонстраційний захід."]),
    },
    {
        "slug": "demo-conference",
        "month": 1, "day": 18, "hour": 11, "hours": 5,
        "lv": ("Konference par cilvēku tirdzniecības novēršanu (demo)", "Rīga, Demo zāle",
               "Konference speciālistiem.", ["Demonstrācijas pasākums."]),
        "en": ("Conference on preventing trafficking (demo)", "Rīga, Demo hall",
               "A conference for professionals.", ["A demonstration event."]),
        "ru": ("Конференция по предотвращению торговли людьми (демо)", "Рига, Demo зал",
               "Конференция для специалистов.", ["Демонстрационное мероприятие."]),
        "uk": ("Конференція із запобігання торгівлі людьми (демо)", "Рига, Demo зала",
               "Конференція для фахівців.", ["Демонстраційний захід."]),
    },
]


def _news_fields(spec: dict, language: str) -> dict:
    title, summary, body = spec[language]
    return {"title": title, "slug": spec["slug"], "summary": summary, "body": stream_data(spec["slug"], body)}


def _event_fields(spec: dict, language: str) -> dict:
    title, place, summary, body = spec[language]
    return {"title": title, "slug": spec["slug"], "place": place, "summary": summary,
            "body": stream_data(spec["slug"], body)}


def event_times(spec: dict, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = shift_month(today.replace(day=1), spec["month"])
    start = dt.datetime.combine(first.replace(day=spec["day"]), dt.time(spec["hour"]), tzinfo=RIGA)
    return start, start + dt.timedelta(hours=spec["hours"])


def build_content_demo(today: dt.date) -> dict[str, list]:
    ensure_initial_content()
    locales = ensure_locales()
    source = locales[SOURCE_LANGUAGE]
    news_index = NewsIndexPage.objects.get(locale=source)
    events_index = EventIndexPage.objects.get(locale=source)
    made: dict[str, list] = {"news": [], "events": []}
    with transaction.atomic():
        for spec in NEWS:
            page = NewsPage.objects.child_of(news_index).filter(slug=spec["slug"]).first()
            if page is None:
                page = NewsPage(locale=source, date=today - dt.timedelta(days=spec["days_ago"]),
                                **_news_fields(spec, SOURCE_LANGUAGE))
                news_index.add_child(instance=page)
                page.save_revision().publish()
                for code in TARGET_LANGUAGES:
                    _translate(page, _news_fields(spec, code), locales[code])
            made["news"].append(page)
        for spec in EVENTS:
            page = EventPage.objects.child_of(events_index).filter(slug=spec["slug"]).first()
            if page is None:
                start, end = event_times(spec, today)
                page = EventPage(locale=source, start=start, end=end, **_event_fields(spec, SOURCE_LANGUAGE))
                events_index.add_child(instance=page)
                page.save_revision().publish()
                for code in TARGET_LANGUAGES:
                    _translate(page, _event_fields(spec, code), locales[code])
            made["events"].append(page)
    _fix_child_counts(news_index.get_parent().get_parent())
    return made
