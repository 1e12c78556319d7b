// Two projects: "unit+sqlite" runs every suite (HTTP suites on the embedded store); "postgres" runs the HTTP suites under test/ again on
// PostgreSQL (ROLLCALL_TEST_DB=postgres), plus the many-instances tests. Without a reachable PostgreSQL the second
// project is left out locally (with a line saying what to start) and fails under CI.
import pg from 'pg';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const POSTGRES_URL = process.env['ROLLCALL_TEST_POSTGRES_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPostgres = Boolean(process.env['CI']) || (await postgresReachable());
  if (!withPostgres) {
    console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL}: skipping the PostgreSQL run of the HTTP suites. Start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start`);
  }
  return {
    test: {
      testTimeout: 30_000,
      hookTimeout: 60_000,
      pool: 'forks',
      projects: [
        {
          extends: true,
          test: {
            name: 'unit+sqlite',
            include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
            exclude: ['test/scale/**'],
            // The CLI process tests spawn the compiled command; rebuild dist/ first when src/ is newer.
            globalSetup: ['test/support/build-dist.ts'],
          },
        },
        ...(withPostgres
          ? [
              {
                extends: true as const,
                test: {
                  name: 'postgres',
                  // The HTTP suites: black-box ones under test/, and the route tests beside src/http/.
                  include: ['test/**/*.test.ts', 'src/http/**/*.test.ts'],
                  env: { ROLLCALL_TEST_DB: 'postgres' },
                  // The many-instances tests spawn the compiled server; rebuild dist/ first when src/ is newer.
                  globalSetup: ['test/support/build-dist.ts'],
                },
              },
            ]
          : []),
      ],
    },
  };
});
