"""Verification providers (DESIGN.md §2.1.3): a service that proves a claim where neither the registry's number nor
a counter visit can, such as face liveness or a carrier's check that a name, an ID number and a mobile number belong
together (运营商三要素). This is the interface and its setting only: the demo has none, and there is never a stand-in
that always passes."""

from __future__ import annotations

from typing import Protocol


class IdentityProvider(Protocol):
    name: str  # shown as "Verify with <name>"

    def confirms(self, *, name: str, id_number: str, phone: str) -> bool:
        """Whether the provider confirms that this mobile number's owner is the person with this name and number."""


def make_provider(setting: str) -> IdentityProvider | None:
    """The provider the setting IDENTITY_PROVIDER names ("none": no provider)."""
    if setting == "none":
        return None
    raise ValueError(f"Unknown IDENTITY_PROVIDER {setting!r}; available: none")
