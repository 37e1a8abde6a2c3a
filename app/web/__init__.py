"""What the app changes in NiceGUI itself: `fixes/` (correctness or security, always on; the app refuses to start
when one no longer fits) and `speedups/` (performance only, off with `STOCK_NICEGUI=1`). `install` reports both."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from app.web import fixes, speedups
from app.web.fixes import name

log = logging.getLogger("family_ecard.web")


@dataclass
class Report:
    """What `install` did: pieces installed, speed-ups skipped (by name: why), speed-ups left out on purpose (by name:
    the setting that left it out)."""

    installed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    off: dict[str, str] = field(default_factory=dict)

    def log(self) -> None:
        """One warning per skipped piece, then a summary."""
        for piece, why in self.skipped.items():
            log.warning("NiceGUI speed-up %s skipped: %s", piece, why)
        summary = f"NiceGUI changes installed: {', '.join(self.installed)}"
        if self.skipped:
            summary += f"; skipped: {', '.join(self.skipped)}"
        for setting in dict.fromkeys(self.off.values()):
            summary += f"; off ({setting}): {', '.join(piece for piece, by in self.off.items() if by == setting)}"
        log.info(summary)


def install(*, stock: bool = False, static_from_nginx: bool = False, left_out: str = "") -> Report:
    """Install every fix (raises `fixes.DoesNotFit` when one no longer fits) and, unless `stock`, every speed-up but
    the Brotli files when nginx sends them (`static_from_nginx`) and those `left_out` names (SPEEDUPS_OFF); call
    before `ui.run`."""
    report = Report(installed=fixes.install())
    if stock:
        report.off = {name(piece): "STOCK_NICEGUI" for piece in speedups.SPEEDUPS}
        return report
    unwanted, unknown = speedups.names(left_out)
    report.skipped.update({each: "SPEEDUPS_OFF names no such speed-up" for each in sorted(unknown)})
    for piece, problem in speedups.install(static_from_nginx=static_from_nginx, left_out=unwanted).items():
        if problem is speedups.OFF:
            report.off[name(piece)] = "SPEEDUPS_OFF" if name(piece) in unwanted else "STATIC_FROM_NGINX"
        elif problem:
            report.skipped[name(piece)] = problem
        else:
            report.installed.append(name(piece))
    return report
