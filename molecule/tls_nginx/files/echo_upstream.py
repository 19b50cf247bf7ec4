#!/usr/bin/env python3
"""Test upstream for the tls_nginx scenario: answers with the request headers it received.

/missing answers 404 (to see the proxy's headers on upstream errors); POST reports the body length.
"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, extra=""):
        body = ("baas-upstream-ok\n" + extra + "".join(
            f"{k.lower()}: {v}\n" for k, v in self.headers.items())).encode()
        self.send_response(404 if self.path.startswith("/missing") else 200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Frame-Options", "ALLOWALL")  # the proxy must replace this
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self._answer()

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        received = 0
        while received < length:
            chunk = self.rfile.read(min(65536, length - received))
            if not chunk:
                break
            received += len(chunk)
        self._answer(f"body-length: {received}\n")


ThreadingHTTPServer(("127.0.0.1", 8080), Echo).serve_forever()
