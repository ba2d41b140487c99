from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the .po translation files to .mo without needing GNU gettext on the machine "
        "(Django's compilemessages needs msgfmt)."
    )

    def handle(self, *args, **options):
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        # Each Atbalsts app may carry its own catalogue (the portal has four languages).
        roots += [Path(app.path) / "locale" for app in apps.get_app_configs() if app.name.startswith("atbalsts.")]
        compiled = 0
        for root in roots:
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                try:
                    po = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} translation file(s).")
