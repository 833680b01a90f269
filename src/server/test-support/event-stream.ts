import { expect } from 'vitest';

// Shared by the tests of the live screens (notifications, exchange).

/** An open server-sent-events stream, as a browser holds it. */
export async function openStream(port: number, cookie: string) {
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/api/notifications/stream`, { headers: { cookie }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  // Event data is JSON of several shapes: the test reads each as it expects.
  const events: { event: string; data: any }[] = [];
  const listeners: (() => void)[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as unknown });
        for (const wake of listeners.splice(0)) wake();
      }
    }
  })();
  return {
    events,
    ended,
    /** Resolves with the first event (already received or coming, from the `from`-th on) that matches. */
    async next(predicate: (e: { event: string; data: any }) => boolean, from = 0, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.slice(from).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => { listeners.push(resolve); setTimeout(resolve, 1000); });
      }
    },
    close: () => controller.abort(),
  };
}
