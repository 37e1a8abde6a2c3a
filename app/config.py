"""Settings, read once from the environment (and an optional `.env` file).

Secrets have development defaults so `make run` works out of the box, but the app refuses to start
with any of those defaults unless demo mode is on.
"""

from __future__ import annotations

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


class InsecureSettings(RuntimeError):
    """Raised when the app would run outside demo mode with a publicly known key."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

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
    host: str = "127.0.0.1"
    port: int = 8080
    # Fixes "now" for demos and end-to-end tests; honoured only in demo mode.
    fixed_now: datetime | None = None

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

    def check_secure(self) -> None:
        """Refuse default keys whenever demo mode is off."""
        insecure = self.insecure_defaults()
        if insecure and not self.demo_mode:
            raise InsecureSettings(
                "Refusing to start: these settings still have their public development values: "
                + ", ".join(insecure)
                + ". Set them in the environment, or set DEMO_MODE=true for a demo."
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
