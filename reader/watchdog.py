"""A per-fetch watchdog: shuts the fetch's sockets at its deadline or on cancel, so no read blocks past it."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class Watchdog:
    """Shuts down the fetch's sockets at the deadline or on cancel, so no blocking read outlives them."""

    def __init__(self, deadline: float, cancel: threading.Event | None) -> None:
        self.deadline = deadline
        self.cancel = cancel
        self.fired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sift-fetch-watchdog", daemon=True)
        self._thread.start()

    def trace(self, name: str, info: dict) -> None:
        """httpx/httpcore trace hook: remember each new connection's socket."""
        if name != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is None:
            return
        with self._lock:
            self._socks.append(sock)
            if self.fired:
                shutdown(sock)

    def _run(self) -> None:
        while not self._done.wait(min(0.1, max(self.deadline - time.monotonic(), 0.0))):
            if time.monotonic() >= self.deadline or (self.cancel is not None and self.cancel.is_set()):
                with self._lock:
                    self.fired = True
                    for sock in self._socks:
                        shutdown(sock)
                return

    def stop(self) -> None:
        self._done.set()


def shutdown(sock: socket.socket) -> None:
    """Shut a socket down both ways (a blocked read in another thread returns at once)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
