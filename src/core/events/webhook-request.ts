// One webhook POST over node:http(s): the whole exchange (connect, send, answer) within a time limit, the first bytes
// of the answer kept for the attempt log, and private-network receivers refused at connection time unless allowed.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates as tlsRootCertificates } from 'node:tls';
import { assertReceiverAllowed, guardedLookup, parseReceiverUrl, ReceiverUrlError } from './receiver-address.js';

/** The most of an answer kept in the attempt log. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface WebhookResponse {
  /** Null when no answer came. */
  readonly status: number | null;
  readonly excerpt: string | null;
  /** Why no (complete) answer came. */
  readonly error: string | null;
}

export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly allowPrivateNetworks: boolean;
  /** Aborts the request (shutdown). */
  readonly signal?: AbortSignal;
}

/** Keep-alive connection pools for one worker; `destroy` closes them. */
export class ReceiverAgents {
  readonly http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  readonly https: HttpsAgent;
  /** `trustedCa`: PEM certificates trusted beside the system's (tests; operators use NODE_EXTRA_CA_CERTS). */
  constructor(trustedCa?: string) {
    this.https = new HttpsAgent({ keepAlive: true, maxSockets: 64, ...(trustedCa ? { ca: [...tlsRootCertificates, trustedCa] } : {}) });
  }
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

const describeError = (error: NodeJS.ErrnoException, timeoutMs: number): string => {
  if (error.code === 'ETIMEDOUT_WHOLE') return `no complete answer within ${timeoutMs / 1000} s`;
  if (error.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED): is the receiver running?';
  if (error.code === 'EPRIVATENETWORK') return `${error.message}; set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow such receivers`;
  if (error.code === 'ENOTFOUND') return `host not found (ENOTFOUND)`;
  return error.code ? `${error.message} (${error.code})` : error.message;
};

export async function postWebhook(request: WebhookRequest, agents: ReceiverAgents): Promise<WebhookResponse> {
  let url: URL;
  try {
    url = parseReceiverUrl(request.url);
    // Names are checked at connection time by the guarded lookup; IP literals never reach a lookup.
    if (isIP(url.hostname.replace(/^\[(.*)\]$/, '$1'))) await assertReceiverAllowed(url, request.allowPrivateNetworks);
  } catch (error) {
    if (error instanceof ReceiverUrlError) return { status: null, excerpt: null, error: error.message };
    throw error;
  }
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    const chunks: Buffer[] = [];
    let kept = 0;
    const excerpt = () => (status === null ? null : Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8'));
    const done = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      resolve({ status, excerpt: excerpt(), error });
    };
    const send = secure ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
      agent: secure ? agents.https : agents.http,
      lookup: guardedLookup(request.allowPrivateNetworks),
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT_WHOLE' })), request.timeoutMs);
    const onAbort = () => req.destroy(Object.assign(new Error('the delivery worker stopped before the answer came'), { code: 'ESTOPPED' }));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => done(describeError(error, request.timeoutMs)));
    req.on('response', (res: IncomingMessage) => {
      status = res.statusCode ?? null;
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_EXCERPT_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      res.on('end', () => done(null));
      res.on('error', (error: NodeJS.ErrnoException) => done(describeError(error, request.timeoutMs)));
      res.on('aborted', () => done('the receiver closed the connection before the answer was complete'));
    });
    req.end(request.body);
  });
}
