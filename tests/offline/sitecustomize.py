"""Loaded by every Python process a test build starts (tests/conftest.py puts this
folder on PYTHONPATH): a connection that would leave the machine is refused and noted
in the file named by INKFOLIO_TEST_OFFLINE_RECORD. Loopback and Unix sockets are fine
(kernels, the test's own servers)."""

import ipaddress
import os
import socket

RECORD = os.environ.get("INKFOLIO_TEST_OFFLINE_RECORD")
LOCAL_NAMES = {None, "", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_local(host):
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False  # a name that would need a DNS lookup
    return address.is_loopback or address.is_unspecified


def _refuse(host, port):
    with open(RECORD, "a", encoding="utf-8") as record:
        record.write(f"{host}:{port}\n")
    raise OSError(f"tests: a build may not connect to {host}:{port}")


def _guard():
    connect, connect_ex, getaddrinfo = (
        socket.socket.connect,
        socket.socket.connect_ex,
        socket.getaddrinfo,
    )

    def checked(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            _refuse(address[0], address[1])

    def guarded_connect(self, address):
        checked(self, address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        checked(self, address)
        return connect_ex(self, address)

    def guarded_getaddrinfo(host, port, *args, **kwargs):
        if not _is_local(host):
            _refuse(host, port)
        return getaddrinfo(host, port, *args, **kwargs)

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.getaddrinfo = guarded_getaddrinfo


if RECORD:
    LOCAL_NAMES.add(socket.gethostname())  # the machine's own name is not another machine
    _guard()
