"""Remembers per function whether a change handler takes arguments: NiceGUI asks `inspect.signature` three times
for every element it makes (bench/README.md, "NiceGUI runtime changes")."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from nicegui import helpers, observables

from app.web.nicegui_code import source

CALL = "helpers.expects_arguments("  # how NiceGUI's observables ask (through the module, so the wrapper is seen)


def _remembering(inspect_handler: Callable[[Callable[..., Any]], bool]) -> Callable[[Callable[..., Any]], bool]:
    answers: dict[Callable[..., Any], bool] = {}

    def expects_arguments(func: Callable[..., Any]) -> bool:
        if not inspect.ismethod(func):
            return inspect_handler(func)
        answer = answers.get(func.__func__)
        if answer is None:
            answer = answers[func.__func__] = inspect_handler(func)
        return answer

    expects_arguments.remembers = True  # type: ignore[attr-defined]
    return expects_arguments


def install() -> str | None:
    """Install the per-function answer for `helpers.expects_arguments` (idempotent); returns why it does not fit."""
    if getattr(helpers.expects_arguments, "remembers", False):
        return None
    if CALL not in source(observables.ObservableCollection):
        return "NiceGUI's observables no longer call helpers.expects_arguments"
    helpers.expects_arguments = _remembering(helpers.expects_arguments)  # type: ignore[assignment]
    return None
