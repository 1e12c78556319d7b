// A real webhook receiver on 127.0.0.1 (node:http) for delivery tests: records every request and answers as told.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly rawBody: string;
  readonly headers: IncomingHttpHeaders;
  readonly eventId: string;
  readonly receivedAt: number;
}

export interface Answer {
  readonly status: number;
  readonly body?: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: ReceivedWebhook, index: number) => Answer = () => ({ status: 204 }), port = 0): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers, eventId: String(req.headers['rollcall-event-id']), receivedAt: Date.now() };
      const index = received.push(request) - 1;
      const { status, body = '', delayMs = 0 } = answer(request, index);
      const reply = () => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      if (delayMs === 0) return reply();
      const timer = setTimeout(() => (timers.delete(timer), reply()), delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks`,
    port: actual,
    received,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening (taken and released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until the condition holds (or fails after `timeoutMs`). */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
