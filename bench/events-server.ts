// Benchmark only: Rollcall's HTTP app on a SQLite file, `with` or `without` event appends, so events-cost.ts can
// compare the same SCIM writes with and without the outbox insert in one run. Prints `listening <port>`.
import { createServices } from '../src/core/services.js';
import { buildApp } from '../src/http/build-app.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'with' && mode !== 'without')) throw new Error('usage: events-server.js <sqlite file> with|without');
const store = createSqliteStore(path, { withoutEventsForBenchmark: mode === 'without' });
const app = await buildApp(createServices(store, { publicUrl: 'http://127.0.0.1' }), { logLevel: 'warn' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0));
});
