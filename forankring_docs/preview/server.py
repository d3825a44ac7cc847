"""The live preview's server: the page on 127.0.0.1, each new build pushed to it.

The standard library's threaded HTTP server with server-sent events: the page holds one
``/events`` stream open and gets each build on it as it is made. Fixed routes only (the
page, the stream, the page's two assets): no address reaches the file system, and nothing
but the report is served. Requests naming another host are refused, so that a web page
cannot reach the preview through a DNS name pointed at 127.0.0.1.

:class:`PreviewServer` starts the server and the watcher in threads and stops them all:
nothing here prints, handles signals or exits (the command line does).
"""

from __future__ import annotations

import contextlib
import errno
import socket
import socketserver
import threading
from collections.abc import Callable, Collection
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from forankring_docs.errors import UsageError
from forankring_docs.i18n import _
from forankring_docs.preview.builder import Build, Builder
from forankring_docs.preview.page import ASSETS, page, update
from forankring_docs.preview.watcher import Watcher

__all__ = ["HOST", "PreviewServer"]

HOST = "127.0.0.1"  # loopback only: the report is the user's, not the network's
HEARTBEAT = 10.0  # seconds: a comment on the stream, so that a closed page is noticed
_HEADERS = {
    # Scripts from the page's own address only: even a text that escaped its escaping
    # could not run. Styles inline: the report's own.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

OnBuild = Callable[[Build], None]


class PreviewServer:
    """Serves the preview of ``case`` at :attr:`url` and rebuilds it on every save, from
    :meth:`start` until :meth:`stop` (or as a context manager). ``on_build`` hears of every
    build, the first one included."""

    def __init__(
        self,
        case: Path,
        *,
        template: Path | None = None,
        language: str | None = None,
        port: int = 0,
        display: str | None = None,
        ignore: Collection[str] = (),
        on_build: OnBuild | None = None,
        watcher: Watcher | None = None,
    ) -> None:
        self.builder = Builder(
            case, template=template, language=language, display=display, ignore=ignore
        )
        self.template = template.resolve() if template else None
        self.watcher = watcher or Watcher([case], [self.template] if self.template else [])
        self.on_build = on_build
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._http = _bind(port, self)
        self.port: int = self._http.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @property
    def current(self) -> Build:
        return self.builder.current

    # ------------------------------------------------------------ life
    def start(self) -> None:
        """The first build, then serving and watching, each in a thread of its own."""
        before = self.watcher.snapshot()  # a save during the first build is a change
        self._built(self.builder.build())
        for name, target in (
            ("preview-http", lambda: self._http.serve_forever(poll_interval=0.1)),
            ("preview-watch", lambda: self.watcher.run(self._rebuild, self._stopping, before)),
        ):
            thread = threading.Thread(target=target, name=name)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop watching and serving, close every open page's stream, join every thread."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        if self._threads:
            self._http.shutdown()
        self._http.close_connections()
        self._http.server_close()  # joins the request threads
        for thread in self._threads:
            thread.join()
        self._threads.clear()

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------ builds
    def _rebuild(self, changed: set[Path]) -> None:
        template = self.template
        template_changed = template is not None and any(p.is_relative_to(template) for p in changed)
        self._built(self.builder.build(template_changed=template_changed))

    def _built(self, build: Build) -> None:
        with self._changed:
            self._changed.notify_all()
        if self.on_build is not None:
            self.on_build(build)

    def next_build(self, after: int, timeout: float) -> Build | None:
        """The current build once it is newer than version ``after``; None when ``timeout``
        seconds pass first, or when the server stops."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._stopping.is_set() or self.current.version != after, timeout
            )
        if self._stopping.is_set() or self.current.version == after:
            return None
        return self.current

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()


def _bind(port: int, preview: PreviewServer) -> _HttpServer:
    try:
        return _HttpServer((HOST, port), _Handler, preview)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                _(
                    "port {port} is in use",
                    port=port,
                ),
                _("choose another with --port, or leave --port out"),
            ) from None
        raise UsageError(
            _(
                "cannot serve on {address}: {reason}",
                address=f"{HOST}:{port}",
                reason=exc.strerror or exc,
            )
        ) from None


class _HttpServer(ThreadingHTTPServer):
    # Request threads are joined on close (not daemons): a stop leaves no thread behind.
    daemon_threads = False
    block_on_close = True

    def __init__(
        self, address: tuple[str, int], handler: type[_Handler], preview: PreviewServer
    ) -> None:
        self.preview = preview
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, handler)

    def server_bind(self) -> None:
        """Bound without the base's reverse look-up of the host's name, which can hang
        where there is no name server."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._lock:
            if not open_:
                self._connections.discard(connection)
            elif self.preview.stopping:  # accepted as the server stopped: closed at once
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
            else:
                self._connections.add(connection)

    def close_connections(self) -> None:
        """Wake every request thread still reading or writing: their sockets are shut."""
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):  # closed meanwhile
                    connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    server_version = "forankring-preview"
    sys_version = ""
    timeout = 30  # seconds: a connection that sends no request is closed

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Quiet: the command line says what matters."""

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, *, body: bool) -> None:
        if not self._local_host():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"not this host\n", "text/plain", body)
            return
        route = urlsplit(self.path).path
        preview = self.server.preview
        if route == "/":
            content = page(preview.current).encode("utf-8")
            self._send(HTTPStatus.OK, content, "text/html; charset=utf-8", body)
        elif route == "/events" and body:
            self._events()
        elif route == "/events":
            self._send(HTTPStatus.OK, b"", "text/event-stream", body)
        elif route in ASSETS:
            self._send(HTTPStatus.OK, *ASSETS[route], body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", body)

    def _local_host(self) -> bool:
        host = self.headers.get("Host", "")
        port = self.server.server_address[1]
        return host in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: HTTPStatus, content: bytes, media_type: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(content)))
        for name, value in _HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(content)

    def _events(self) -> None:
        """The stream of builds: the current one at once (the page may have missed some),
        then each new one as it is made."""
        preview = self.server.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        for name, value in _HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        after = sent_report = -1
        build: Build | None = preview.current
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not preview.stopping:
                if build is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    data = update(build, with_report=build.report_version != sent_report)
                    self.wfile.write(f"event: update\ndata: {data}\n\n".encode())
                    sent_report = build.report_version
                    after = build.version
                build = preview.next_build(after, HEARTBEAT)
        except OSError:  # the page was closed, or the server is stopping
            return
