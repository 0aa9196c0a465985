#!/usr/bin/env python3
"""Makes many short HTTP/1.0 connections (one GET each) so the bench capture
holds thousands of complete handshake/request/response/close conversations.

usage: http-load.py COUNT WORKERS URL [URL...]
Bounded by COUNT and by a 120 s deadline; only ever talks to the given URLs.
"""
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

DEADLINE = time.monotonic() + 120


def fetch(url: str) -> None:
    u = urlsplit(url)
    family = socket.AF_INET6 if ':' in (u.hostname or '') else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect((u.hostname, u.port or 80))
        s.sendall(f'GET {u.path} HTTP/1.0\r\nHost: {u.netloc}\r\nUser-Agent: pcap-bench\r\n\r\n'.encode())
        while s.recv(65536):
            pass


def main() -> None:
    count, workers, urls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    next_i = iter(range(count))
    lock = threading.Lock()
    failures = 0

    def worker() -> None:
        nonlocal failures
        while time.monotonic() < DEADLINE:
            with lock:
                i = next(next_i, None)
            if i is None:
                return
            try:
                fetch(urls[i % len(urls)])
            except OSError:
                with lock:
                    failures += 1

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f'http-load: {count} requested, {failures} failed', file=sys.stderr)


if __name__ == '__main__':
    main()
