// The start-up every Chromium suite shares: is the browser there (in CI a missing browser fails, locally the suite is
// skipped with how to install it), a server listening on a free port whose PUBLIC_URL is that real address (the
// console checks Origin against it), and a headless Chromium. Page scripts stay strings in the suites: the test
// project is type-checked without the DOM library.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { createServices, type Services } from '../../src/core/services.js';
import { buildApp } from '../../src/http/build-app.js';
import { openTestStore, type TestStore } from './test-store.js';

export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery staple';
export const VIEWPORTS = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

const installed = existsSync(CHROMIUM);

/** True when the suite should be skipped (no browser, not CI); says so, with the fix, once per suite. */
export function skipWithoutChromium(suite: string): boolean {
  const skip = !installed && !process.env['CI'];
  if (skip) console.warn(`Skipping ${suite}: ${CHROMIUM} is missing. Install it with: apt-get update && apt-get install -y chromium`);
  return skip;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface BrowserServer {
  /** The server's origin, also its PUBLIC_URL. */
  readonly base: string;
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly testStore: TestStore;
  readonly browser: Browser;
  /** Content-Security-Policy violations reported by pages made with `newPage`. */
  readonly cspViolations: string[];
  /** A page in a fresh context (own cookies), watched for CSP violations. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the app on a free port over a fresh test store (SQLite, or PostgreSQL with ROLLCALL_TEST_DB) and Chromium. */
export async function startBrowserServer(): Promise<BrowserServer> {
  expect(installed, `Chromium is missing at ${CHROMIUM}: apt-get update && apt-get install -y chromium`).toBe(true);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const testStore = await openTestStore();
  const services = createServices(testStore.store, { publicUrl: base });
  const app = await buildApp(services, { logLevel: 'warn' });
  await app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const cspViolations: string[] = [];
  return {
    base,
    app,
    services,
    testStore,
    browser,
    cspViolations,
    async newPage(options = {}) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      return page;
    },
    async close() {
      await browser.close();
      await app.close();
      await testStore.dispose();
    },
  };
}

/** Signs in through the real form and waits to land in an organization. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/orgs\//);
}

/** How far the page is wider than the viewport (0 when nothing overflows). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>;
