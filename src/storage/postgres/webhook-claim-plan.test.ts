// EXPLAIN proves that finding the webhook queue heads costs one index probe per queue on PostgreSQL, not a scan of
// every waiting delivery (a bulk import can leave a long backlog, and every claim looks for heads).
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUEUE_HEADS } from '../webhook-rows.js';
import { planNodes } from './testing/plan-nodes.js';
import { testPool } from './testing/test-pool.js';
import { requirePostgres } from './testing/test-schema.js';

const available = await requirePostgres();

let pool: pg.Pool;
let close = async () => {};

beforeAll(async () => {
  if (!available) return;
  ({ pool, close } = await testPool());
  await pool.query(`INSERT INTO webhook_endpoints (id, url, secret, created_at, updated_at) VALUES ('we_plan', 'https://x.example', 's', now(), now())`);
  // 40,000 deliveries in 10 organization queues, the oldest quarter delivered.
  await pool.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, org_id, event_id, status, created_at, next_attempt_at)
     SELECT 'whd_' || i, 'we_plan', 'org-' || (i % 10), 'evt_' || i, CASE WHEN i <= 10000 THEN 'delivered' ELSE 'pending' END, now(), now()
     FROM generate_series(1, 40000) AS i`,
  );
  await pool.query('ANALYZE webhook_deliveries');
});

afterAll(() => close());

it.skipIf(!available)('finds the head of each of 10 queues among 30,000 pending deliveries without scanning them', async () => {
  const plan = await planNodes(pool, `WITH RECURSIVE ${QUEUE_HEADS} SELECT seq FROM queue_heads`, [], { analyze: true });
  expect(plan.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
  const touched = plan
    .filter((n) => n['Relation Name'] === 'webhook_deliveries')
    .reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1), 0);
  expect(touched).toBeLessThanOrEqual(40);
  const heads = await pool.query<{ seq: string }>(`WITH RECURSIVE ${QUEUE_HEADS} SELECT seq FROM queue_heads ORDER BY seq`);
  expect(heads.rows.map((r) => Number(r.seq))).toEqual([10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010]);
});
