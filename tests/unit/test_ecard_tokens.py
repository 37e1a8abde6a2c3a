"""E-card QR tokens (DESIGN.md §2.4, §5): the compact signed format, its size, signature checks
(tampered, forged, unknown key), key rotation, expiry on the injectable clock, and a card reference
that reveals no ID number."""

from __future__ import annotations

import base64
import re
import struct

import pytest
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlmodel import select

from app.models import ECard
from app.services import card_tokens, cards
from app.services.card_tokens import TokenRefused
from app.services.env import build_env
from tests.conftest import make_settings
from tests.unit.binding_fixtures import zw_fixture  # noqa: F401
from tests.unit.binding_helpers import ZHANG_JIANGUO, ZHANG_WEI
from tests.unit.ecard_helpers import approved_member, flipped, raw, text


def _seed(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()


NEW_KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def env_with_keys(db_url):
    """Envs on the same database with other signing keys (another instance after a key change)."""
    made = []

    def make(keys: str):
        environment = build_env(make_settings(db_url, card_signing_keys=keys))
        made.append(environment)
        return environment

    yield make
    for environment in made:
        environment.db.dispose()


# --- format and size -----------------------------------------------------------------------------------------------

def test_a_token_is_small_uppercase_base32_and_makes_a_small_alphanumeric_qr(env, zw):
    code = cards.issue_card_token(env, zw)

    assert len(code.token) == 144 and re.fullmatch(r"[A-Z2-7]+", code.token)  # no padding, no lower case
    assert len(raw(code.token)) == 90
    qr = segno.make(code.token, error="m", micro=False)
    assert qr.mode == "alphanumeric" and qr.version <= 6
    assert code.expires_at - code.issued_at == cards.LIFETIME
    assert code.issued_at == env.clock.now().replace(microsecond=0)


def test_the_token_layout_is_as_documented(env, zw):
    code = cards.issue_card_token(env, zw)
    version, key_id, ref, issued, expires, nonce = struct.unpack(">BB8sII8s", raw(code.token)[:26])

    assert (version, key_id) == (1, 1)
    assert expires - issued == 60 and issued == int(code.issued_at.timestamp())
    with env.db.transaction() as s:
        stored = s.exec(select(ECard).where(ECard.account_id == zw)).one()
    assert ref.hex() == stored.ref
    assert nonce != struct.unpack(">BB8sII8s", raw(cards.issue_card_token(env, zw).token)[:26])[5]


def test_every_code_is_new_but_the_card_reference_stays(env, zw):
    first, second = cards.issue_card_token(env, zw), cards.issue_card_token(env, zw)
    assert first.token != second.token
    assert raw(first.token)[2:10] == raw(second.token)[2:10]


def test_the_card_reference_reveals_no_id_number(env, zw):
    father = approved_member(env, zw)
    for request_id, (_, id_number) in ((None, ZHANG_WEI), (father, ZHANG_JIANGUO)):
        token = cards.issue_card_token(env, zw, request_id).token
        data = raw(token)
        ref = data[2:10]
        # Not in the text, not as ASCII or packed digits in the bytes, not the searchable index of the number.
        assert id_number not in token
        for part in (id_number, id_number[6:14], id_number[-6:]):
            assert part.encode() not in data
            assert bytes.fromhex(part if len(part) % 2 == 0 else part + "0") not in data
        assert ref.hex() not in env.crypto.blind_index(id_number, "person.id_number")
        assert int(id_number[:17]).to_bytes(8, "big") not in data
    own, member = (raw(cards.issue_card_token(env, zw, r).token)[2:10] for r in (None, father))
    assert own != member  # each card has its own reference


# --- verifying -----------------------------------------------------------------------------------------------------

def test_a_fresh_token_verifies_with_masked_name_region_and_status(env, zw):
    result = cards.verify_card_token(env, cards.issue_card_token(env, zw).token)
    assert result == cards.Verification(valid=True, name="张*", region_code="110101", insurance_type="employee",
                                        insurance_status="insured")


def test_a_scanner_may_send_lower_case_and_spaces(env, zw):
    token = cards.issue_card_token(env, zw).token
    spaced = " ".join(token[i:i + 16] for i in range(0, len(token), 16)).lower() + "\n"
    assert cards.verify_card_token(env, spaced).valid


def test_expiry_follows_the_clock(env, zw):
    early, late = cards.issue_card_token(env, zw), cards.issue_card_token(env, zw)
    env.clock.advance(seconds=59)
    assert cards.verify_card_token(env, early.token).valid
    env.clock.advance(seconds=1)
    assert cards.verify_card_token(env, late.token) == cards.Verification(valid=False, reason="expired")


def test_a_token_from_the_future_is_refused(env, zw):
    code = cards.issue_card_token(env, zw)
    env.clock.advance(seconds=-6)  # beyond the 5 s an instance's clock may run ahead
    assert cards.verify_card_token(env, code.token).reason == "not_yet_valid"
    env.clock.advance(seconds=2)
    assert cards.verify_card_token(env, code.token).valid


@pytest.mark.parametrize("index", [2, 9, 10, 13, 14, 17, 18, 25, 26, 60, 89])
def test_a_tampered_token_is_refused(env, zw, index):
    """Any changed bit in the card reference, times, nonce or signature breaks the signature."""
    token = cards.issue_card_token(env, zw).token
    assert cards.verify_card_token(env, flipped(token, index)) == cards.Verification(valid=False,
                                                                                      reason="invalid_signature")
    assert cards.verify_card_token(env, token).valid  # the untouched token still works


def test_a_changed_version_or_key_id_is_refused(env, zw):
    token = cards.issue_card_token(env, zw).token
    assert cards.verify_card_token(env, flipped(token, 0)).reason == "unsupported_version"
    assert cards.verify_card_token(env, flipped(token, 1)).reason == "unknown_key"  # key id 0 does not exist


def test_a_token_forged_with_another_key_is_refused(env, zw):
    genuine = raw(cards.issue_card_token(env, zw).token)
    body = genuine[:26]
    forged = text(body + OTHER_KEY.sign(body))
    assert cards.verify_card_token(env, forged).reason == "invalid_signature"


@pytest.mark.parametrize("value", ["", "   ", "A" * 143, "A" * 145, "1" * 144, "A" * 10_000, "É" * 144,
                                   text(bytes(90))])
def test_garbage_is_refused_as_malformed_or_unsigned(env, value):
    result = cards.verify_card_token(env, value)
    assert not result.valid and result.reason in {"malformed", "unsupported_version"}
    assert result.name is None


def test_decode_refuses_what_is_not_one_token():
    for value in ("", "A" * 143, "ABC!" * 36, None, 12):
        with pytest.raises(TokenRefused) as refused:
            card_tokens.decode(value)  # type: ignore[arg-type]
        assert refused.value.reason == "malformed"


# --- keys ----------------------------------------------------------------------------------------------------------

def test_key_rotation_old_key_still_verifies_new_key_signs(env, zw, env_with_keys):
    old_setting = env.settings.card_signing_keys
    before = [cards.issue_card_token(env, zw).token for _ in range(2)]
    rotated = env_with_keys(f"2:{_seed(NEW_KEY)},{old_setting}")

    after = cards.issue_card_token(rotated, zw).token
    assert raw(after)[1] == 2 and raw(before[0])[1] == 1
    assert cards.verify_card_token(rotated, before[0]).valid  # issued before the change
    assert cards.verify_card_token(rotated, after).valid
    assert cards.verify_card_token(env, cards.issue_card_token(rotated, zw).token).reason == "unknown_key"

    retired = env_with_keys(f"2:{_seed(NEW_KEY)}")  # once the old key is dropped, its codes are refused
    assert cards.verify_card_token(retired, before[1]).reason == "unknown_key"


def test_public_keys_are_published_with_their_key_id(env, zw, env_with_keys):
    rotated = env_with_keys(f"2:{_seed(NEW_KEY)},{env.settings.card_signing_keys}")
    published = cards.public_keys(rotated)

    assert [(k["kid"], k["key_id"], k["signing"], k["crv"]) for k in published] == [
        ("2", 2, True, "Ed25519"), ("1", 1, False, "Ed25519")]
    assert all("d" not in k for k in published)  # never the private part
    token = raw(cards.issue_card_token(rotated, zw).token)
    key = next(k for k in published if k["key_id"] == token[1])
    public = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(str(key["x"]) + "=="))
    public.verify(token[26:], token[:26])  # a scanner checks offline with the published key


@pytest.mark.parametrize("setting", ["", "1", "x:AAAA", "1:not-base64!", "1:" + base64.b64encode(b"short").decode(),
                                     "300:" + base64.b64encode(bytes(32)).decode(),
                                     "1:" + base64.b64encode(bytes(32)).decode() + ",1:"
                                     + base64.b64encode(bytes(range(32))).decode()])
def test_bad_key_settings_are_refused_without_showing_keys(setting):
    with pytest.raises(ValueError) as error:
        card_tokens.keyring(setting)
    assert "AAAA" not in str(error.value) and "not-base64" not in str(error.value)
