"""A TCP relay in front of the test Redis that a test can cut and reconnect, as
a network blip would: while cut, every connection drops and new ones are
refused at once, and the Redis behind keeps everything it held. Or hang it, as a
stuck Redis would: connections are accepted and never answered."""

import socket
import threading


class RedisRelay:
    def __init__(self, upstream_url: str):
        host_port, _, self.database = upstream_url.removeprefix("redis://").partition(
            "/"
        )
        host, _, port = host_port.partition(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/{self.database}"
        self.is_cut = False
        self.is_hung = False
        self.connections = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            self.is_cut = True
            for sock in self.sockets:
                _close(sock)
            self.sockets.clear()

    def hang(self) -> None:
        self.cut()
        with self.lock:
            self.is_cut, self.is_hung = False, True

    def reconnect(self) -> None:
        with self.lock:
            self.is_cut = self.is_hung = False

    def close(self) -> None:
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                self.connections += 1
                if self.is_cut:
                    _close(client)
                    continue
                if self.is_hung:
                    self.sockets.append(client)  # held open, never answered
                    continue
                server = socket.create_connection(self.upstream)
                self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(
                    target=_pump, args=(source, target), daemon=True
                ).start()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    _close(source)
    _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
