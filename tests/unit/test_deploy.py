"""deploy/ (DESIGN.md §5, §8): behind nginx the app takes the client address only from nginx, a deployment starts
with demo mode off (the dev SMS inbox hands out every code), and no secret has a default a reader of the
repository knows. The e2e test of the same files (tests/e2e/test_scale_out.py) runs nginx itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app import config

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SECRETS = ("SECRET_KEY", "STORAGE_SECRET", "ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "CARD_SIGNING_KEYS")
# `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}` or `${NAME?error}`
REFERENCE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<rest>[^}]*))?\}")


def _services() -> dict[str, dict]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]


def _app_services() -> dict[str, dict]:
    """The services that serve the app (`python main.py`)."""
    found = {name: s for name, s in _services().items() if "main.py" in str(s.get("command", ""))}
    assert len(found) >= 2, "compose.yaml should describe two app instances"
    return found


def _nginx_address() -> str:
    nginx = _services()["nginx"]
    return nginx["networks"]["default"]["ipv4_address"]


def test_the_app_trusts_forwarded_addresses_only_from_nginx():
    address = _nginx_address()
    for name, service in _app_services().items():
        assert service["environment"].get("FORWARDED_ALLOW_IPS") == address, name
        assert "ports" not in service, f"{name}: only nginx may reach an instance"


def test_demo_mode_is_off_unless_asked_for():
    for name, service in _services().items():
        value = (service.get("environment") or {}).get("DEMO_MODE")
        if value is not None:
            assert value == "${DEMO_MODE:-false}", name
    # Demo data (logins with public passwords) is loaded only when demo mode was asked for.
    migrate = _services()["migrate"]["command"]
    assert re.search(r'if \[ \\?"\$\$DEMO_MODE\\?" = true \]; then [^;]*load-demo', migrate)


@pytest.mark.parametrize("secret", SECRETS)
def test_no_secret_has_a_default(secret):
    for name, service in _services().items():
        value = (service.get("environment") or {}).get(secret)
        if value is None:
            continue
        found = REFERENCE.fullmatch(str(value))
        assert found and found["name"] == secret, f"{name}: {secret} must come from the environment"
        # Left unset, it is empty and the app refuses to start outside demo mode; a `:?` stops compose itself.
        assert found["op"] in (None, ":?", "?") or not found["rest"], f"{name}: {secret} has a default"
    assert _app_services()["app1"]["environment"].get(secret), f"{secret} is not passed to the app"


def test_no_development_key_is_written_in_the_deploy_files():
    known = (config.DEV_SECRET_KEY, config.DEV_STORAGE_SECRET, config.DEV_ENCRYPTION_KEY, config.DEV_BLIND_INDEX_KEY,
             config.DEV_CARD_SIGNING_KEY.split(":", 1)[1])
    for path in (DEPLOY / "compose.yaml", DEPLOY / "cluster.sh"):
        text = path.read_text()
        assert not [key for key in known if key in text], path.name


def test_the_cluster_script_starts_in_demo_mode_only_when_asked():
    script = (DEPLOY / "cluster.sh").read_text()
    assert 'DEMO_MODE="${DEMO_MODE:-false}"' in script
    # nginx reaches the instances over loopback and they listen there only, so loopback is the one proxy trusted
    # (uvicorn's own default, stated so an operator's environment cannot widen it).
    assert "export FORWARDED_ALLOW_IPS=127.0.0.1" in script
    assert 'HOST=127.0.0.1 nohup "$PY" main.py' in script
