"""What services need from the outside world, built once at start-up and handed to pages."""

from __future__ import annotations

from dataclasses import dataclass

from app.config import Settings
from app.db import Database
from app.services.clock import Clock, FixedClock
from app.services.crypto import Crypto
from app.services.identity_providers import IdentityProvider, make_provider
from app.services.sms import SmsGateway, make_gateway


@dataclass
class Env:
    settings: Settings
    db: Database
    clock: Clock
    crypto: Crypto
    sms: SmsGateway
    identity_provider: IdentityProvider | None = None  # proves claims where configured (none in the demo)


def build_env(settings: Settings) -> Env:
    clock: Clock = FixedClock(settings.fixed_now) if settings.fixed_now and settings.demo_mode else Clock()
    return Env(
        settings=settings,
        db=Database(settings.database_url),
        clock=clock,
        crypto=Crypto(settings.encryption_keys, settings.blind_index_key),
        sms=make_gateway(settings.sms_backend, settings.demo_mode),
        identity_provider=make_provider(settings.identity_provider),
    )
