"""A TCP server on a loopback port that accepts every connection and never says a
word: what a hung Redis or a stalled database looks like from outside (the port
is open, the process is stuck)."""

import socket
import threading


class SilentServer:
    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def redis_url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def close(self) -> None:
        with self.lock:
            for sock in [*self.sockets, self.listener]:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                self.connections += 1
                # Held open, never read from or answered.
                self.sockets.append(client)
