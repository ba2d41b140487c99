"""The public portal's content pages, edited in Wagtail at /cms/ and served under /<lang>/info/.

Four page types: an information page (the tree's pages and its root), a news index with news
items, and an events index (a month calendar) with events. Every page exists in lv, en, ru and uk
(translations side by side in wagtail-localize). Nothing here holds personal data."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

RIGA = ZoneInfo("Europe/Riga")
# How many coming events the calendar lists below the month: enough for the next weeks, short
# enough for a phone.
UPCOMING_EVENTS = 10
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Highlighted box")
        template = "content/blocks/callout.html"


def body_field():
    return StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), template="content/blocks/heading.html")),
            ("paragraph", blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)),
            ("callout", CalloutBlock()),
        ],
        blank=True,
        verbose_name=_("Body"),
    )


class InfoPage(Page):
    """A plain information page; the content root (/<lang>/info/) is one too."""

    summary = models.TextField(_("Summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    body = body_field()

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page", "content.InfoPage"]
    subpage_types = ["content.InfoPage", "content.NewsIndexPage", "content.EventIndexPage"]
    template = "content/info_page.html"

    class Meta:
        verbose_name = _("Information page")
        verbose_name_plural = _("Information pages")

    @property
    def listing_summary(self) -> str:
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().public().specific()
        return context


class NewsIndexPage(Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.InfoPage"]
    subpage_types = ["content.NewsPage"]
    max_count_per_parent = 1
    template = "content/news_index_page.html"

    @property
    def listing_summary(self) -> str:
        return self.intro

    class Meta:
        verbose_name = _("News list")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = NewsPage.objects.child_of(self).live().public().order_by("-date", "-pk")
        return context


class NewsPage(Page):
    date = models.DateField(_("Date"), default=timezone.localdate)
    summary = models.TextField(_("Summary"))
    body = body_field()

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "content/news_page.html"

    class Meta:
        verbose_name = _("News item")
        verbose_name_plural = _("News items")


def parse_month(value: str | None, today: dt.date) -> dt.date:
    """``YYYY-MM`` from the address, else this month; out-of-range or malformed -> this month."""
    if value and len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        year, month = int(value[:4]), int(value[5:])
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    return today.replace(day=1)


def shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_grid(first: dt.date, events) -> list[list[dict | None]]:
    """Weeks (Monday first) of day cells: ``{"date", "events"}``, None outside the month. An event
    appears on every Riga calendar day it covers within the month."""
    by_day: dict[dt.date, list] = {}
    last = shift_month(first, 1) - dt.timedelta(days=1)
    for event in events:
        start = timezone.localtime(event.start, RIGA).date()
        end = timezone.localtime(event.end or event.start, RIGA).date()
        day = max(start, first)
        while day <= min(end, last):
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([{"date": d, "events": by_day.get(d, [])} if d.month == first.month else None for d in week])
    return weeks


class EventIndexPage(Page):
    """The calendar: a month at a time (``?month=YYYY-MM``), as a table, without JavaScript."""

    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.InfoPage"]
    subpage_types = ["content.EventPage"]
    max_count_per_parent = 1
    template = "content/event_index_page.html"

    @property
    def listing_summary(self) -> str:
        return self.intro

    class Meta:
        verbose_name = _("Events calendar")

    def events_in(self, first: dt.date):
        start = dt.datetime.combine(first, dt.time.min, tzinfo=RIGA)
        end = dt.datetime.combine(shift_month(first, 1), dt.time.min, tzinfo=RIGA)
        return (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .filter(start__lt=end, end__gte=start)
            .order_by("start", "pk")
        )

    def upcoming_events(self, today: dt.date, limit: int = UPCOMING_EVENTS):
        """The next events from ``today`` (a Riga date) on, whatever month the calendar shows:
        those still running today and those to come, soonest first, at most ``limit``."""
        start = dt.datetime.combine(today, dt.time.min, tzinfo=RIGA)
        return (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .filter(end__gte=start)
            .order_by("start", "pk")[: max(0, min(limit, UPCOMING_EVENTS))]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate(timezone=RIGA)
        first = parse_month(request.GET.get("month"), today)
        events = list(self.events_in(first))
        context.update(
            upcoming=list(self.upcoming_events(today)),
            month=first,
            previous_month=shift_month(first, -1),
            next_month=shift_month(first, 1),
            weeks=month_grid(first, events),
            events=events,
            today=today,
            weekdays=[dt.date(2024, 1, d) for d in range(1, 8)],  # 1 Jan 2024 was a Monday
        )
        return context


class EventPage(Page):
    start = models.DateTimeField(_("Starts"), help_text=_("Latvian time (Europe/Riga)."))
    end = models.DateTimeField(_("Ends"), help_text=_("Latvian time (Europe/Riga)."))
    place = models.CharField(_("Place"), max_length=255)
    summary = models.TextField(_("Summary"))
    body = body_field()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldPanel("place"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("place")]
    parent_page_types = ["content.EventIndexPage"]
    subpage_types: list[str] = []
    template = "content/event_page.html"

    class Meta:
        verbose_name = _("Event")
        verbose_name_plural = _("Events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})

    @property
    def month_param(self) -> str:
        return timezone.localtime(self.start, RIGA).strftime("%Y-%m")
