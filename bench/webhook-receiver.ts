// A webhook receiver in its own process, as the product's app would be: verifies each delivery with the secret from
// argv and prints one JSON line per event (`{"id","type","occurredAt","arrivedAt"}`) after `listening <port>`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../src/webhooks/verify-webhook.js';

const secret = process.argv[2];
if (!secret) throw new Error('usage: webhook-receiver.js <secret>');

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const arrivedAt = Date.now();
    try {
      const event = verifyWebhook(Buffer.concat(chunks), request.headers['rollcall-signature'], secret) as { id: string; type: string; occurred_at: string };
      response.writeHead(204).end();
      process.stdout.write(`${JSON.stringify({ id: event.id, type: event.type, occurredAt: Date.parse(event.occurred_at), arrivedAt })}\n`);
    } catch {
      response.writeHead(401).end();
      process.stdout.write(`${JSON.stringify({ refused: true })}\n`);
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
