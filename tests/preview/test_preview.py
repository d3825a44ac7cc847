"""``forankring preview``: the builds, the page, the server's routes, the watcher, the stop.

The real browser's part is in ``test_preview_browser.py``; here the server is spoken to over
plain HTTP, as a browser would.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.cli import main
from forankring_docs.preview.builder import Builder
from forankring_docs.preview.page import page, status
from forankring_docs.preview.server import PreviewServer
from forankring_docs.preview.watcher import Watcher
from forankring_docs.templating.init import init_template
from tests.conftest import MINIMAL, REPO, replace

BROKEN = replace("  boligområde: Testby\n", "  boligområde: Testby\n  boligomrade: Testby\n")
BROKEN_LINE = 5  # the misspelt key's line


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.fixture
def server(case: Path) -> Iterator[PreviewServer]:
    with PreviewServer(case) as running:
        yield running


def get(
    server: PreviewServer, path: str, *, host: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        # skip_host: the Host header as given (or the right one), the path exactly as given
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{server.port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------- the builds
def test_a_build_shows_the_report_and_an_invalid_save_keeps_it_marked_out_of_date(
    case: Path,
) -> None:
    builder = Builder(case)
    good = builder.build()
    assert good.report is not None and "Testby" in good.report
    assert not good.errors and not good.stale

    case.write_text(BROKEN, encoding="utf-8")
    broken = builder.build()
    assert broken.stale and broken.report == good.report
    assert broken.report_version == good.report_version < broken.version
    [error] = broken.errors
    assert (error.file, error.line, error.column) == (str(case), BROKEN_LINE, 3)
    assert error.source == "  boligomrade: Testby"
    assert error.hint and "boligområde" in error.hint
    assert f"{case}:{BROKEN_LINE}:3: error:" in error.text

    case.write_text(MINIMAL.replace("Testby", "Nyby"), encoding="utf-8")
    fixed = builder.build()
    assert not fixed.errors and not fixed.stale
    assert fixed.report is not None and "Nyby" in fixed.report
    assert fixed.report_version == fixed.version


def test_a_case_invalid_from_the_start_has_no_report_yet(case: Path) -> None:
    case.write_text(BROKEN, encoding="utf-8")
    build = Builder(case).build()
    assert build.report is None and build.errors and not build.stale
    assert "no report yet" in status(build)


def test_a_template_error_is_shown_like_a_case_error_and_clears_when_fixed(
    case: Path, tmp_path: Path
) -> None:
    template = tmp_path / "layout"
    init_template(template)
    report = template / "report.html.j2"
    good = report.read_text(encoding="utf-8")
    builder = Builder(case, template=template)
    assert builder.build().report is not None

    lines = good.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("{%"))
    lines[at] += " {% if %}"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = builder.build(template_changed=True)
    [error] = broken.errors
    assert (error.file, error.line) == (str(report.resolve()), at + 1)
    assert error.source == lines[at]
    assert broken.stale

    report.write_text(good.replace("</body>", "<p>(egen)</p>\n</body>", 1), encoding="utf-8")
    fixed = builder.build(template_changed=True)
    assert not fixed.errors and fixed.report is not None and "(egen)" in fixed.report


def test_the_page_escapes_every_text_of_a_problem(case: Path) -> None:
    case.write_text(replace("fase1:\n", '"<script>alert(1)</script>": x\nfase1:\n'))
    build = Builder(case).build()
    assert build.errors
    shown = page(build)
    assert "<script>alert" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_warnings_are_in_a_panel_that_folds_away(case: Path) -> None:
    from tests.conftest import SOLHOEJ

    build = Builder(SOLHOEJ).build()
    assert build.warnings and not build.errors
    panel = status(build)
    assert panel.startswith('<details class="fp-warnings" open><summary>')
    assert f"{len(build.warnings)} warnings" in panel


# ---------------------------------------------------------------- the server
def test_serves_only_on_the_loopback_address(server: PreviewServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server._http.socket.getsockname() == ("127.0.0.1", server.port)
    with pytest.raises(OSError):  # another address of the loopback range: not bound there
        socket.create_connection(("127.0.0.2", server.port), timeout=2).close()


def test_the_page_the_assets_and_nothing_else(server: PreviewServer, case: Path) -> None:
    status_code, headers, body = get(server, "/")
    assert status_code == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Testby" in body and b'<div id="fp-report">' in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    for asset, media_type in (("preview.js", "text/javascript"), ("preview.css", "text/css")):
        status_code, headers, body = get(server, f"/assets/{asset}")
        assert status_code == 200 and headers["Content-Type"].startswith(media_type) and body
    for path in (
        "/index.html",
        "/assets/",
        "/assets",
        "/favicon.ico",
        f"/{case.name}",
        str(case),
        "/../../../../etc/passwd",
        "/assets/../../../../etc/passwd",
        "/assets/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/assets/preview.js/../../case.yaml",
    ):
        status_code, _, body = get(server, path)
        assert status_code == 404, path
        assert body == b"not found\n"


def test_a_request_for_another_host_is_refused(server: PreviewServer) -> None:
    """A web page cannot read the preview through a name of its own that points at
    127.0.0.1 (DNS rebinding): the Host header gives it away."""
    assert get(server, "/", host=f"localhost:{server.port}")[0] == 200
    status_code, _, body = get(server, "/", host=f"evil.example:{server.port}")
    assert status_code == 421 and b"Testby" not in body


def test_only_get_and_head(server: PreviewServer) -> None:
    status_code, _, body = get(server, "/", method="HEAD")
    assert status_code == 200 and body == b""
    assert get(server, "/", method="POST")[0] == 501
    assert get(server, "/", method="PUT")[0] == 501


def read_event(stream: http.client.HTTPResponse) -> dict[str, object]:
    """The next ``update`` event's data."""
    event = None
    while True:
        line = stream.fp.readline().decode("utf-8").rstrip("\n")
        if line.startswith("event: "):
            event = line[len("event: ") :]
        elif line.startswith("data: ") and event == "update":
            return json.loads(line[len("data: ") :])


def open_events(
    server: PreviewServer,
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.status == 200 and response.headers["Content-Type"] == "text/event-stream"
    return connection, response


def test_each_save_is_pushed_to_the_open_page(server: PreviewServer, case: Path) -> None:
    connection, stream = open_events(server)
    try:
        first = read_event(stream)
        assert first["version"] == 1 and "Testby" in str(first["body"])
        case.write_text(MINIMAL.replace("Testby", "Nyby"), encoding="utf-8")
        second = read_event(stream)
        assert second["version"] == 2 and "Nyby" in str(second["body"])
        case.write_text(BROKEN.replace("Testby", "Nyby"), encoding="utf-8")
        third = read_event(stream)
        assert third["stale"] is True and "body" not in third  # the page has it already
        assert f"{case}:{BROKEN_LINE}:3" in str(third["status"])
    finally:
        connection.close()


# ---------------------------------------------------------------- the watcher
def watch(
    watcher: Watcher, on_change: Callable[[], None] | None = None
) -> tuple[list[set[Path]], Callable[[], None]]:
    """Run ``watcher`` in a thread: the changes it calls with, and a function that stops it."""
    calls: list[set[Path]] = []
    stop = threading.Event()

    def changed(paths: set[Path]) -> None:
        calls.append(paths)
        if on_change is not None:
            on_change()

    thread = threading.Thread(target=watcher.run, args=(changed, stop))
    thread.start()
    time.sleep(0.1)  # its first look

    def stopped() -> None:
        stop.set()
        thread.join()

    return calls, stopped


def wait_until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_many_saves_in_quick_succession_make_one_change(case: Path) -> None:
    calls, stop = watch(Watcher([case], interval=0.02, quiet=0.25))
    try:
        for n in range(10):
            case.write_text(f"{MINIMAL}# save {n}\n", encoding="utf-8")
            time.sleep(0.02)
        wait_until(lambda: calls)
        time.sleep(0.5)
        assert calls == [{case}]
        case.write_text(MINIMAL, encoding="utf-8")  # a save later on is a change of its own
        wait_until(lambda: len(calls) == 2)
    finally:
        stop()


def test_saves_during_a_build_make_one_more(case: Path) -> None:
    building = threading.Event()
    calls, stop = watch(Watcher([case], interval=0.02, quiet=0.02), lambda: slow(building))
    try:
        case.write_text(f"{MINIMAL}# first\n", encoding="utf-8")
        wait_until(building.is_set)
        for n in range(5):  # while the first build runs
            case.write_text(f"{MINIMAL}# save {n}\n", encoding="utf-8")
            time.sleep(0.02)
        wait_until(lambda: len(calls) == 2)
        time.sleep(0.6)
        assert len(calls) == 2
    finally:
        stop()


def slow(building: threading.Event) -> None:
    building.set()
    time.sleep(0.3)


def test_the_watcher_sees_saves_by_rename_and_template_files(tmp_path: Path, case: Path) -> None:
    folder = tmp_path / "layout"
    (folder / "partials").mkdir(parents=True)
    partial = folder / "partials" / "x.html.j2"
    partial.write_text("a", encoding="utf-8")
    calls, stop = watch(Watcher([case], [folder]))
    try:
        (folder / ".x.html.j2.swp").write_text("editor's", encoding="utf-8")
        (folder / "x.html.j2~").write_text("backup", encoding="utf-8")
        new = tmp_path / "new.yaml"
        new.write_text(MINIMAL + "# renamed over\n", encoding="utf-8")
        os.replace(new, case)  # as vim saves
        wait_until(lambda: calls)
        partial.write_text("b", encoding="utf-8")
        wait_until(lambda: len(calls) == 2)
        assert calls == [{case}, {partial}]
    finally:
        stop()


# ---------------------------------------------------------------- stopping
def test_stop_closes_open_pages_and_leaves_no_thread(case: Path) -> None:
    before = set(threading.enumerate())
    server = PreviewServer(case)
    server.start()
    connection, stream = open_events(server)
    read_event(stream)
    idle = socket.create_connection(("127.0.0.1", server.port))  # says nothing, as a preconnect
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    assert not set(threading.enumerate()) - before
    connection.close()
    idle.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_the_command_cleanly(case: Path, signum: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "forankring_docs", "preview", str(case), "--no-open"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, line + process.stderr.read()
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        stream = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        stream.request("GET", "/events")  # a page is open
        assert stream.getresponse().status == 200
        process.send_signal(signum)
        out, err = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "preview stopped" in err and "Traceback" not in err


def test_a_port_in_use_is_a_usage_error(case: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["preview", str(case), "--no-open", "--port", str(port)])
    assert result.exit_code == 2
    assert f"error: port {port} is in use" in result.stderr
