"""Register (or update) a partner hotline from the document its `federation_keys` printed."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from atbalsts.accounts.models import Organisation
from atbalsts.federation import services
from atbalsts.federation.catalogue import Country


class Command(BaseCommand):
    help = "Register a partner hotline: its keys document (from its `manage.py federation_keys`) and details."

    def add_arguments(self, parser):
        parser.add_argument("keys_file", help="the partner's keys document (JSON), or - for standard input")
        parser.add_argument("--country", required=True, choices=Country.values)
        parser.add_argument("--organisation", required=True)
        parser.add_argument("--base-url", default="", help="its Atbalsts instance; leave out for file exchange")
        parser.add_argument("--languages", default="", help="comma-separated ISO 639-1 codes")
        parser.add_argument("--hours", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--website", default="")
        parser.add_argument("--receiving-organisation", type=int, default=None,
                            help="id of our hotline organisation that receives this partner's referrals")

    def handle(self, *args, **o):
        import sys

        text = sys.stdin.read() if o["keys_file"] == "-" else Path(o["keys_file"]).read_text(encoding="utf-8")
        try:
            document = json.loads(text)
            code, keys = document["id"], document["keys"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError("The keys document is not what `manage.py federation_keys` prints.") from exc
        if code == services.own_id():
            raise CommandError("This is this instance's own document; register the partner's.")
        local = None
        if o["receiving_organisation"] is not None:
            local = Organisation.objects.filter(pk=o["receiving_organisation"]).first()
            if local is None:
                raise CommandError("No such organisation.")
        try:
            partner = services.register_partner(
                code=code, country=o["country"], organisation=o["organisation"][:200], keys=keys,
                base_url=o["base_url"], local_organisation=local,
                languages=[c.strip() for c in o["languages"].split(",") if c.strip()],
                hours=o["hours"][:100], phone=o["phone"][:100], email=o["email"][:200], website=o["website"][:200],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Registered partner {partner.code} ({partner.country}).")
