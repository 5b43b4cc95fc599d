"""A fault-injecting HTTP proxy in front of an S3 server, for tests/s3.rs.

Usage: python3 s3_fault_proxy.py UPSTREAM_PORT PORT_FILE LOG_FILE

Forwards every request to 127.0.0.1:UPSTREAM_PORT, except object GETs (no query string):
- a key holding "GONE" gets 404 NoSuchKey, as S3 answers for an object deleted after it was
  listed;
- a key holding "FLAKY" gets 503 SlowDown the first time, then is forwarded (throttling, retried).
Writes the port it listens on to PORT_FILE and one line per request ("STATUS METHOD PATH") to
LOG_FILE.
"""

import http.client
import http.server
import sys
import threading

UPSTREAM = int(sys.argv[1])
PORT_FILE = sys.argv[2]
LOG = open(sys.argv[3], "a", buffering=1)
LOCK = threading.Lock()
SEEN = set()


def error_xml(code, message):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    ).encode()


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        with LOCK:
            LOG.write(f"{status} {self.command} {self.path}\n")

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        object_get = self.command == "GET" and "?" not in self.path
        if object_get and "GONE" in self.path:
            return self.reply(
                404,
                error_xml("NoSuchKey", "The specified key does not exist."),
                [("Content-Type", "application/xml")],
            )
        if object_get and "FLAKY" in self.path:
            with LOCK:
                first = self.path not in SEEN
                SEEN.add(self.path)
            if first:
                return self.reply(
                    503,
                    error_xml("SlowDown", "Please reduce your request rate."),
                    [("Content-Type", "application/xml")],
                )
        conn = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
        conn.request(self.command, self.path, body, headers)
        r = conn.getresponse()
        data = r.read()
        skip = {"transfer-encoding", "connection", "content-length"}
        self.reply(r.status, data, [(k, v) for k, v in r.getheaders() if k.lower() not in skip])
        conn.close()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402

os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
