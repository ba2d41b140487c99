from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from atbalsts.audit import checkpoints
from atbalsts.audit.log import record, verify
from atbalsts.audit.models import Action, Purpose
from atbalsts.lib.rotation import reencrypt_all
from atbalsts.people.models import Client
from atbalsts.people.services import reindex


class Command(BaseCommand):
    help = (
        "Re-encrypt all personal data under the first key of ATBALSTS_FIELD_KEYS and rebuild the "
        "search index under the first key of ATBALSTS_SEARCH_KEYS. Put the new key first, keep "
        "the old ones after it, run this, then remove the old keys. The same for ATBALSTS_AUDIT_KEYS: "
        "the audit chain is checked first, and the rotation event and a checkpoint signed with the new "
        "key then vouch for every older event, so the old audit key can go too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--skip-search-index", action="store_true", help="Only re-encrypt.")

    def handle(self, *args, skip_search_index=False, **options):
        # Once the old audit key is removed, older events are vouched for only by what is signed
        # with the new one: never sign over a chain that is already broken.
        problems = verify()
        if problems:
            for p in problems[:20]:
                self.stderr.write(f"event {p.seq}: {p.message}")
            raise CommandError("The audit trail does not verify; keys were not rotated (see `audit verify`).")
        with transaction.atomic():
            counts = reencrypt_all()
            rebuilt = 0
            if not skip_search_index:
                for client in Client.objects.iterator(chunk_size=500):
                    reindex(client)
                    rebuilt += 1
            record(
                None,
                Action.KEY_ROTATION,
                object_type="system",
                purpose=Purpose.MAINTENANCE,
                detail={
                    "values": sum(counts.values()),
                    "clients_reindexed": rebuilt,
                    "field_keys": len(settings.FIELD_ENCRYPTION_KEYS),
                    "audit_keys": len(settings.AUDIT_KEYS),
                },
            )
        sealed = checkpoints.write()
        for column, n in counts.items():
            self.stdout.write(f"{column}: {n}")
        self.stdout.write(f"Re-encrypted {sum(counts.values())} values; reindexed {rebuilt} clients.")
        for cp in sealed:
            self.stdout.write(f"Audit chain {cp.chain} checkpointed at event {cp.seq} under the newest audit key.")
