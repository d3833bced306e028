#!/usr/bin/env python3
"""The Healthchecks endpoint bench/run.sh points CRONLOCK_PING_URL at: answers 200 with an empty
body to every GET and POST, on 127.0.0.1, so a timed run pays cronlock's side of the pings and as
little of the server's as possible.

    ping_server.py PORT_FILE LOG_FILE

Binds a free port and writes it to PORT_FILE once it listens; appends one line per request to
LOG_FILE (method and the path's last segment: start, 0, fail, ...), which the report counts. Runs
until it is killed. Standard library only.
"""

import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1, so that a run's two pings may share one connection, as they would with a real server.
    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        last = self.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        with self.server.log_lock:
            self.server.log.write(f"{self.command} {last}\n")
            self.server.log.flush()

    do_GET = _answer
    do_POST = _answer
    do_HEAD = _answer

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def main():
    port_file, log_file = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log = open(log_file, "a", encoding="utf-8")
    server.log_lock = threading.Lock()
    with open(port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(f"{server.server_address[1]}\n")
    # Renamed into place, so that whoever waits for the file never reads it half written.
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
