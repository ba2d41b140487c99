"""``manage.py policy``: working-day deadlines and the rule set in force.

manage.py policy deadline --from 2025-04-30 --working-days 3   -> 2025-05-08
manage.py policy show [--on 2018-01-01]                        -> the rule set as JSON
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from atbalsts.policy.rules import RuleSetNotFound, ruleset_as_dict, ruleset_on
from atbalsts.policy.selectors import current_calendar


def _parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Working-day deadlines and the rules of the process in force."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{deadline,show}")

        deadline = sub.add_parser("deadline", help="The N-th working day after a date (YYYY-MM-DD).")
        deadline.add_argument("--from", dest="start", required=True, help="The start date, YYYY-MM-DD.")
        deadline.add_argument(
            "--working-days", dest="working_days", required=True, help="How many working days (0 or more)."
        )

        show = sub.add_parser("show", help="The rule set in force on a date, as JSON.")
        show.add_argument("--on", dest="on", default=None, help="The date, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "deadline":
            self._deadline(options)
        elif action == "show":
            self._show(options)
        else:  # pragma: no cover - argparse refuses other actions
            raise CommandError(f"Unknown action {action!r}.")

    def _deadline(self, options):
        start = _parse_date(options["start"], "--from")
        try:
            n = int(options["working_days"])
        except (TypeError, ValueError):
            raise CommandError(
                f"--working-days must be a whole number, not {options['working_days']!r}."
            ) from None
        if n < 0:
            raise CommandError("--working-days must not be negative.")
        deadline = current_calendar().add_working_days(start, n)
        self.stdout.write(deadline.isoformat())

    def _show(self, options):
        on = _parse_date(options["on"], "--on") if options["on"] else timezone.localdate()
        try:
            rs = ruleset_on(on)
        except RuleSetNotFound as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(ruleset_as_dict(rs), ensure_ascii=False, indent=2))
