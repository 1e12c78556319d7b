// The README's example webhook receiver, run as written: its js block is saved as a module that imports
// `rollcall/webhooks` (the built package export), started as its own process, and fed real deliveries by a started
// server. If the example stops verifying Rollcall's signatures, this fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { change } from '../../src/storage/contract/context.js';
import { createTestSchema, type TestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { freePort, until } from '../support/webhook-receiver.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = '<!-- The receiver below is run as written against deliveries from a started server by test/readme/webhook-receiver.test.ts. -->';

/** The js block that follows the marker in README.md. */
export function receiverBlock(readme: string): string {
  const start = readme.indexOf(MARKER);
  if (start < 0) throw new Error('README.md lost the webhook receiver marker');
  const match = /```js\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!match) throw new Error('no ```js block after the marker');
  return match[1]!;
}

describe("the README's webhook receiver", { timeout: 60_000 }, () => {
  let server: RunningServer;
  let schema: TestSchema | undefined;
  let dir: string;
  let receiver: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rollcall-receiver-'));
    schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
    const databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'receiver.db')}`;
    server = await startServer(
      loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }),
    );
  });

  afterAll(async () => {
    receiver?.kill();
    await server?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies real deliveries and refuses a forged one', async () => {
    // `rollcall/webhooks` resolves as it does in an app that installed Rollcall: node_modules/rollcall.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'rollcall'), 'dir');
    writeFileSync(join(dir, 'receiver.mjs'), receiverBlock(readFileSync(join(ROOT, 'README.md'), 'utf8')));
    const port = await freePort();
    const secret = `whsec_${randomUUID()}é`;
    receiver = spawn(process.execPath, [join(dir, 'receiver.mjs')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ROLLCALL_WEBHOOK_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    receiver.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    receiver.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${port}/rollcall`;
    let forged: Response | undefined;
    await until(async () => {
      forged = await fetch(url, { method: 'POST', headers: { 'rollcall-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, body: '{}' }).catch(() => undefined);
      return forged !== undefined;
    }, 10_000, `the receiver to listen (${stderr})`);
    expect(forged!.status).toBe(400);
    expect(await forged!.text()).toBe('no signature matches');

    const store = server.services.store;
    const now = new Date().toISOString();
    const endpointId = `we_${randomUUID()}`;
    await store.webhooks.createEndpoint({ id: endpointId, url, types: null, orgId: null, enabled: true, secret, previousSecret: null, previousSecretUntil: null, createdAt: now, updatedAt: now });
    const org = await server.services.orgs.createOrg({ slug: 'acme', name: 'Acme', ownerEmail: 'o@acme.example', ownerPassword: 'a long enough password' });
    await store.users.create(org.id, { id: randomUUID(), doc: { userName: 'ada@acme.example' } }, change(new Date().toISOString()));
    await until(() => /user\.created/.test(stdout), 15_000, `the receiver to log user.created (stdout: ${stdout}, stderr: ${stderr})`);
    const line = stdout.split('\n').find((l) => l.includes('user.created'))!;
    expect(line).toMatch(new RegExp(`^evt_[0-9a-f]{32} user\\.created ${org.id}$`));
    // The receiver logs before it answers; the attempt is recorded once the answer arrived.
    const delivered = async () => (await store.webhooks.deliveries(endpointId, 10)).filter((d) => d.status === 'delivered');
    await until(async () => (await delivered()).length > 0, 5_000, 'the delivery recorded');
    const [delivery] = await delivered();
    expect((await store.webhooks.delivery(endpointId, delivery!.id))!.attemptLog.at(-1)).toMatchObject({ status: 204, error: null });
    expect(stderr).toBe('');
  });
});
