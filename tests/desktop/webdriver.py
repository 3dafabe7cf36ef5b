"""A minimal W3C WebDriver client on the standard library: just what the Lookout end-to-end
test uses, so the test needs nothing from a package registry and nothing to go stale."""

import base64
import http.client
import json
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def element_id(v):
    if isinstance(v, dict):
        for k in (ELEMENT, "ELEMENT"):
            if k in v:
                return v[k]
    raise WebDriverError(f"not an element reference: {v!r}")


class WebDriverError(Exception):
    pass


class Element:
    def __init__(self, session, eid):
        self.session = session
        self.id = eid

    def _url(self, suffix=""):
        return f"/element/{self.id}{suffix}"

    def click(self):
        self.session.cmd("POST", self._url("/click"), {})

    def clear(self):
        self.session.cmd("POST", self._url("/clear"), {})

    def send_keys(self, text):
        self.session.cmd("POST", self._url("/value"), {"text": text})

    @property
    def text(self):
        return self.session.cmd("GET", self._url("/text"))

    def attr(self, name):
        return self.session.cmd("GET", self._url(f"/attribute/{name}"))

    def prop(self, name):
        return self.session.cmd("GET", self._url(f"/property/{name}"))


class Session:
    def __init__(self, url, capabilities, timeout=60):
        self.url = url.rstrip("/")
        self.sid = None
        value = self._request("POST", f"{self.url}/session", {"capabilities": capabilities}, timeout=timeout)
        self.sid = value["sessionId"]

    def _request(self, method, url, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        # tauri-driver keeps pooled connections to WebKitWebDriver and does not retry when one
        # was closed by WebKitWebDriver in the meantime (hyper's retry_canceled_requests is
        # off): the request never reached WebKitWebDriver, and tauri-driver drops our
        # connection without a response. Sending it again is safe.
        for attempt in range(4):
            req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=timeout) as r:
                    payload = json.loads(r.read() or b"{}")
                return payload.get("value")
            except urllib.error.HTTPError as e:
                detail = e.read().decode(errors="replace")
                raise WebDriverError(f"{method} {url}: HTTP {e.code}: {detail}") from None
            except (http.client.RemoteDisconnected, ConnectionResetError) as e:
                if attempt == 3:
                    raise WebDriverError(f"{method} {url}: {type(e).__name__}: {e}") from None
                time.sleep(0.1)

    def cmd(self, method, path, body=None, timeout=30):
        return self._request(method, f"{self.url}/session/{self.sid}{path}", body, timeout)

    def find(self, css):
        v = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return Element(self, element_id(v))

    def find_all(self, css):
        vs = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [Element(self, element_id(v)) for v in vs]

    def execute(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def wait_for(self, what, fn, timeout=20, interval=0.2):
        """Polls `fn` (the test's own wait, not the app's) until it returns something truthy."""
        deadline = time.monotonic() + timeout
        last_err = None
        while time.monotonic() < deadline:
            try:
                v = fn()
                if v:
                    return v
            except WebDriverError as e:
                last_err = e
            time.sleep(interval)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}" + (f" (last error: {last_err})" if last_err else ""))

    def quit(self):
        if self.sid:
            try:
                self._request("DELETE", f"{self.url}/session/{self.sid}", timeout=15)
            except Exception:
                pass
            self.sid = None
