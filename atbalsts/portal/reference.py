"""Reference codes a reporter keeps to add information later: random and easy to read aloud."""

import secrets

# No 0/O, 1/I/L, 5/S or 8/B pairs that are confused on the phone or in handwriting.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
LENGTH = 10


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(text: str) -> str:
    """What the person typed, without spaces or dashes, in capitals (``abcde-fghjk`` works)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def display_reference(reference: str) -> str:
    return f"{reference[:5]}-{reference[5:]}"
