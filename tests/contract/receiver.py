"""A webhook receiver for the tests: verifies every delivery with PyPI's standardwebhooks
(independent of the app's own signing code) and records what it got.

Prints its port, then serves on 127.0.0.1. `POST /_control` with JSON sets the secrets to
verify against (`secrets`), how many next deliveries to fail with 500 (`fail`), and a status
to answer every delivery with instead (`status`, e.g. 410). `GET /_log` is every delivery
seen, as JSON: its id, timestamp, type, whether it verified, and the status answered.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

state = {"secrets": [], "fail": 0, "status": None, "log": []}
lock = threading.Lock()


def verified(body, headers):
    for secret in state["secrets"]:
        try:
            Webhook(secret).verify(body, headers)
            return True
        except Exception:  # the library raises several kinds on a bad signature
            continue
    return False


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            body = json.dumps(state["log"]).encode()
        self.answer(200, body)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if self.path == "/_control":
            with lock:
                state.update(json.loads(body))
            return self.answer(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        with lock:
            ok = verified(body, headers)
            if state["status"]:
                status = state["status"]
            elif state["fail"] > 0:
                state["fail"] -= 1
                status = 500
            else:
                status = 200
            try:
                kind = json.loads(body).get("type")
            except ValueError:
                kind = None
            state["log"].append({
                "id": headers.get("webhook-id"),
                "timestamp": headers.get("webhook-timestamp"),
                "signatures": headers.get("webhook-signature", "").split(" "),
                "type": kind,
                "body": body.decode("utf-8", "replace"),
                "verified": ok,
                "status": status,
            })
        self.answer(status, b'{"seen": true}')


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
