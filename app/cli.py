"""Operator commands: `python -m app.cli migrate | load-demo | create-staff | disable-staff | reset-staff-password |
create-institution | revoke-institution | check-settings`."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

from app.config import ROOT, InsecureSettings, Settings, get_settings
from app.services import institutions, retention, staff_admin
from app.services.demo import load_demo_data
from app.services.env import Env, build_env
from app.services.errors import ValidationFailed


def migrate(database_url: str | None = None) -> None:
    """Bring the database schema up to date (safe to run again)."""
    config = Config(str(Path(ROOT) / "alembic.ini"))
    config.set_main_option("script_location", str(Path(ROOT) / "migrations"))
    if database_url:
        config.attributes["database_url"] = database_url
    command.upgrade(config, "head")


def _password(args: argparse.Namespace, prompt: str) -> str:
    """From --password, else typed (hidden), else the first line of standard input."""
    if args.password is not None:
        return str(args.password)
    return getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")


def _load_demo(env: Env, args: argparse.Namespace) -> int:
    if not env.settings.demo_mode:
        # Demo accounts have published passwords; they must never reach a real database.
        print("error: load-demo needs DEMO_MODE=true (demo logins are public)", file=sys.stderr)
        return 2
    counts = load_demo_data(env)
    print(f"Demo data loaded: {counts['persons']} registry persons, {counts['accounts']} accounts.")
    return 0


def _create_staff(env: Env, args: argparse.Namespace) -> int:
    staff_admin.create_staff(env, args.phone, _password(args, "Password: "))
    print(f"Staff account {args.phone} created.")
    return 0


def _disable_staff(env: Env, args: argparse.Namespace) -> int:
    staff_admin.disable_staff(env, args.phone)
    print(f"Staff account {args.phone} disabled; its sessions have ended.")
    return 0


def _reset_staff_password(env: Env, args: argparse.Namespace) -> int:
    """Staff have no "Forgot password?": the operator gives them a new password (typed, or from standard input)."""
    ended = staff_admin.reset_staff_password(env, args.phone, _password(args, "New password: "))
    print(f"Staff account {args.phone}: password reset; {ended} session(s) ended.")
    return 0


def _purge(env: Env, args: argparse.Namespace) -> int:
    done = retention.purge(env)
    requests = "request" if done["requests_purged"] == 1 else "requests"
    print(f"Retention: {done['documents_deleted']} documents of {done['requests_purged']} ended {requests} "
          f"deleted, {done['drafts_expired']} unfinished drafts expired.")
    return 0


def _create_institution(env: Env, args: argparse.Namespace) -> int:
    """The key is shown once: only its SHA-256 is stored, so it cannot be shown again (revoke and create anew)."""
    made = institutions.create_institution(env, args.name, args.kind)
    print(f"Institution {made.id} ({made.name}) created. Its key, shown only now:\n{made.key}")
    return 0


def _revoke_institution(env: Env, args: argparse.Namespace) -> int:
    if not institutions.revoke_institution(env, args.id):
        print(f"error: no institution {args.id}", file=sys.stderr)
        return 2
    print(f"Institution {args.id}: key revoked.")
    return 0


# Commands that work on the database, by name.
WITH_DATABASE: dict[str, Callable[[Env, argparse.Namespace], int]] = {
    "load-demo": _load_demo, "create-staff": _create_staff, "disable-staff": _disable_staff,
    "reset-staff-password": _reset_staff_password, "purge": _purge, "create-institution": _create_institution,
    "revoke-institution": _revoke_institution,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("load-demo", help="load (or refresh) the demo registry and accounts")
    create = sub.add_parser("create-staff", help="create a staff account")
    create.add_argument("--phone", required=True)
    create.add_argument("--password", help="read from standard input (or asked for) when left out")
    disable = sub.add_parser("disable-staff", help="disable a staff account")
    disable.add_argument("--phone", required=True)
    reset = sub.add_parser("reset-staff-password", help="give a staff account a new password (ends its sessions)")
    reset.add_argument("--phone", required=True)
    reset.add_argument("--password", help="read from standard input (or asked for) when left out")
    institution = sub.add_parser("create-institution", help="register a designated institution; prints its key once")
    institution.add_argument("name")
    institution.add_argument("--kind", default="outpatient", choices=institutions.KINDS)
    revoke = sub.add_parser("revoke-institution", help="end an institution's API key")
    revoke.add_argument("id", type=int)
    sub.add_parser("check-settings", help="say whether the app would start with these settings (keys, demo mode)")
    sub.add_parser("purge", help="apply the retention rule now (the app also does daily); safe to run again")
    return parser


def _check_settings(settings: Settings) -> int:
    try:
        settings.check_secure()
    except InsecureSettings as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    print("Settings are ready to serve" + (" (demo mode)." if settings.demo_mode else "."))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    if args.command == "check-settings":
        return _check_settings(settings)
    if args.command == "migrate":
        migrate()
        print("Database is up to date.")
        return 0
    env = build_env(settings)
    try:
        return WITH_DATABASE[args.command](env, args)
    except ValidationFailed as exc:
        for field, code in exc.errors.items():
            print(f"error: {field}: {code}", file=sys.stderr)
        return 2
    finally:
        env.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
