"""Where a login may lead (`next=`, DESIGN.md §2.1.4): only a path of this app, checked after percent-decoding.

`/login?next=/%09/evil.example` once sent a freshly logged-in resident off-site: the browser drops the tab and
reads `//evil.example`, a link to another host."""

from __future__ import annotations

import pytest

from app.pages.guard import safe_next

ELSEWHERE = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "/%09/evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/\n/evil.example",
    "/%0a/evil.example", "/%0d/evil.example", "/\r/evil.example", "/ /evil.example", "/%20/evil.example",
    "https://evil.example", "https:/evil.example", "javascript:alert(1)", "evil.example", "", "   /family",
    "/%252F/evil.example", "/\x00/evil.example", "/%00/evil.example", "/\x7f/evil.example", "/\u3000/evil.example",
    "/%E3%80%80/evil.example", "/\u2028/x", "http:evil.example", "/.evil.example\\", "%2F%2Fevil.example",
]
SAME_APP = ["/", "/family", "/records/expenses?year=2025&who=3", "/family/request/12/documents", "/ecard?card=4",
            "/my?lang=en"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_anything_that_could_lead_elsewhere_is_refused(target: str) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize("target", SAME_APP)
def test_paths_of_this_app_are_kept(target: str) -> None:
    assert safe_next(target) == target


def test_none_is_none() -> None:
    assert safe_next(None) is None
