"""A minimal Language Server Protocol client for the real yaml-language-server (the server
VS Code's YAML extension runs), over stdio: open a file, read its diagnostics, ask for hover
and completion. ``.ci/run`` installs the server with npm into tools/yaml-language-server."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SERVER = REPO / "tools" / "yaml-language-server" / "node_modules" / ".bin" / "yaml-language-server"
INSTALL = "npm ci --prefix tools/yaml-language-server (as .ci/run does)"
TIMEOUT = 30.0


def missing_reason() -> str | None:
    """Why the server cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (apt-get install nodejs npm)"
    if not SERVER.exists():
        return f"yaml-language-server is not installed; run {INSTALL}"
    return None


class YamlServer:
    """One running server; use as a context manager."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
        )
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._diagnostics: dict[str, queue.Queue[list[dict[str, Any]]]] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": REPO.as_uri(),
                "capabilities": {
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"documentationFormat": ["plaintext"]}},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": self._settings()}})

    @staticmethod
    def _settings() -> dict[str, Any]:
        # No schema store: it would be fetched from the network, and only the modeline counts.
        return {
            "validate": True,
            "hover": True,
            "completion": True,
            "schemaStore": {"enable": False},
            "schemas": {},
        }

    # ------------------------------------------------------------------ protocol
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._process.stdin is not None
        with self._lock:
            self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._process.stdin.flush()

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self._dispatch(json.loads(stream.read(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            result: Any = None
            if message["method"] == "workspace/configuration":
                items = message["params"]["items"]
                result = [self._settings() if i.get("section") == "yaml" else None for i in items]
            self._send({"id": message["id"], "result": result})
        elif "id" in message:
            self._replies.setdefault(message["id"], queue.Queue()).put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            uri = message["params"]["uri"]
            self._diagnostics.setdefault(uri, queue.Queue()).put(message["params"]["diagnostics"])

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next_id += 1
        ident = self._next_id
        replies = self._replies.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        reply = replies.get(timeout=TIMEOUT)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    # ------------------------------------------------------------------ editor actions
    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        self._diagnostics.setdefault(uri, queue.Queue())
        content = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": content}},
        )
        return uri

    def diagnostics(self, path: Path) -> list[dict[str, Any]]:
        """The diagnostics of ``path`` once the server has validated it with its schema.

        The server publishes once the schema is loaded; a second publication within a short
        while (a revalidation) replaces the first."""
        uri = self.open(path)
        found = self._diagnostics[uri].get(timeout=TIMEOUT)
        deadline = time.monotonic() + 0.5
        while (left := deadline - time.monotonic()) > 0:
            try:
                found = self._diagnostics[uri].get(timeout=left)
            except queue.Empty:
                break
        return found

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        return result["contents"]["value"] if result else ""

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        return result["items"] if isinstance(result, dict) else result or []

    def __enter__(self) -> YamlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self._process.wait(timeout=5)
        except Exception:
            self._process.kill()
            self._process.wait()
