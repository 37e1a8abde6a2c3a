"""Settings, read once from the environment (and an optional `.env` file).

Secrets have development defaults so `make run` works out of the box, but the app refuses to start
with any of those defaults, or with an empty, short or malformed key, unless demo mode is on.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent

# Development-only values. Anyone can read them here, so they protect nothing.
DEV_SECRET_KEY = "dev-only-secret-key-change-me"
DEV_STORAGE_SECRET = "dev-only-storage-secret-change-me"
DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM="  # base64 of 32 bytes
DEV_BLIND_INDEX_KEY = "dev-only-blind-index-key-change-me"
# "<key id>:<base64 of a 32-byte Ed25519 private key>" (e-card QR tokens).
DEV_CARD_SIGNING_KEY = "1:ZGV2LW9ubHktZS1jYXJkLXNpZ25pbmcta2V5LTAwMDE="

# A short key can be guessed, and then protects nothing; 32 random characters are out of guessing's reach, like the
# 32-byte keys next to them.
MIN_SECRET_CHARS = 32
KEY_BYTES = 32  # AES-256 and Ed25519 keys
SECRET_NAMES = ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CARD_SIGNING_KEYS")


class InsecureSettings(RuntimeError):
    """Raised when the app would run outside demo mode with a publicly known, empty, short or malformed key."""


class Settings(BaseSettings):
    # An empty variable counts as not set: deploy/compose.yaml passes every secret left unset as an empty one.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      env_ignore_empty=True)

    database_url: str = Field(default=f"sqlite:///{ROOT / 'data' / 'family_ecard.db'}")
    secret_key: str = DEV_SECRET_KEY
    storage_secret: str = DEV_STORAGE_SECRET
    # Comma-separated base64 AES-256 keys; the first encrypts, all decrypt (key rotation).
    encryption_keys: str = DEV_ENCRYPTION_KEY
    blind_index_key: str = DEV_BLIND_INDEX_KEY
    # E-card signing keys, comma-separated "<key id>:<base64 Ed25519 private key>"; the first signs, all verify.
    card_signing_keys: str = DEV_CARD_SIGNING_KEY
    # How many seconds before a card code expires (60 s) the screen fetches a new one.
    card_refresh_lead_seconds: int = Field(default=5, ge=1, le=59)
    demo_mode: bool = False
    sms_backend: str = "console"
    # A verification provider that proves claims (face liveness, a carrier check); "none" in the demo.
    identity_provider: str = "none"
    host: str = "127.0.0.1"
    port: int = 8080
    # Fixes "now" for demos and end-to-end tests; honoured only in demo mode.
    fixed_now: datetime | None = None

    # NiceGUI as it ships: every speed-up of app/web/speedups left out (the fixes stay on).
    stock_nicegui: bool = False
    # nginx sends the first page's scripts and styles itself, from copies scripts/precompress-static.py compressed
    # ahead (deploy/): the app's own Brotli piece (app/web/speedups/brotli_static.py) is left out. Off for `make run`,
    # where no nginx is in front.
    static_from_nginx: bool = False
    # Speed-ups left out by name, comma-separated (e.g. "page_escaping,leaving"): how `make bench` measures
    # what each one brings (bench/README.md). Empty: all of them.
    speedups_off: str = ""

    session_idle_minutes: int = 30
    session_warning_minutes: int = 2

    def insecure_defaults(self) -> list[str]:
        """Names of the secrets still set to their public development values."""
        defaults = {
            "SECRET_KEY": (self.secret_key, DEV_SECRET_KEY),
            "STORAGE_SECRET": (self.storage_secret, DEV_STORAGE_SECRET),
            "ENCRYPTION_KEYS": (self.encryption_keys.split(",")[0].strip(), DEV_ENCRYPTION_KEY),
            "BLIND_INDEX_KEY": (self.blind_index_key, DEV_BLIND_INDEX_KEY),
        }
        insecure = [name for name, (value, default) in defaults.items() if value == default]
        # Every card key verifies, so the development key anywhere in the list would let anyone make valid codes.
        if DEV_CARD_SIGNING_KEY.split(":", 1)[1] in self.card_signing_keys:
            insecure.append("CARD_SIGNING_KEYS")
        return insecure

    def weak_keys(self) -> dict[str, str]:
        """What is wrong with each secret that is empty, short or malformed, by setting name, in plain words
        that never include the value."""
        problems: dict[str, str] = {}
        for name, value in (("SECRET_KEY", self.secret_key), ("STORAGE_SECRET", self.storage_secret),
                            ("BLIND_INDEX_KEY", self.blind_index_key)):
            if not value.strip():
                problems[name] = "is empty"
            elif len(value) < MIN_SECRET_CHARS:
                problems[name] = f"is shorter than {MIN_SECRET_CHARS} characters"
        for name, value, check in (("ENCRYPTION_KEYS", self.encryption_keys, _encryption_key_problem),
                                   ("CARD_SIGNING_KEYS", self.card_signing_keys, _signing_key_problems())):
            if problem := _key_list_problem(value, check):
                problems[name] = problem
        return problems

    def check_secure(self) -> None:
        """Refuse default, empty, short or malformed keys whenever demo mode is off."""
        if self.demo_mode:
            return
        defaults = self.insecure_defaults()
        weak = self.weak_keys()
        said = [f"{name} {weak[name]}" for name in SECRET_NAMES if name in weak and name not in defaults]
        if len(defaults) == 1:
            said.insert(0, f"{defaults[0]} is not set, or still has its public development value")
        elif defaults:
            said.insert(0, f"{', '.join(defaults)} are not set, or still have their public development values")
        if said:
            raise InsecureSettings("Refusing to start: " + "; ".join(said) + ". Set each to a long random value in "
                                   "the environment, or set DEMO_MODE=true for a demo.")


def _key_list_problem(value: str, check: Callable[[str], str | None]) -> str | None:
    """The first problem of a comma-separated key list, naming the entry by its position."""
    if not value.strip():
        return "is empty"
    for position, entry in enumerate((part.strip() for part in value.split(",")), start=1):
        problem = check(entry) if entry else "is empty"
        if problem:
            return f"entry {position} {problem}"
    return None


def _decoded_key(text: str) -> bytes | None:
    try:
        key = base64.b64decode(text, validate=True)
    except binascii.Error:
        return None
    return key if len(key) == KEY_BYTES else None


def _encryption_key_problem(entry: str) -> str | None:
    return None if _decoded_key(entry) else f"is not base64 of exactly {KEY_BYTES} bytes"


def _signing_key_problems() -> Callable[[str], str | None]:
    """A check of one "<key id>:<base64 key>" entry after another; it remembers the ids, since every key of the
    list verifies and the token names its key by id."""
    seen: set[int] = set()

    def check(entry: str) -> str | None:
        kid_text, _, key_text = entry.partition(":")
        kid = int(kid_text) if kid_text.isdigit() else -1
        if not 0 <= kid <= 255 or _decoded_key(key_text) is None:  # noqa: PLR2004 - the token's one byte of key id
            return f"is not '<key id 0-255>:<base64 of {KEY_BYTES} bytes>'"
        if kid in seen:
            return f"repeats key id {kid}"
        seen.add(kid)
        return None

    return check


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
