"""The package crypto on its own: sealing, opening, and every way a package is refused."""

from __future__ import annotations

import base64
import datetime
import json

import pytest

from atbalsts.federation import packages

NOW = datetime.datetime(2026, 11, 16, 8, 0, tzinfo=datetime.UTC)
SKEW = datetime.timedelta(minutes=5)
LIFE = datetime.timedelta(days=7)


@pytest.fixture
def lv():
    return packages.OwnKeys.generate()


@pytest.fixture
def ee():
    return packages.OwnKeys.generate()


def _seal(sender_keys, recipient_keys, now=NOW, lifetime=datetime.timedelta(days=1), sender="ee", recipient="lv"):
    return packages.seal(own=sender_keys, sender=sender, recipient=recipient, recipient_key=recipient_keys.encrypt,
                         kind="referral", body={"htcds": "2.0", "record": {"a": 1}}, now=now, lifetime=lifetime)


def _open(package, own, known, now=NOW, own_id="lv"):
    return packages.open_package(package, own=own, own_id=own_id, signing_key_of=known.get, now=now,
                                 clock_skew=SKEW, max_lifetime=LIFE)


def test_a_sealed_package_opens_for_its_recipient_with_every_claim(lv, ee):
    jti, package = _seal(ee, lv)
    claims = _open(package, lv, {"ee": ee.sign})
    assert claims["iss"] == "ee" and claims["aud"] == "lv" and claims["jti"] == jti
    assert claims["exp"] - claims["iat"] == 86400
    assert claims["body"]["record"] == {"a": 1}


def test_the_package_is_not_readable_on_the_way(lv, ee):
    _jti, package = _seal(ee, lv)
    assert "record" not in package and "htcds" not in package
    header = json.loads(base64.urlsafe_b64decode(package.split(".")[0] + "=="))
    assert header["alg"] == "ECDH-ES" and header["enc"] == "A256GCM"


def test_a_changed_byte_makes_the_package_tampered(lv, ee):
    _jti, package = _seal(ee, lv)
    parts = package.split(".")
    ciphertext = parts[3]
    parts[3] = ("A" if ciphertext[5] != "A" else "B").join([ciphertext[:5], ciphertext[6:]])
    with pytest.raises(packages.Refused) as refused:
        _open(".".join(parts), lv, {"ee": ee.sign})
    assert refused.value.code == "tampered"


def test_a_package_for_another_key_is_refused_as_wrong_key(lv, ee):
    other = packages.OwnKeys.generate()
    _jti, package = _seal(ee, other)
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "wrong_key"


def test_a_sender_we_do_not_know_is_refused(lv, ee):
    _jti, package = _seal(ee, lv, sender="xx")
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "unknown_sender"


def test_a_package_signed_by_someone_else_in_the_partners_name_is_refused(lv, ee):
    impostor = packages.OwnKeys.generate()
    _jti, package = _seal(impostor, lv, sender="ee")
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "bad_signature"


def test_an_expired_package_is_refused_and_the_clock_is_passed_in(lv, ee):
    _jti, package = _seal(ee, lv)
    assert _open(package, lv, {"ee": ee.sign}, now=NOW + datetime.timedelta(hours=23))
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign}, now=NOW + datetime.timedelta(days=1, seconds=1))
    assert refused.value.code == "expired"


def test_a_package_from_the_future_is_refused_beyond_the_clock_skew(lv, ee):
    _jti, package = _seal(ee, lv, now=NOW + datetime.timedelta(minutes=4))
    assert _open(package, lv, {"ee": ee.sign})
    _jti, package = _seal(ee, lv, now=NOW + datetime.timedelta(minutes=10))
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "not_yet_valid"


def test_a_package_valid_for_longer_than_the_policy_allows_is_refused(lv, ee):
    _jti, package = _seal(ee, lv, lifetime=datetime.timedelta(days=30))
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "expired"


def test_a_package_for_another_recipient_id_is_refused(lv, ee):
    _jti, package = _seal(ee, lv, recipient="uk")
    with pytest.raises(packages.Refused) as refused:
        _open(package, lv, {"ee": ee.sign})
    assert refused.value.code == "wrong_recipient"


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.a.b.c.d"])
def test_junk_is_refused_as_malformed(lv, junk):
    with pytest.raises(packages.Refused) as refused:
        _open(junk, lv, {})
    assert refused.value.code == "malformed"


def test_a_private_key_is_never_taken_as_a_partners_public_key(ee):
    with pytest.raises(ValueError):
        packages.import_public(ee.sign.as_dict(private=True), "Ed25519")
    with pytest.raises(ValueError):
        packages.import_public(ee.public()["sign"], "X25519")


def test_own_keys_survive_a_round_trip_through_their_json(lv):
    again = packages.OwnKeys.from_json(lv.to_json())
    assert again.public() == lv.public()
