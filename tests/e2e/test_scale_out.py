"""The city topology (DESIGN.md §8) started by deploy/cluster.sh from Debian packages: two app instances
behind nginx with sticky sessions, PostgreSQL and Redis. A holder starts adding their father, the
instance serving them is killed mid-journey, and they go on through the other one: still logged in,
the draft still there, the request submitted."""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.web.speedups import brotli_static
from tests.e2e.conftest import ROOT, _free_port, outside_pytest_env, phone_context
from tests.e2e.test_binding import submit_and_see_under_review, upload_and_sign, walk_to_documents
from tests.e2e.test_journeys import log_in

SCRIPT = ROOT / "deploy" / "cluster.sh"


@dataclass
class Cluster:
    url: str
    state: Path
    app_ports: list[int]
    redis_port: int

    def kill(self, port: int) -> None:
        """End an instance the hard way, as a crash would."""
        pid = int((self.state / f"app-{port}.pid").read_text())
        os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    missing = [tool for tool in ("nginx", "redis-server", "redis-cli") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed; `make test` installs them (scripts/install-system-deps.sh)")
    state = Path(tempfile.mkdtemp(prefix="ecard-cluster-"))
    ports = {"CLUSTER_PORT": _free_port(), "REDIS_PORT": _free_port(), "PG_PORT": _free_port()}
    app_ports = [_free_port(), _free_port()]
    # The servers must not think they run under pytest.
    env = outside_pytest_env()
    env.update({k: str(v) for k, v in ports.items()})
    env.update({"APP_PORTS": " ".join(map(str, app_ports)), "DEMO_MODE": "true", "CLUSTER_SHOW_UPSTREAM": "1"})
    env.pop("FIXED_NOW", None)
    stop = ["bash", str(SCRIPT), "stop", str(state)]
    # Output to a file, not a pipe: the daemons it starts keep their inherited descriptors open.
    with open(state / "start.log", "w") as out:
        started = subprocess.run(["bash", str(SCRIPT), "start", str(state)], env=env, stdout=out,
                                 stderr=subprocess.STDOUT, check=False, timeout=180)
    if started.returncode != 0:
        subprocess.run(stop, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        logs = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(state.glob("*.log")))
        pytest.fail(f"cluster did not start:\n{logs}")
    yield Cluster(url=f"http://127.0.0.1:{ports['CLUSTER_PORT']}", state=state, app_ports=app_ports,
                  redis_port=ports["REDIS_PORT"])
    subprocess.run(stop, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def cluster_page(browser: Browser, cluster: Cluster) -> Iterator[tuple[BrowserContext, Page]]:
    ctx = phone_context(browser, cluster.url, timeout_ms=15_000)
    yield ctx, ctx.new_page()
    ctx.close()


def serving_port(page: Page) -> int:
    """The instance nginx sends this browser to (its session cookie decides)."""
    response = page.request.get("/api/health")
    assert response.ok
    return int(response.headers["x-upstream"].rsplit(":", 1)[1])


def test_health_through_nginx_and_both_instances(cluster: Cluster) -> None:
    assert httpx.get(f"{cluster.url}/api/health", timeout=5).json() == {"status": "ok"}
    for port in cluster.app_ports:
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200


def test_nginx_sends_the_first_page_scripts_compressed_from_disk(cluster: Cluster) -> None:
    """The copies deploy/cluster.sh made (scripts/precompress-static.py): Brotli where nginx has the module, gzip for
    a browser without Brotli, with the type and cache headers the app gives the same file, and no instance asked
    (X-Upstream, which the cluster shows here, names the instance that answered)."""
    brotli = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so").is_file()
    login_html = httpx.get(f"{cluster.url}/login", timeout=10).text
    script = "/_nicegui/" + login_html.split('src="/_nicegui/', 1)[1].split('"')[0]
    ours = "/assets/" + login_html.split('src="/assets/', 1)[1].split('"')[0]
    files = brotli_static.first_page_files()
    for path in (script, ours):
        source = files[path.split("?", 1)[0]].read_bytes()
        from_app = httpx.get(f"http://127.0.0.1:{cluster.app_ports[0]}{path}", timeout=10)
        for accepted, sent in (("gzip, deflate, br", "br" if brotli else "gzip"), ("gzip", "gzip")):
            answer = httpx.get(f"{cluster.url}{path}", headers={"Accept-Encoding": accepted}, timeout=10)
            assert answer.status_code == 200 and "x-upstream" not in answer.headers, path
            assert answer.headers["content-encoding"] == sent and answer.content == source, (path, accepted)
            assert answer.headers["vary"] == "Accept-Encoding"
            for header in ("content-type", "cache-control"):
                assert answer.headers[header] == from_app.headers[header], (path, header)
    # The instances leave their own Brotli files out (STATIC_FROM_NGINX): asked directly, one sends gzip.
    direct = httpx.get(f"http://127.0.0.1:{cluster.app_ports[0]}{script}", headers={"Accept-Encoding": "gzip, br"},
                       timeout=10)
    assert direct.headers["content-encoding"] == "gzip"
    # A file of NiceGUI's that has no copy on disk is still sent, by an instance.
    face = httpx.get(f"{cluster.url}{script.rsplit('/static/', 1)[0]}/static/sad_face.svg", timeout=10)
    assert face.status_code == 200 and face.headers["x-upstream"].endswith(tuple(map(str, cluster.app_ports)))


def test_binding_goes_on_when_the_serving_instance_dies(cluster: Cluster, cluster_page: tuple[BrowserContext, Page],
                                                        photo: Path) -> None:
    context, page = cluster_page

    log_in(page, "13800138000", "Family-2026")
    expect(page.get_by_role("heading", level=1, name="Hello, 张伟")).to_be_visible()
    walk_to_documents(page, "cluster-father", who={"Name": "张建国", "ID number": "110101195207010039",
                                                   "Relationship": "Father or mother"})
    first = serving_port(page)
    assert first in cluster.app_ports
    # The login lives in Redis, shared by both instances, not in one process.
    keys = subprocess.run(["redis-cli", "-p", str(cluster.redis_port), "--scan", "--pattern", "nicegui:*"],
                          capture_output=True, text=True, check=True).stdout.split()
    assert keys, "NiceGUI storage is not in Redis"

    cluster.kill(first)

    # The holder goes on (a reload, as the browser does when its connection comes back): still logged in,
    # now served by the other instance, and the draft waits at the step they reached.
    page.goto("/family")
    expect(page.get_by_role("heading", level=1, name="My family members")).to_be_visible()
    second = serving_port(page)
    assert second != first and second in cluster.app_ports
    draft = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="张建国", exact=True))
    expect(draft).to_contain_text("Not finished")
    draft.get_by_role("link", name="Continue", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Photos of documents")).to_be_visible()

    upload_and_sign(context, page, "cluster-father", photo, ["Face photo of the family member"], consent=True)
    submit_and_see_under_review(page, "cluster-father", "张建国")
    assert serving_port(page) == second


def test_a_flood_of_page_requests_from_one_client_is_cut_off(cluster: Cluster) -> None:
    """After the journey (the flood would hold it up): 400 page requests at once from one address get 429
    beyond the burst, while the scripts and static files a page needs are never limited."""
    login_html = httpx.get(f"{cluster.url}/login", timeout=10).text
    script = "/_nicegui/" + login_html.split('src="/_nicegui/', 1)[1].split('"')[0]
    with httpx.Client(base_url=cluster.url, timeout=10) as client:
        answers = [client.get("/login") for _ in range(400)]
        assets = [client.get(path).status_code for _ in range(200) for path in (script, "/assets/app.css")]
    pages = [answer.status_code for answer in answers]
    assert pages.count(429) > 0 and set(pages) <= {200, 429}
    refused = next(answer for answer in answers if answer.status_code == 429)
    # Plain words in both languages, and when to try again, rather than nginx's bare error page.
    assert refused.headers["content-type"].startswith("text/html") and refused.headers["retry-after"] == "5"
    assert "请稍候再试" in refused.text and "Please wait a few seconds" in refused.text
    assert pages[:100] == [200] * 100  # the burst allowance: a busy counter PC is not cut off
    assert set(assets) == {200}
    deadline = time.monotonic() + 5  # the allowance refills (30 per second): pages are served again
    while httpx.get(f"{cluster.url}/login", timeout=10).status_code == 429 and time.monotonic() < deadline:
        time.sleep(0.2)


def test_compose_topology_and_its_nginx_rules(tmp_path: Path) -> None:
    """deploy/compose.yaml describes the same topology, and its nginx rules are valid nginx."""
    import yaml

    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "app1", "app2", "static", "nginx"} <= set(services)
    for name in ("app1", "app2"):
        environment = services[name]["environment"]
        assert environment["NICEGUI_REDIS_URL"].startswith("redis://redis")
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert services["app1"]["environment"]["STORAGE_SECRET"] == services["app2"]["environment"]["STORAGE_SECRET"]

    rules = (ROOT / "deploy" / "nginx.conf").read_text()
    shared = ROOT / "deploy" / "nginx"
    assert "hash $fec_route consistent;" in rules
    locations = (shared / "fec-locations.conf").read_text()
    assert "limit_req zone=fec_pages" in locations and "error_page 429 @fec_busy;" in locations
    for text in (rules, SCRIPT.read_text()):  # both nginx configurations use the one set of rules
        assert "fec-http.conf" in text and "fec-locations.conf" in text and "fec_upstream" in text
    # The copies the `static` service makes (one here); this nginx, like the image's, has no Brotli module: gzip.
    css = tmp_path / "static" / "assets" / "app.css"
    css.parent.mkdir(parents=True)
    css.write_text("main { margin: 0 }\n" * 50)
    Path(f"{css}.gz").write_bytes(gzip.compress(css.read_bytes(), compresslevel=9))
    instance, received, stop_instance = _recording_instance()
    port, nginx = _start_compose_nginx(tmp_path, rules, instance)
    try:
        # What a browser claims about itself (its address, a prefix) never reaches the app as if nginx said it.
        response = httpx.get(f"http://127.0.0.1:{port}/login", timeout=10, headers={
            "X-Forwarded-Prefix": "//elsewhere.example", "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"})
        copy = httpx.get(f"http://127.0.0.1:{port}/assets/app.css?v=1", headers={"Accept-Encoding": "gzip, br"},
                         timeout=10)
        no_copy = httpx.get(f"http://127.0.0.1:{port}/assets/app.js?v=1", timeout=10)
    finally:
        subprocess.run([*nginx, "-s", "stop"], check=False)
        stop_instance()
    assert response.status_code == 200
    assert "fec_route=" in response.headers.get("set-cookie", "")
    assert "x-upstream" not in response.headers  # browsers are not told which instance answered
    assert copy.headers["content-encoding"] == "gzip" and copy.content == css.read_bytes()
    assert copy.headers["cache-control"] == "public, max-age=3600" and "set-cookie" not in copy.headers
    assert no_copy.status_code == 200 and "fec_route=" in no_copy.headers["set-cookie"]  # an instance sent it
    # The page and the file without a copy reached the instance; the copy never did.
    assert [request[":path"] for request in received] == ["/login", "/assets/app.js?v=1"]
    headers = received[0]
    assert "x-forwarded-prefix" not in headers  # a browser's own prefix never reaches the app
    # The address nginx saw, alone: uvicorn trusts the header from nginx (FORWARDED_ALLOW_IPS), so an address a
    # client added in front would otherwise become the client address, and the per-client limits someone else's.
    assert headers["x-forwarded-for"] == "127.0.0.1" and headers["x-real-ip"] == "127.0.0.1"


def _start_compose_nginx(tmp_path: Path, rules: str, instance: int) -> tuple[int, list[str]]:
    """Start deploy/nginx.conf (with the shared rules) on a free port, in front of `instance`, with its static root in
    tmp_path/static; returns the port and the nginx command line (add `-s stop` to stop it)."""
    rules = rules.replace("/etc/nginx/fec", str(ROOT / "deploy" / "nginx"))
    rules = rules.replace("app1:8080", f"127.0.0.1:{instance}").replace("app2:8080", f"127.0.0.1:{instance}")
    port = _free_port()
    rules = rules.replace("listen 80;", f"listen 127.0.0.1:{port};")
    assert "root /srv/fec-static;" in rules
    rules = rules.replace("root /srv/fec-static;", f"root {tmp_path}/static;")
    config = tmp_path / "nginx.conf"
    config.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                      f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
                      f"  proxy_temp_path {tmp_path}/proxy;\n{rules}\n}}\n")
    nginx = ["nginx", "-c", str(config), "-p", str(tmp_path), "-e", str(tmp_path / "e.log")]
    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    if os.geteuid() == 0:
        config.write_text("user root;\n" + config.read_text())
    subprocess.run(nginx, check=True)
    return port, nginx


def _recording_instance() -> tuple[int, list[dict[str, str]], Callable[[], None]]:
    """A stand-in app instance on a free port that answers 200 and keeps each request's path and headers."""
    import http.server
    import threading

    received: list[dict[str, str]] = []

    class Instance(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append({":path": self.path} | {k.lower(): v for k, v in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Instance)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1], received, server.shutdown
