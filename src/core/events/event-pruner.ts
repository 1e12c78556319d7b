// Deletes events older than the retention (EVENT_RETENTION_DAYS): at start, then every hour.
import type { Clock } from '../clock.js';
import type { Store } from '../../storage/store.js';

const HOUR_MS = 3_600_000;

export class EventPruner {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly retentionDays: number,
    private readonly clock: Clock = () => new Date(),
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  prune(): Promise<number> {
    return this.store.events.prune(new Date(this.clock().getTime() - this.retentionDays * 24 * HOUR_MS).toISOString());
  }

  start(): void {
    const run = () => void this.prune().catch(this.onError);
    run();
    this.timer = setInterval(run, HOUR_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
