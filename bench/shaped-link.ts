// A slow line between the browser and the server, as a TCP proxy: every byte of every connection
// shares one downlink and one uplink of fixed bandwidth, with a fixed one-way delay, and is counted.
//
// Chromium's own throttling (DevTools Network.emulateNetworkConditions) applies to one target at a
// time: the requests of a service worker and of the PDF viewer's dedicated worker escaped it (neither
// slowed nor counted), which made a page the service worker controls look free. Shaping the line
// itself treats the page, its workers and the service worker alike.
import net from 'node:net';

export interface LineSpec {
  /** Bits per second, server → browser. */
  downBitsPerSecond: number;
  /** Bits per second, browser → server. */
  upBitsPerSecond: number;
  /** Added round-trip time in ms (half each way; a new connection pays one round trip to open). */
  rttMs: number;
}

/** One direction of the line: chunks leave one after another at the line's rate, then travel `delayMs`. */
class Direction {
  private busyUntil = 0;
  /** In order of sending: a single timer delivers them, so no chunk overtakes an earlier one. */
  private readonly queue: { at: number; deliver: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  bytes = 0;
  constructor(private readonly bytesPerMs: number, private readonly delayMs: number) {}

  send(length: number, deliver: () => void) {
    this.bytes += length;
    // Start when the line is free, take the time the bytes need, arrive after the delay.
    this.busyUntil = Math.max(performance.now(), this.busyUntil) + length / this.bytesPerMs;
    this.queue.push({ at: this.busyUntil + this.delayMs, deliver });
    if (!this.timer) this.schedule();
  }

  private schedule() {
    const head = this.queue[0];
    if (!head) { this.timer = null; return; }
    this.timer = setTimeout(() => {
      while (this.queue[0] && this.queue[0].at <= performance.now() + 0.5) this.queue.shift()!.deliver();
      this.schedule();
    }, Math.max(0, head.at - performance.now()));
  }
}

export interface ShapedLink {
  port: number;
  /** Bytes sent to the browser and to the server since the last reset. */
  counters(): { down: number; up: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startShapedLink(targetPort: number, spec: LineSpec): Promise<ShapedLink> {
  const down = new Direction(spec.downBitsPerSecond / 8 / 1000, spec.rttMs / 2);
  const up = new Direction(spec.upBitsPerSecond / 8 / 1000, spec.rttMs / 2);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    client.pause();
    sockets.add(client);
    // Opening a connection costs a round trip on a real line.
    setTimeout(() => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      sockets.add(upstream);
      client.on('data', (chunk) => up.send(chunk.length, () => upstream.write(chunk)));
      upstream.on('data', (chunk) => down.send(chunk.length, () => client.write(chunk)));
      // An end travels after the data before it.
      client.on('end', () => up.send(0, () => upstream.end()));
      upstream.on('end', () => down.send(0, () => client.end()));
      const destroy = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on('error', destroy).on('close', () => up.send(0, destroy));
      upstream.on('error', destroy).on('close', () => down.send(0, destroy));
      client.resume();
    }, spec.rttMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    counters: () => ({ down: down.bytes, up: up.bytes }),
    reset: () => { down.bytes = 0; up.bytes = 0; },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
