"""Print this instance's public keys (JWK) for a partner to register, or generate a new key pair."""

from django.core.management.base import BaseCommand

from atbalsts.federation import packages, services


class Command(BaseCommand):
    help = "Print this instance's federation id and public keys (JWK) as JSON, for a partner to register."

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true",
                            help="Print a NEW private key pair for ATBALSTS_FEDERATION_KEY instead (keep it secret).")

    def handle(self, *args, generate=False, **options):
        if generate:
            self.stdout.write(packages.OwnKeys.generate().to_json())
            return
        self.stdout.write(services.public_keys_document())
