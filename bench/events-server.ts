// Benchmark only: Rollcall's HTTP app on a database (sqlite:<path> or postgres://…), `with` or `without` event inserts,
// so events-cost.ts can compare the same SCIM writes with and without the outbox in one run. Prints `listening <port>`.
import { createServices } from '../src/core/services.js';
import { buildApp } from '../src/http/build-app.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';

const [databaseUrl, mode] = process.argv.slice(2);
if (!databaseUrl || (mode !== 'with' && mode !== 'without')) throw new Error('usage: events-server.js <database url> with|without');
const options = { withoutEventsForBenchmark: mode === 'without' };
const store = databaseUrl.startsWith('sqlite:') ? createSqliteStore(databaseUrl.slice('sqlite:'.length), options) : await createPostgresStore(databaseUrl, options);
const app = await buildApp(createServices(store, { publicUrl: 'http://127.0.0.1' }), { logLevel: 'warn' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0));
});
