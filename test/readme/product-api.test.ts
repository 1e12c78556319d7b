// The README's section for the product team, run as written: its shell block (npx rollcall, curl, jq) against a
// started server, with the identity provider's part played in between. If a README command stops working, this fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestSchema, type TestSchema } from '../../src/storage/postgres/testing/test-schema.js';
import { TEST_ENGINE } from '../support/test-store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = '<!-- The commands below are run as written against a started server by test/readme/product-api.test.ts. -->';
const tools = ['curl', 'jq'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
// In CI a missing tool is a failure (.ci/run installs them); locally the suite says what to install.
const skip = tools.length > 0 && !process.env['CI'];
if (skip) console.warn(`Skipping the README test: ${tools.join(' and ')} missing. Install with: apt-get install -y curl jq`);

/** The shell block that follows the marker in README.md. */
export function readmeBlock(readme: string): string {
  const start = readme.indexOf(MARKER);
  if (start < 0) throw new Error('README.md lost the product-team marker');
  const match = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!match) throw new Error('no ```sh block after the marker');
  return match[1]!;
}

/** Runs a bash script without blocking this process (the server under test answers from this event loop). */
function bash(script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(skip)("the README's product-team commands", { timeout: 120_000 }, () => {
  let server: RunningServer;
  let schema: TestSchema | undefined;
  let dir: string;
  let databaseUrl: string;
  let origin: string;

  beforeAll(async () => {
    expect(tools, `missing tools: ${tools.join(', ')}`).toEqual([]);
    dir = mkdtempSync(join(tmpdir(), 'rollcall-readme-'));
    schema = TEST_ENGINE === 'postgres' ? await createTestSchema() : undefined;
    databaseUrl = schema ? schema.url : `sqlite:${join(dir, 'readme.db')}`;
    const port = await freePort();
    server = await startServer(loadConfig({ PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }));
    origin = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await server?.close();
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create a key, an organization and a setup link, then read the provisioned users page by page', async () => {
    const block = readmeBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(block).toContain('http://127.0.0.1:8080/api/v1');
    const [before, after] = block.split(/^(?=# 4\.)/m);
    expect(after, 'step 4 of the README block').toBeDefined();
    // The customer's identity provider, between steps 3 and 4: SCIM enabled, two people provisioned.
    const idp = [
      'SCIM_TOKEN=$(npx rollcall token generate --org acme-corp)',
      'for u in ann bob; do',
      `  curl -fsS -o /dev/null -X POST "${origin}/scim/v2/Users" -H "Authorization: Bearer $SCIM_TOKEN" -H "Content-Type: application/scim+json" \\`,
      `    -d "{\\"schemas\\": [\\"urn:ietf:params:scim:schemas:core:2.0:User\\"], \\"userName\\": \\"$u@acme.example\\"}"`,
      'done',
      '',
    ].join('\n');
    // Pages of one user, so the README's paging loop really follows `next`.
    const script = (before + idp + after!.replace('limit=100', 'limit=1')).replaceAll('http://127.0.0.1:8080', origin);
    const run = await bash(script, { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', external_id: 'cust_123' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ url: expect.stringMatching(/\/setup-link\?token=rcl_/), expires_at: expect.any(String) });
    const users = lines.slice(2).map((line) => line.split('\t'));
    expect(users.map((u) => [u[1], u[2]])).toEqual([
      ['ann@acme.example', 'true'],
      ['bob@acme.example', 'true'],
    ]);
  });
});
