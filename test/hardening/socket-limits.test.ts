// Oversized bodies, short bodies and oversized headers over a real socket: the client always reads a SCIM error
// instead of a reset connection (EPIPE/ECONNRESET) or a hang.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServices } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const REQUEST_TIMEOUT_MS = 1_000;

let db: TestStore;
let app: FastifyInstance;
let port: number;
let token: string;

beforeAll(async () => {
  db = await openTestStore();
  const services = createServices(db.store, { publicUrl: 'https://rollcall.test' });
  app = await buildApp(services, { logLevel: 'silent', requestTimeoutMs: REQUEST_TIMEOUT_MS });
  const org = await services.orgs.createOrg({ slug: 'sock', name: 'Sock', ownerEmail: 'owner@sock.test', ownerPassword: 'a long enough password' });
  ({ token } = await services.tokens.generate(org.id, { name: 'test', ip: null }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends `size` bytes of a JSON-looking body in 64 KB writes, as a client that does not wait for the answer would. */
function post(path: string, size: number, options: { chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        ...(options.chunked ? {} : { 'content-length': String(size) }),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(piece.length, size - sent);
        sent += n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function expectScim413(answer: Answer) {
  expect(answer.status).toBe(413);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/scim\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ schemas: [ERROR_SCHEMA], status: '413', scimType: 'tooLarge' });
}

describe('oversized bodies are answered with a readable SCIM 413', { timeout: 30_000 }, () => {
  it('5 MB POST /Users with Content-Length', async () => {
    expectScim413(await post('/scim/v2/Users', 5 * 1024 * 1024));
  });
  it('5 MB POST /Users, chunked', async () => {
    expectScim413(await post('/scim/v2/Users', 5 * 1024 * 1024, { chunked: true }));
  });
  it.each([5, 12])('%i MB POST /Bulk', async (mb) => {
    expectScim413(await post('/scim/v2/Bulk', mb * 1024 * 1024));
  });
  it('12 MB POST /Bulk, chunked', async () => {
    expectScim413(await post('/scim/v2/Bulk', 12 * 1024 * 1024, { chunked: true }));
  });
  it.each([
    ['/scim/v2/Users', 5, false],
    ['/scim/v2/Users', 5, true],
    ['/scim/v2/Bulk', 12, false],
    ['/scim/v2/Bulk', 12, true],
  ])('%s with %i MB (chunked: %s) from a client that asks to close and reads only after writing', async (path, mb, chunked) => {
    const { text, error } = await closingPost(path, mb * 1024 * 1024, chunked);
    expect(error).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ schemas: [ERROR_SCHEMA], status: '413', scimType: 'tooLarge' });
  });
  it('a body far beyond the drain bound is still answered 413 before the connection closes', async () => {
    const { text } = await closingPost('/scim/v2/Users', 40 * 1024 * 1024, false);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
  });
  it('the server keeps serving afterwards', async () => {
    const answer = await post('/scim/v2/Users', 0);
    expect(answer.status).toBe(400);
  });
});

/** A client like many scripts: `Connection: close`, writes the whole body, then reads until the server closes. */
function closingPost(path: string, size: number, chunked: boolean): Promise<{ text: string; error: string | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ text, error }));
    const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`;
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\nConnection: close\r\n${framing}\r\n\r\n`);
    const body = Buffer.alloc(size, 0x20);
    if (!chunked) return void socket.write(body, () => socket.end());
    const piece = 1024 * 1024;
    for (let at = 0; at < size; at += piece) {
      const part = body.subarray(at, Math.min(size, at + piece));
      socket.write(`${part.length.toString(16)}\r\n`);
      socket.write(part);
      socket.write('\r\n');
    }
    socket.write('0\r\n\r\n', () => socket.end());
  });
}

/** Writes raw bytes and collects whatever comes back until the server closes (or `waitMs` passes). */
function raw(bytes: string, waitMs: number): Promise<{ text: string; closedAfterMs: number | undefined }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedAfterMs: undefined });
    }, waitMs);
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    socket.write(bytes);
  });
}

describe('requests that never finish, and oversized headers', { timeout: 30_000 }, () => {
  it('a Content-Length larger than what is sent times out promptly with a SCIM 408', async () => {
    const head = `POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{"userName":`;
    const { text, closedAfterMs } = await raw(head, 10_000);
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS + 3_000);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ schemas: [ERROR_SCHEMA], status: '408' });
  });
  it('a filter too long for the header limit gets a SCIM 431', async () => {
    const filter = encodeURIComponent(`userName eq "${'a'.repeat(20_000)}"`);
    const { text } = await raw(`GET /scim/v2/Users?filter=${filter} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`, 5_000);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toMatch(/content-type: application\/scim\+json/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ schemas: [ERROR_SCHEMA], status: '431' });
  });
});
