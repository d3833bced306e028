#!/usr/bin/env python3
"""A small TCP proxy for the reliability suite: latency, dropped and stalled connections.

    proxy.py --listen PORT --target PORT [--latency-ms N] [--refuse-first K] [--log FILE]
    proxy.py --listen PORT --blackhole

Forwards 127.0.0.1:LISTEN to 127.0.0.1:TARGET, delaying every chunk by --latency-ms in each
direction (order kept), so a round trip costs twice that. Controlled by signals while it runs:

    SIGUSR1  drop: abort every open connection (the client sees a reset), keep accepting
    SIGUSR2  stall on/off: stop forwarding in both directions, connections stay open, new ones
             are accepted and stall too (a server that went silent)

--refuse-first K aborts the first K connections right after accepting them.
--blackhole listens and never accepts: the kernel completes the TCP handshake (up to the
backlog) and nothing ever answers, which is what a hung or firewalled server looks like.
Loopback only.
"""

import argparse
import asyncio
import signal
import socket
import sys
import time


def log(args, message):
    if args.log:
        with open(args.log, "a", encoding="utf-8") as f:
            f.write(f"{time.time():.3f} {message}\n")


def blackhole(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(512)
    while True:
        signal.pause()


class Proxy:
    def __init__(self, args):
        self.args = args
        self.connections = set()
        self.accepted = 0
        self.stalled = asyncio.Event()  # set = forwarding; clear = stalled
        self.stalled.set()

    def drop_all(self):
        log(self.args, f"drop {len(self.connections)} connection(s)")
        for writers in list(self.connections):
            for w in writers:
                w.transport.abort()
        self.connections.clear()

    def toggle_stall(self):
        if self.stalled.is_set():
            self.stalled.clear()
            log(self.args, "stall on")
        else:
            self.stalled.set()
            log(self.args, "stall off")

    async def pipe(self, reader, writer, pair):
        latency = self.args.latency_ms / 1000.0
        queue = asyncio.Queue()

        async def deliver():
            while True:
                at, data = await queue.get()
                if data is None:
                    break
                delay = at - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                await self.stalled.wait()
                writer.write(data)
                await writer.drain()
            writer.close()

        delivery = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                await self.stalled.wait()
                await queue.put((time.monotonic() + latency, data))
        except (ConnectionError, OSError):
            pass
        await queue.put((0, None))
        try:
            await delivery
        except (ConnectionError, OSError):
            pass
        self.connections.discard(pair)

    async def handle(self, client_reader, client_writer):
        self.accepted += 1
        number = self.accepted
        if number <= self.args.refuse_first:
            log(self.args, f"conn {number} refused (refuse-first)")
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.args.target)
        except OSError:
            client_writer.transport.abort()
            return
        pair = (client_writer, server_writer)
        self.connections.add(pair)
        log(self.args, f"conn {number} open")
        await asyncio.gather(self.pipe(client_reader, server_writer, pair),
                             self.pipe(server_reader, client_writer, pair), return_exceptions=True)
        log(self.args, f"conn {number} closed")


async def serve(args):
    proxy = Proxy(args)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, proxy.drop_all)
    loop.add_signal_handler(signal.SIGUSR2, proxy.toggle_stall)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.listen, reuse_address=True)
    log(args, f"listening on {args.listen} -> {args.target}, latency {args.latency_ms} ms")
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", type=int)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--refuse-first", type=int, default=0)
    parser.add_argument("--blackhole", action="store_true")
    parser.add_argument("--log")
    args = parser.parse_args()
    if args.blackhole:
        blackhole(args.listen)
    elif args.target is None:
        parser.error("--target is required unless --blackhole")
    else:
        asyncio.run(serve(args))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
