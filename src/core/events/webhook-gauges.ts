// Webhook backlog gauges for /metrics: pending deliveries and the age of the oldest, read from the database at scrape
// time, so every instance reports the cluster's queue (alert on the age: a stuck receiver or a stopped worker).
import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Store, WebhookBacklog } from '../../storage/store.js';

export function registerWebhookGauges(registry: Registry, store: Store, clock: Clock = () => new Date()): void {
  // Both gauges are collected in one scrape: one query serves both. A database that cannot answer leaves the gauges
  // out of the scrape rather than failing /metrics (which must still report the outage).
  let cached: { at: number; backlog: Promise<WebhookBacklog | undefined> } | undefined;
  const backlog = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 1_000) cached = { at: now, backlog: store.webhooks.backlog().catch(() => undefined) };
    return cached.backlog;
  };
  new Gauge({
    name: 'rollcall_webhook_backlog',
    help: 'Webhook deliveries waiting to be sent (pending, including those being retried), across all instances.',
    registers: [registry],
    async collect() {
      const current = await backlog();
      if (current) this.set(current.pending);
      else this.reset();
    },
  });
  new Gauge({
    name: 'rollcall_webhook_oldest_pending_seconds',
    help: 'Age of the oldest pending webhook delivery in seconds (0 when none is pending).',
    registers: [registry],
    async collect() {
      const current = await backlog();
      if (!current) return this.reset();
      const oldest = current.oldestCreatedAt;
      this.set(oldest === null ? 0 : Math.max(0, (clock().getTime() - Date.parse(oldest)) / 1000));
    },
  });
}
