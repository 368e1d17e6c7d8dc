"""Debian's Firefox ESR, driven from pytest through a small Node bridge (firefox_bridge.mjs, puppeteer-core over
WebDriver BiDi: Playwright cannot drive a stock Firefox).

The bridge reads one JSON command per line and answers one per line; :class:`Firefox`, :class:`Page` and
:class:`Frame` are the few calls the tests need, named as in Playwright. Firefox runs headless on a fresh profile
whose prefs (:data:`PREFS`) stop its background services and block third-party storage, and sends anything not for
localhost to :class:`Sink`, a local proxy that records the request and refuses it.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import socketserver
import subprocess
import threading
from pathlib import Path

FIREFOX = os.environ.get("WWE_FIREFOX", "/usr/bin/firefox-esr")
"""Debian's Firefox ESR (WWE_FIREFOX: another Firefox, or a wrapper such as strace)."""
BRIDGE = Path(__file__).resolve().parent / "firefox_bridge.mjs"
ROOT = Path(__file__).resolve().parents[2]
LAUNCH_TIMEOUT_S = 120
TIMEOUT_MS = 30_000
"""A limit for each wait (a state that never comes fails the test), never a pause."""
SLACK_S = 30
"""How much longer than a command's own limit the bridge may take to answer before it counts as hung."""

PREFS = {
    # Telemetry, studies, remote settings, update and add-on checks, push, captive portal and connectivity probes,
    # safe browsing, DNS over HTTPS, prefetching and speculative connections: all off (puppeteer already points
    # some of them at an unresolvable dummy.test, which would still be a request leaving localhost).
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.archive.enabled": False,
    "toolkit.telemetry.server": "",
    "datareporting.policy.dataSubmissionEnabled": False,
    "app.shield.optoutstudies.enabled": False,
    "app.normandy.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "nimbus.telemetry.targetingContextEnabled": False,
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "browser.region.network.url": "",
    "browser.region.update.enabled": False,
    "browser.search.geoSpecificDefaults": False,
    "browser.newtabpage.activity-stream.feeds.section.topstories": False,
    "browser.newtabpage.activity-stream.default.sites": "",
    "browser.topsites.contile.enabled": False,
    "browser.ping-centre.telemetry": False,
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.google.updateURL": "",
    "app.update.enabled": False,
    "app.update.auto": False,
    "extensions.getAddons.showPane": False,
    "extensions.blocklist.enabled": False,
    "extensions.systemAddon.update.enabled": False,
    "dom.push.enabled": False,
    "dom.push.connection.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.trr.mode": 5,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.predictor.enabled": False,
    "network.http.speculative-parallel-limit": 0,
    "security.OCSP.enabled": 0,
    "security.remote_settings.crlite_filters.enabled": False,
    "security.remote_settings.intermediates.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "media.gmp-manager.url": "",
    "media.gmp-gmpopenh264.enabled": False,
    "media.gmp-widevinecdm.enabled": False,
    "identity.fxaccounts.enabled": False,
    "browser.shopping.experience2023.enabled": False,
    "browser.ml.enable": False,
}


class Sink(socketserver.ThreadingTCPServer):
    """A local HTTP proxy that records each request it gets (its first line: ``GET http://host/...`` or
    ``CONNECT host:443``) and refuses it. Firefox's proxy prefs send it everything that is not for localhost
    (Firefox never proxies localhost and 127.0.0.1), so what it records would have left the machine."""

    daemon_threads = True

    def __init__(self) -> None:
        self.seen: list[str] = []
        super().__init__(("127.0.0.1", 0), _SinkHandler)
        threading.Thread(target=self.serve_forever, name="firefox-sink", daemon=True).start()

    @property
    def prefs(self) -> dict:
        port = self.server_address[1]
        return {"network.proxy.type": 1, "network.proxy.share_proxy_settings": True,
                "network.proxy.http": "127.0.0.1", "network.proxy.http_port": port,
                "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": port,
                "network.proxy.allow_hijacking_localhost": False}

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _SinkHandler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(8192).decode("latin-1").strip()
        if line:
            self.server.seen.append(line)
        self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class BridgeError(AssertionError):
    """A command the bridge could not carry out (a wait that timed out, a missing element...)."""


class Firefox:
    """One headless Firefox ESR and its bridge process."""

    def __init__(self, prefs: dict, log: Path) -> None:
        node = shutil.which("node")
        assert node, "Node.js is needed to drive Firefox (the bridge uses puppeteer-core from node_modules)"
        self._log = open(log, "w")  # the bridge's and Firefox's messages, for a failing run
        self._process = subprocess.Popen(
            [node, str(BRIDGE), json.dumps({"executablePath": FIREFOX, "prefs": prefs})], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True, bufsize=1)
        self._answers: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, name="firefox-bridge", daemon=True).start()
        self._next = 0
        ready = self._answer(LAUNCH_TIMEOUT_S)
        assert "ready" in ready, ready
        self.version = ready["ready"]

    def _read(self) -> None:
        for line in self._process.stdout:
            self._answers.put(json.loads(line))
        self._answers.put({"closed": self._process.wait()})

    def _answer(self, timeout_s: float) -> dict:
        try:
            answer = self._answers.get(timeout=timeout_s)
        except queue.Empty:
            raise BridgeError(f"the Firefox bridge did not answer within {timeout_s:.0f} s") from None
        if "closed" in answer:
            raise BridgeError(f"the Firefox bridge exited ({answer['closed']}); see {self._log.name}")
        return answer

    def call(self, op: str, **args):
        self._next += 1
        self._process.stdin.write(json.dumps({"id": self._next, "op": op, **args}) + "\n")
        answer = self._answer(args.get("timeout", TIMEOUT_MS) / 1000 + SLACK_S)
        assert answer["id"] == self._next, answer
        if "error" in answer:
            raise BridgeError(f"{op} {args}: {answer['error']}")
        return answer["value"]

    def new_page(self, width: int = 1280, height: int = 800, beside: Page | None = None) -> Page:
        """A tab in a fresh user context, or (``beside``) another tab of that page's: same storage, same
        BroadcastChannels."""
        return Page(self, **self.call("newPage", width=width, height=height,
                                      beside=None if beside is None else beside.page_id))

    def close(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=60)
        finally:
            if self._process.poll() is None:
                self._process.kill()
            self._log.close()


class Frame:
    """A document in Firefox: the page's own, or an iframe's."""

    def __init__(self, firefox: Firefox, page: str, frame_id: str) -> None:
        self.firefox, self.page_id, self.id = firefox, page, frame_id

    def _call(self, op: str, **args):
        return self.firefox.call(op, frame=self.id, **args)

    def frame(self, selector: str, url: str, timeout: int = TIMEOUT_MS) -> Frame:
        """The frame of the iframe matching ``selector``, once its document's URL starts with ``url``."""
        return Frame(self.firefox, self.page_id, self._call("frame", selector=selector, url=url, timeout=timeout))

    def evaluate(self, js: str, arg=None):
        """The value of the function ``js`` called with ``arg`` in this document (JSON values in and out)."""
        return self._call("evaluate", js=js, arg=arg)

    def wait_for(self, js: str, arg=None, timeout: int = TIMEOUT_MS):
        """Wait until the function ``js`` called with ``arg`` returns a truthy value; return it."""
        return self._call("waitFor", js=js, arg=arg, timeout=timeout)

    def wait_for_selector(self, selector: str, timeout: int = TIMEOUT_MS) -> None:
        self.wait_for("s => document.querySelector(s) !== null", selector, timeout)

    def wait_for_text(self, selector: str, text: str, timeout: int = TIMEOUT_MS) -> None:
        """Wait until the first element matching ``selector`` contains ``text``."""
        self.wait_for("([s, t]) => document.querySelector(s)?.textContent.includes(t)", [selector, text], timeout)

    def text(self, selector: str) -> str | None:
        return self.evaluate("s => document.querySelector(s)?.textContent ?? null", selector)

    def texts(self, selector: str) -> list[str]:
        return self.evaluate("s => [...document.querySelectorAll(s)].map(e => e.textContent)", selector)

    def count(self, selector: str) -> int:
        return self.evaluate("s => document.querySelectorAll(s).length", selector)

    def click(self, selector: str, timeout: int = TIMEOUT_MS) -> None:
        self._call("click", selector=selector, timeout=timeout)

    def fill(self, selector: str, value: str, timeout: int = TIMEOUT_MS) -> None:
        self._call("fill", selector=selector, value=value, timeout=timeout)

    def select(self, selector: str, value: str, timeout: int = TIMEOUT_MS) -> None:
        self._call("select", selector=selector, value=value, timeout=timeout)

    def press(self, selector: str, key: str, timeout: int = TIMEOUT_MS) -> None:
        """Focus ``selector`` (a click) and press ``key``, with modifiers as in ``"Shift+Enter"``."""
        self._call("press", page=self.page_id, selector=selector, key=key, timeout=timeout)


class Page(Frame):
    """A tab in its own user context (a fresh profile's cookies and storage), and its main document."""

    def __init__(self, firefox: Firefox, page: str, frame: str) -> None:
        super().__init__(firefox, page, frame)

    def add_init_script(self, js: str) -> None:
        """Run the script ``js`` in every document of the page, its frames' too, before their own scripts."""
        self.firefox.call("addInitScript", page=self.page_id, js=js)

    def goto(self, url: str) -> None:
        self.firefox.call("goto", page=self.page_id, url=url)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.firefox.call("screenshot", page=self.page_id, path=str(path))
        return path

    def log(self) -> dict:
        """``{"console": [...], "requests": [...]}``: console messages and page errors, and every URL requested."""
        return self.firefox.call("log", page=self.page_id)

    def close(self) -> None:
        self.firefox.call("closePage", page=self.page_id)
