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
    assert 'HOST=127.0.0.1 nohup "${pin[@]}" "$PY" main.py' in script


# nginx sends the first page's scripts and styles from disk (DESIGN.md §7, §8): the copies scripts/precompress-static.py
# makes, with the headers the app gives the same files; anything else still reaches an instance.
Directive = tuple[str, list[str], list["Directive"] | None]  # name, arguments, block (None: no block)
TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|#[^\n]*|[{};]|[^\s{};'"#]+""")


def _parse(text: str) -> list[Directive]:
    """nginx's configuration language, enough for deploy/nginx/: directives, their quoted or bare arguments, blocks."""
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    for token in TOKEN.findall(text):
        if token.startswith("#"):
            continue
        if token in (";", "{"):
            block: list[Directive] | None = [] if token == "{" else None
            stack[-1].append((words[0], [w[1:-1] if w[0] in "'\"" else w for w in words[1:]], block))
            if block is not None:
                stack.append(block)
            words = []
        elif token == "}":
            assert not words, f"unfinished directive {words}"
            stack.pop()
        else:
            words.append(token)
    assert len(stack) == 1 and not words
    return stack[0]


def _rules(name: str) -> list[Directive]:
    return _parse((DEPLOY / "nginx" / name).read_text())


def _block(directives: list[Directive], name: str, last_argument: str | None = None) -> list[Directive]:
    """The block of the one directive `name` (whose last argument is `last_argument`, when given)."""
    [block] = [block for found, args, block in directives
               if found == name and (last_argument is None or args[-1] == last_argument)]
    assert block is not None
    return block


def _location(match: str) -> dict[str, list[list[str]]]:
    """The directives (name -> each use's arguments) of the location of fec-locations.conf whose arguments end
    with `match`."""
    found: dict[str, list[list[str]]] = {}
    for name, args, _ in _block(_rules("fec-locations.conf"), "location", match):
        found.setdefault(name, []).append(args)
    return found


def _static_pattern() -> re.Pattern[str]:
    [args] = [args for name, args, _ in _rules("fec-locations.conf") if name == "location" and args[0] == "~"]
    return re.compile(args[1])


def test_the_first_page_files_are_sent_from_disk_compressed_with_the_rest_going_to_the_app():
    from app.web.speedups import brotli_static

    pattern = _static_pattern()
    files = brotli_static.first_page_files()
    assert files and all(pattern.match(url) for url in files)  # every copy the script makes is looked for on disk
    for url in ("/", "/login", "/api/health", "/_nicegui_ws/socket.io/", "/_nicegui/3.18.0/libraries/x.js",
                "/_nicegui/client/abc/event", "/docs"):
        assert not pattern.match(url), url

    static = _location(pattern.pattern)
    assert static["gzip_static"] == [["on"]] and static["gzip_vary"] == [["on"]]
    # Not on disk (a font, or everything before the copies are made): an instance sends it.
    assert static["try_files"] == [["$uri", "@fec_app"]]
    assert "proxy_pass" not in static and "limit_req" not in static
    # The types the app sends them with (a module script, dompurify.mjs, is refused as anything but JavaScript).
    types = _block(_block(_rules("fec-locations.conf"), "location", pattern.pattern), "types")
    assert {(name, *args) for name, args, _ in types} == {("text/javascript", "js", "mjs"), ("text/css", "css")}
    assert static["charset"] == [["utf-8"]]


def test_pages_api_calls_and_the_websocket_still_reach_an_instance_by_the_route_cookie():
    pages = _location("/")
    assert pages["limit_req"] == [["zone=fec_pages", "burst=120", "nodelay"]]
    assert pages["error_page"] == [["429", "@fec_busy"]]
    assert pages["try_files"] == [["$uri", "@fec_app"]]  # nothing but the static copies is on disk
    app = _location("@fec_app")
    assert app["proxy_pass"] == [["http://family_ecard"]]
    headers = {args[0]: args[1] for args in app["proxy_set_header"]}
    assert headers["Upgrade"] == "$http_upgrade" and headers["Connection"] == "$connection_upgrade"
    assert any(args[:2] == ["Set-Cookie", "fec_route=$fec_route; Path=/; Max-Age=1209600; HttpOnly; SameSite=Lax"]
               for args in app["add_header"])
    servers = _block(_parse((DEPLOY / "nginx.conf").read_text()), "upstream", "family_ecard")
    assert ("hash", ["$fec_route", "consistent"], None) in servers


def test_the_copies_go_out_with_the_cache_headers_the_app_gives_the_same_files():
    import inspect

    from nicegui import app, ui

    cache = {name: args[0] for name, args, _ in _block(_rules("fec-http.conf"), "map", "$fec_static_cache")}
    # NiceGUI's files: their address names NiceGUI's version, so NiceGUI lets browsers keep them for a year.
    assert cache["~^/_nicegui/"] == inspect.signature(ui.run).parameters["cache_control_directives"].default
    # Ours (assets/, add_static_files in main.py): an hour.
    hour = inspect.signature(app.add_static_files).parameters["max_cache_age"].default
    assert cache["default"] == f"public, max-age={hour}"
    assert _location(_static_pattern().pattern)["add_header"] == [["Cache-Control", "$fec_static_cache"]]


def test_the_brotli_copies_are_sent_where_nginx_has_the_module():
    assert _rules("fec-brotli.conf") == [("brotli_static", ["on"], None)]
    script = (DEPLOY / "cluster.sh").read_text()
    # The cluster loads the module and includes the rule only when the module is installed, and the copies are made
    # where its nginx looks for them; the instances leave the app's own Brotli piece out.
    assert 'if [ -f "$NGINX_MODULES/ngx_http_brotli_static_module.so" ]; then' in script
    assert 'brotli_module="load_module $NGINX_MODULES/ngx_http_brotli_static_module.so;"' in script
    assert 'brotli_rules="include \\"$ROOT/deploy/nginx/fec-brotli.conf\\";"' in script
    assert 'scripts/precompress-static.py "$DIR/static"' in script and 'root "$DIR/static";' in script
    assert "export STATIC_FROM_NGINX=true" in script


def test_compose_makes_the_copies_where_its_nginx_looks_for_them():
    services = _services()
    server = _block(_parse((DEPLOY / "nginx.conf").read_text()), "server")
    [root] = [args[0] for name, args, _ in server if name == "root"]
    assert f"static:{root}:ro" in services["nginx"]["volumes"]
    assert services["nginx"]["depends_on"]["static"] == {"condition": "service_completed_successfully"}
    assert f"static:{root}" in services["static"]["volumes"]
    assert f"scripts/precompress-static.py {root}" in services["static"]["command"]
    for name, service in _app_services().items():
        assert service["environment"]["STATIC_FROM_NGINX"] == "true", name
