"""Loading the initial content (``initial_pages.PAGES``) into Wagtail, in all four languages.

Called after every ``migrate`` (post_migrate; so a fresh install and every test database has the
public content) and by ``build_content_demo``. Idempotent: once a content root exists nothing is
touched, so editors' changes are never overwritten. Latvian pages are the source; the other
languages are made through wagtail-localize (a ``Translation`` with every segment translated), so
editors see and edit them side by side with the Latvian text.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections import defaultdict

from django.db import transaction

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "lv"
TARGET_LANGUAGES = ("en", "ru", "uk")
BLOCK_NAMESPACE = uuid.UUID("6f1d5a4e-3c1b-4e55-9a57-0d5c2f0e1a11")


class ContentMismatch(Exception):
    """A translation does not have the same segments as its Latvian source."""


def _rich(text: str) -> str:
    """Plain lines to Wagtail rich text: ``- `` lines make a bulleted list, others paragraphs."""
    out: list[str] = []
    items: list[str] = []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.split("\n"):
        if line.startswith("- "):
            items.append(line[2:])
        else:
            flush()
            if line.strip():
                out.append(f"<p>{html.escape(line)}</p>")
    flush()
    return "".join(out)


def stream_data(slug: str, body: list[str]) -> list[dict]:
    """The StreamField raw data for a body, block ids derived from the slug (the same in every
    language, which is how the segments of a translation line up with the source's)."""
    data = []
    for index, item in enumerate(body):
        block_id = str(uuid.uuid5(BLOCK_NAMESPACE, f"{slug}:{index}"))
        if item.startswith("## "):
            data.append({"type": "heading", "value": item[3:], "id": block_id})
        elif item.startswith("! "):
            heading, _, text = item[2:].partition(" | ")
            data.append({"type": "callout", "value": {"heading": heading, "text": _rich(text)}, "id": block_id})
        else:
            data.append({"type": "paragraph", "value": _rich(item), "id": block_id})
    return data


def _fields(spec: dict, language: str) -> dict:
    title, summary, body = spec[language]
    fields = {"title": title, "slug": spec["slug"]}
    if spec["kind"] == "info":
        fields.update(summary=summary, body=stream_data(spec["slug"], body))
    else:
        fields["intro"] = summary
    return fields


def _page_class(kind: str):
    from .models import EventIndexPage, InfoPage, NewsIndexPage

    return {"info": InfoPage, "news_index": NewsIndexPage, "event_index": EventIndexPage}[kind]


def ensure_locales() -> dict:
    from wagtail.models import Locale

    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in (SOURCE_LANGUAGE, *TARGET_LANGUAGES)}


def ensure_tree_root(locale):
    """Wagtail's invisible root page (gone after a test database is flushed)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(
                title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page)
            )
        )
    return root


def content_home():
    """The Latvian content root, or None."""
    from .models import InfoPage

    return InfoPage.objects.filter(depth=2, locale__language_code=SOURCE_LANGUAGE).first()


def translate_page(source_page, fields: dict, locale, user=None):
    """Translate a Latvian page into ``locale`` through wagtail-localize: ``fields`` are the
    page's translatable fields in that language, with the source's structure (block ids)."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
    from wagtail_localize.segments import StringSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)

    target = source_page.specific_class(**fields)
    wanted: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(target):
        if isinstance(segment, StringSegmentValue):
            wanted[segment.path].append(segment.string.data)
    used: dict[str, int] = defaultdict(int)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order"):
        path = segment.context.path
        try:
            data = wanted[path][used[path]]
        except IndexError:
            raise ContentMismatch(f"{source_page.slug} ({locale.language_code}): no text for {path}") from None
        used[path] += 1
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": data, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    leftover = {path: len(texts) - used[path] for path, texts in wanted.items() if len(texts) != used[path]}
    if leftover:
        raise ContentMismatch(f"{source_page.slug} ({locale.language_code}): extra text for {leftover}")
    # A draft first, published here and now: wagtail-localize would publish only when the outer
    # transaction commits, which a migration or a test may never do.
    translation.save_target(user=user, publish=False)
    translated = source_page.get_translation(locale)
    translated.get_latest_revision().publish(user=user)
    return source_page.get_translation(locale)


def build_initial_content(user=None):
    """Create the content tree in Latvian and translate it; returns the Latvian content root."""
    from wagtail.models import Page, Site

    from .initial_pages import PAGES

    locales = ensure_locales()
    root = ensure_tree_root(locales[SOURCE_LANGUAGE])
    created: dict[str, Page] = {}
    for spec in PAGES:
        parent = root if spec["parent"] is None else created[spec["parent"]]
        page = _page_class(spec["kind"])(locale=locales[SOURCE_LANGUAGE], **_fields(spec, SOURCE_LANGUAGE))
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True).publish(user=user)
        created[spec["slug"]] = page
    home = created[PAGES[0]["slug"]]
    # Wagtail's own "Welcome" page from its first migration goes; the site serves our root.
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Atbalsts")
    else:
        site.root_page = home
        site.site_name = site.site_name or "Atbalsts"
        site.save()
    if old_root is not None and old_root.pk != home.pk and old_root.specific_class is Page and old_root.is_leaf():
        old_root.delete()
    for spec in PAGES:
        for code in TARGET_LANGUAGES:
            translate_page(created[spec["slug"]], _fields(spec, code), locales[code], user=user)
    fix_child_counts(root)
    return home


def fix_child_counts(root) -> None:
    """wagtail-localize, creating translated children one after the other in one process, leaves
    the translated parents' ``numchild`` (treebeard's cached count) at 0, which hides the children
    from routing. Recount the tree under the root."""
    from wagtail.models import Page

    for page in Page.objects.filter(path__startswith=root.path).only("pk", "path", "depth", "numchild"):
        count = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        if count != page.numchild:
            Page.objects.filter(pk=page.pk).update(numchild=count)


def ensure_initial_content(sender=None, using="default", plan=None, **kwargs):
    """post_migrate receiver (and a plain function): load the content unless it is there.

    After ``flush`` (Django's test cases that empty the database) the signal comes without a
    migration plan: nothing is loaded then, as for the portal's seeded directory."""
    if using != "default" or (sender is not None and plan is None):
        return None
    home = content_home()
    if home is not None:
        return home
    with transaction.atomic(using=using):
        home = build_initial_content()
    # Again once committed: work Wagtail defers to the commit saves the translated roots once more.
    fix_child_counts(home.get_parent())
    logger.info("Loaded the portal's initial content in %s", ", ".join((SOURCE_LANGUAGE, *TARGET_LANGUAGES)))
    return home
