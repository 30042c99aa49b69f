"""jupyter_server's gateway kernel manager and client, with their known gaps closed.

nbclient drives these exactly like a local kernel's manager and client; they talk to a
Jupyter Kernel Gateway, Jupyter Server or Enterprise Gateway over HTTP and a
WebSocket. Each fix below names the upstream issue it works around, so it can go
when upstream mends it.
"""

import asyncio
import contextlib
import threading
import time
from queue import Empty

import websocket
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_core.utils import ensure_async
from jupyter_server.gateway.gateway_client import GatewayClient, gateway_request
from jupyter_server.gateway.managers import (
    ChannelQueue,
    GatewayKernelClient,
    GatewayKernelManager,
)
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.escape import json_decode, json_encode, url_escape
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets import DottedObjectName, Type

# How often, at most, a running kernel is also checked over HTTP (a silent network,
# a kernel the server removed); the WebSocket itself is watched all the time.
MODEL_CHECK_INTERVAL = 5.0
_GONE_STATES = {"restarting", "dead", "autorestarting"}


class ConnectionDropped(Exception):
    """The connection to the server went away: the machinery's failure, never cached."""


class NoSuchRemoteKernel(Exception):
    """The server has no kernel of that name."""


class RunnerKernelManager(GatewayKernelManager):
    client_class = DottedObjectName("inkfolio.plugins.notebooks.gateway.RunnerKernelClient")
    client_factory = Type(klass="inkfolio.plugins.notebooks.gateway.RunnerKernelClient")

    async def start_kernel(self, **kwargs):
        """Start the kernel named on this manager, with no environment of the builder's.

        Upstream reads the name from ``start_kernel(kernel_name=...)`` only, but nbclient
        sets it on the manager, so every notebook silently ran on ``python3``
        (jupyter-server/enterprise_gateway#978). Upstream also forwards every
        ``KERNEL_*`` variable of the builder and the builder's local working folder,
        which mean nothing (or too much) on another machine: no ``env`` is sent at all,
        so the kernel gets the server's own environment (CUDA paths, its variables);
        Kernel Gateway gives a request that carries ``env`` only PATH and a whitelist.
        """
        gateway = GatewayClient.instance()
        spec_url = url_path_join(
            gateway.url, gateway.kernelspecs_endpoint, url_escape(self.kernel_name)
        )
        try:  # a kernel the server lacks is a 500 "Unknown server error" at start: ask first
            await gateway_request(spec_url, method="GET")
        except web.HTTPError as error:
            if error.status_code == 404:
                raise NoSuchRemoteKernel(self.kernel_name) from None
            raise
        response = await gateway_request(
            self.kernels_url,
            method="POST",
            headers={"Content-Type": "application/json"},
            body=json_encode({"name": self.kernel_name}),
        )
        self.kernel = json_decode(response.body)
        self.kernel_id = self.kernel["id"]
        self.kernel_url = url_path_join(self.kernels_url, url_escape(str(self.kernel_id)))

    async def is_alive(self):
        # No HTTP here: nbclient asks this while cleaning up, when the server may be gone.
        return self.has_kernel

    async def shutdown_kernel(self, now=False, restart=False):
        # The server may be gone (that is often why we stop): there is nothing to stop then.
        with contextlib.suppress(Exception):
            await super().shutdown_kernel(now=now, restart=restart)
        self.kernel = None


class EventQueue(ChannelQueue):
    """A channel's queue that wakes its reader when a message arrives.

    Upstream's queue polls with ``asyncio.sleep(0)`` in a loop, which keeps one core
    busy for as long as a cell runs (jupyter_server's ChannelQueue._async_get). Here
    the reader waits on a future that the WebSocket's reader thread resolves."""

    def __init__(self, channel_name, channel_socket, log):
        super().__init__(channel_name, channel_socket, log)
        self._waiters = []
        self._waiters_lock = threading.Lock()

    def put_nowait(self, item):
        super().put_nowait(item)
        self.wake()

    def wake(self):
        with self._waiters_lock:
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that loop is closed: nobody waits
                loop.call_soon_threadsafe(_resolve, future)

    async def _async_get(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        loop = asyncio.get_running_loop()
        while True:
            try:
                return self.get(block=False)
            except Empty:
                pass
            if self.response_router_finished:
                raise ConnectionDropped("the WebSocket to the server closed")
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise Empty
            future = loop.create_future()
            with self._waiters_lock:
                self._waiters.append((loop, future))
            if not self.empty() or self.response_router_finished:
                continue  # arrived while registering: no wake-up is coming for it
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(future, remaining)

    def is_beating(self):
        return not self.response_router_finished


def _resolve(future):
    if not future.done():
        future.set_result(None)


def _channel(name):
    attribute = f"_{name}_channel"

    def get(self):
        if getattr(self, attribute) is None:
            queue = EventQueue(name, self.channel_socket, self.log)
            setattr(self, attribute, queue)
            self._channel_queues[name] = queue
        return getattr(self, attribute)

    return property(get)


class RunnerKernelClient(GatewayKernelClient):
    shell_channel = _channel("shell")
    iopub_channel = _channel("iopub")
    stdin_channel = _channel("stdin")
    hb_channel = _channel("hb")
    control_channel = _channel("control")

    def __init__(self, kernel_id, **kwargs):
        super().__init__(kernel_id, **kwargs)
        self.connection_lost = False
        self.kernel_restarted = False
        self._model_checked = time.monotonic()

    async def start_channels(self, shell=True, iopub=True, stdin=True, hb=True, control=True):
        """Open the WebSocket with the token.

        Upstream opens it with no headers at all, so a server with a token answers
        401 and nbclient fails later on a bare AssertionError."""
        gateway = GatewayClient.instance()
        url = url_path_join(
            gateway.ws_url or "", gateway.kernels_endpoint, url_escape(self.kernel_id), "channels"
        )
        headers = gateway.load_connection_args().get("headers", {})
        self.channel_socket = websocket.create_connection(
            url,
            timeout=gateway.connect_timeout,
            header=[f"{name}: {value}" for name, value in headers.items()],
            enable_multithread=True,
            sslopt={"ca_certs": gateway.ca_certs} if gateway.ca_certs else None,
        )
        # The connect timeout must not stay on the socket: a cell may print nothing
        # for an hour. Liveness is watched by is_alive() instead.
        self.channel_socket.settimeout(None)
        await ensure_async(AsyncKernelClient.start_channels(self, shell, iopub, stdin, hb, control))
        self.response_router = threading.Thread(target=self._route_responses, daemon=True)
        self.response_router.start()

    def stop_channels(self):
        with contextlib.suppress(Exception):  # a dropped socket has nothing left to close
            super().stop_channels()

    def _route_responses(self):
        """Upstream's router, which also notices a kernel the server restarted (it says
        so on iopub) and tells waiting readers when the socket closes."""
        try:
            while not self._channels_stopped:
                raw = self.channel_socket.recv()
                if not raw:
                    break
                message = json_decode(raw)
                if (
                    message.get("channel") == "iopub"
                    and message.get("msg_type") == "status"
                    and message.get("content", {}).get("execution_state") in _GONE_STATES
                ):
                    self.kernel_restarted = True
                queue = (self._channel_queues or {}).get(message.get("channel"))
                if queue is not None:
                    queue.put_nowait(message)
        except Exception:  # closed, reset, refused: all mean the same here
            pass
        if not self._channels_stopped:
            self.connection_lost = True
        for queue in list((self._channel_queues or {}).values()):
            queue.response_router_finished = True
            queue.wake()

    async def is_alive(self):
        """Whether the kernel still runs, without the manager's provisioner.

        The base class asks the manager's provisioner, which a gateway kernel does not
        have: an AssertionError instead of a timeout or a dead kernel
        (jupyter/jupyter_client#1047). A kernel the server restarted after a crash
        counts as dead (upstream never noticed, and waited for the cell timeout); a
        connection that dropped is raised, so it is never taken for the notebook's
        own failure."""
        if self.connection_lost:
            raise ConnectionDropped("the WebSocket to the server closed")
        if self.kernel_restarted:
            return False
        if time.monotonic() - self._model_checked >= MODEL_CHECK_INTERVAL:
            self._model_checked = time.monotonic()
            state = await self._kernel_state()
            if state is None or state in _GONE_STATES:
                return False
        return True

    async def _kernel_state(self):
        """The kernel's state on the server (None: the server has no such kernel). A
        short timeout: a silent network must not hold the run for the request timeout."""
        gateway = GatewayClient.instance()
        # gateway_request would put its own request timeout back: ask tornado directly.
        options = {**gateway.load_connection_args(), "request_timeout": 2 * gateway.connect_timeout}
        try:
            response = await AsyncHTTPClient().fetch(
                self.parent.kernel_url, method="GET", raise_error=False, **options
            )
        except (OSError, HTTPClientError) as error:
            raise ConnectionDropped(f"the server stopped answering ({error})") from None
        if response.code == 404:
            return None
        if response.code != 200:
            raise ConnectionDropped(f"the server stopped answering (HTTP {response.code})")
        return json_decode(response.body).get("execution_state")

    _async_is_alive = is_alive
