"""Sealing and opening federation packages (ADR 0020c).

A package is a JWS signed by the sender with its Ed25519 key (alg ``Ed25519``, RFC 9864), nested
inside a JWE encrypted for the recipient's X25519 key (``ECDH-ES`` key agreement, ``A256GCM``
content encryption): only the recipient can read it, and the recipient knows who wrote it and that
nobody changed it. The signed claims name the sender (``iss``), the recipient (``aud``), the
package's own id (``jti``), when it was issued (``iat``) and until when it is valid (``exp``).

This module knows nothing of the database: the caller gives the keys, the partner lookup and
the time ("now" is always passed in, so two machines with different clocks, and tests with a
frozen one, see the same rules). Every failure is a :class:`Refused` with a short code.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

SIGN_ALG = "Ed25519"
KEY_ALG = "ECDH-ES"
CONTENT_ALG = "A256GCM"
PACKAGE_TYPE = "atbalsts-federation+jwt"
KINDS = ("referral", "answer", "outcome", "ack")


class Refused(Exception):
    """A package we will not take; ``code`` says why (no personal data, safe to log)."""

    def __init__(self, code: str, sender: str = ""):
        self.code = code
        self.sender = sender
        super().__init__(code)


@dataclass(frozen=True)
class OwnKeys:
    sign: OKPKey
    encrypt: OKPKey

    @classmethod
    def from_json(cls, text: str) -> OwnKeys:
        data = json.loads(text)
        sign = OKPKey.import_key(data["sign"])
        encrypt = OKPKey.import_key(data["encrypt"])
        if not (sign.is_private and encrypt.is_private):
            raise ValueError("The federation key needs the private parts of both keys.")
        if sign.curve_name != "Ed25519" or encrypt.curve_name != "X25519":
            raise ValueError("The federation key needs an Ed25519 signing key and an X25519 encryption key.")
        return cls(sign=sign, encrypt=encrypt)

    @classmethod
    def generate(cls) -> OwnKeys:
        return cls(sign=OKPKey.generate_key("Ed25519"), encrypt=OKPKey.generate_key("X25519"))

    def to_json(self) -> str:
        return json.dumps({"sign": self.sign.as_dict(private=True), "encrypt": self.encrypt.as_dict(private=True)})

    def public(self) -> dict[str, dict]:
        return {"sign": public_jwk(self.sign, "sig"), "encrypt": public_jwk(self.encrypt, "enc")}


def public_jwk(key: OKPKey, use: str) -> dict[str, str]:
    jwk = key.as_dict(private=False)
    return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "use": use, "kid": key.thumbprint()}


def import_public(jwk: dict, curve: str) -> OKPKey:
    """A partner's public key; refuses a private key (nobody should ever hand us theirs) or a wrong curve."""
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != curve or "d" in jwk:
        raise ValueError(f"Expected a public {curve} key (JWK).")
    return OKPKey.import_key({"kty": "OKP", "crv": curve, "x": jwk.get("x", "")})


def _timestamp(at: datetime.datetime) -> int:
    return int(at.timestamp())


def seal(
    *,
    own: OwnKeys,
    sender: str,
    recipient: str,
    recipient_key: OKPKey,
    kind: str,
    body: dict[str, Any],
    now: datetime.datetime,
    lifetime: datetime.timedelta,
    jti: str | None = None,
) -> tuple[str, str]:
    """Sign ``body`` as ``sender`` and encrypt it for ``recipient``; returns (jti, package)."""
    if kind not in KINDS:
        raise ValueError(kind)
    jti = jti or uuid.uuid4().hex
    claims = {
        "iss": sender,
        "aud": recipient,
        "jti": jti,
        "iat": _timestamp(now),
        "exp": _timestamp(now + lifetime),
        "kind": kind,
        "body": body,
    }
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    signed = jws.serialize_compact(
        {"alg": SIGN_ALG, "kid": own.sign.thumbprint(), "typ": PACKAGE_TYPE}, payload, own.sign, algorithms=[SIGN_ALG]
    )
    package = jwe.encrypt_compact(
        {"alg": KEY_ALG, "enc": CONTENT_ALG, "kid": recipient_key.thumbprint(), "cty": "JWT"},
        signed.encode(),
        recipient_key,
        algorithms=[KEY_ALG, CONTENT_ALG],
    )
    return jti, package


def sign_only(*, own: OwnKeys, claims: dict[str, Any]) -> str:
    """A signed, unencrypted message: the acknowledgement, which carries no personal data."""
    payload = json.dumps(claims, separators=(",", ":"), sort_keys=True).encode()
    return jws.serialize_compact(
        {"alg": SIGN_ALG, "kid": own.sign.thumbprint(), "typ": PACKAGE_TYPE}, payload, own.sign, algorithms=[SIGN_ALG]
    )


def _header(segment: str) -> dict:
    import base64

    try:
        padded = segment + "=" * (-len(segment) % 4)
        header = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError):
        raise Refused("malformed") from None
    if not isinstance(header, dict):
        raise Refused("malformed")
    return header


def _unverified_claims(signed: str) -> dict:
    parts = signed.split(".")
    if len(parts) != 3:
        raise Refused("malformed")
    return _header(parts[1])


def open_package(
    package: str,
    *,
    own: OwnKeys,
    own_id: str,
    signing_key_of: Callable[[str], OKPKey | None],
    now: datetime.datetime,
    clock_skew: datetime.timedelta,
    max_lifetime: datetime.timedelta,
) -> dict[str, Any]:
    """Decrypt, check the signature and the claims; returns the claims or raises :class:`Refused`.

    The order matters for what is logged: a package we cannot decrypt says nothing about its
    sender; only after the signature is checked do we trust the sender's name.
    """
    if not isinstance(package, str) or package.count(".") != 4 or len(package) > 10_000_000:
        raise Refused("malformed")
    header = _header(package.split(".", 1)[0])
    if header.get("alg") != KEY_ALG or header.get("enc") != CONTENT_ALG:
        raise Refused("malformed")
    if header.get("kid") != own.encrypt.thumbprint():
        raise Refused("wrong_key")
    try:
        signed = jwe.decrypt_compact(package, own.encrypt, algorithms=[KEY_ALG, CONTENT_ALG]).plaintext
        signed_text = signed.decode("ascii")
    except (JoseError, ValueError, UnicodeError):
        # The key is ours, so a package that does not decrypt was changed on the way.
        raise Refused("tampered") from None
    return verify_signed(
        signed_text, own_id=own_id, signing_key_of=signing_key_of, now=now, clock_skew=clock_skew,
        max_lifetime=max_lifetime,
    )


def verify_signed(
    signed: str,
    *,
    own_id: str,
    signing_key_of: Callable[[str], OKPKey | None],
    now: datetime.datetime,
    clock_skew: datetime.timedelta,
    max_lifetime: datetime.timedelta,
) -> dict[str, Any]:
    unverified = _unverified_claims(signed)
    sender = unverified.get("iss")
    if not isinstance(sender, str) or not sender:
        raise Refused("malformed")
    key = signing_key_of(sender)
    if key is None:
        raise Refused("unknown_sender")
    try:
        claims = json.loads(jws.deserialize_compact(signed, key, algorithms=[SIGN_ALG]).payload)
    except (JoseError, ValueError):
        raise Refused("bad_signature", sender) from None
    if not isinstance(claims, dict):
        raise Refused("malformed", sender)
    if claims.get("aud") != own_id:
        raise Refused("wrong_recipient", sender)
    iat, exp, jti = claims.get("iat"), claims.get("exp"), claims.get("jti")
    if not isinstance(iat, int) or not isinstance(exp, int) or not isinstance(jti, str) or not 8 <= len(jti) <= 64:
        raise Refused("malformed", sender)
    if claims.get("kind") not in KINDS or not isinstance(claims.get("body"), dict):
        raise Refused("malformed", sender)
    moment = _timestamp(now)
    if iat > moment + clock_skew.total_seconds():
        raise Refused("not_yet_valid", sender)
    if exp <= moment or exp - iat > max_lifetime.total_seconds() + clock_skew.total_seconds():
        raise Refused("expired", sender)
    return claims
