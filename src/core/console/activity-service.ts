// Read models for the console's logs: token events (audit), the provisioning activity log and connection health.
import type { ActivityEntry, ActivityQuery, AuditEvent, Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { hourOf, type ActivityRecorder } from '../activity/activity-recorder.js';

/** Audit pages show the most recent entries; older history stays in the database. */
export const LOG_PAGE_SIZE = 200;
export const ACTIVITY_PAGE_SIZE = 50;

export interface ProvisioningCounts {
  readonly users: number;
  readonly activeUsers: number;
  readonly deactivatedUsers: number;
  readonly groups: number;
}

export interface ActivityPage {
  readonly entries: readonly ActivityEntry[];
  /** The seq to pass as `before` for the next (older) page, when there is one. */
  readonly next: number | undefined;
  /** Set when a search stopped at the end of its scan window (this many entries): older ones were not searched yet. */
  readonly searchWindowEnded?: number;
}

/** Entries one search request reads at most, so a rare term costs a bounded scan, not the whole retention. */
export const DEFAULT_SEARCH_WINDOW = 100_000;

export interface HourPoint {
  readonly hour: string;
  readonly requests: number;
  readonly errors: number;
}

export type HealthWarning = 'waiting' | 'failing' | 'retired-token';

export interface ConnectionHealth {
  readonly lastRequestAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly requests24h: number;
  readonly errors24h: number;
  readonly retiredToken24h: number;
  /** 168 hourly points, oldest first, ending with the current hour. */
  readonly series: readonly HourPoint[];
  readonly warnings: readonly HealthWarning[];
}

const HOUR_MS = 3_600_000;
/** Entra ID quarantines an app whose requests mostly fail; we warn earlier, at half. */
const FAILING_SHARE = 0.5;
const FAILING_MIN_REQUESTS = 5;

export class ActivityService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly recorder: ActivityRecorder,
    private readonly searchWindow = DEFAULT_SEARCH_WINDOW,
  ) {}

  tokenEvents(orgId: string): Promise<AuditEvent[]> {
    return this.store.audit.list(orgId, LOG_PAGE_SIZE);
  }

  async page(orgId: string, query: Omit<ActivityQuery, 'limit'>, limit = ACTIVITY_PAGE_SIZE): Promise<ActivityPage> {
    await this.recorder.flush();
    // A substring search cannot use an index: it scans at most searchWindow entries per request, newest first.
    const floorSeq = query.search ? await this.store.activity.seqAtDepth(orgId, query.beforeSeq, this.searchWindow) : undefined;
    const rows = await this.store.activity.list(orgId, { ...query, ...(floorSeq === undefined ? {} : { floorSeq }), limit: limit + 1 });
    const entries = rows.slice(0, limit);
    if (rows.length > limit) return { entries, next: entries[entries.length - 1]?.seq };
    return floorSeq === undefined ? { entries, next: undefined } : { entries, next: floorSeq, searchWindowEnded: this.searchWindow };
  }

  async entry(orgId: string, seq: number): Promise<ActivityEntry | undefined> {
    await this.recorder.flush();
    return this.store.activity.get(orgId, seq);
  }

  /** The health of the IdP connection; `enabledAt` is when the current token was made (for "waiting"). */
  async health(orgId: string, enabledAt: string | null): Promise<ConnectionHealth> {
    await this.recorder.flush();
    const now = this.clock();
    const firstHour = new Date(Date.parse(hourOf(now)) - 167 * HOUR_MS);
    const rows = await this.store.activity.hours(orgId, firstHour.toISOString());
    const byHour = new Map<string, { requests: number; errors: number }>();
    let lastRequestAt: string | null = null;
    let lastSuccessAt: string | null = null;
    let requests24h = 0;
    let errors24h = 0;
    let retiredToken24h = 0;
    const dayAgo = new Date(now.getTime() - 24 * HOUR_MS).toISOString();
    for (const row of rows) {
      const point = byHour.get(row.hour) ?? { requests: 0, errors: 0 };
      point.requests += row.requests;
      point.errors += row.errors;
      byHour.set(row.hour, point);
      if (lastRequestAt === null || row.lastRequestAt > lastRequestAt) lastRequestAt = row.lastRequestAt;
      if (row.lastSuccessAt !== null && (lastSuccessAt === null || row.lastSuccessAt > lastSuccessAt)) lastSuccessAt = row.lastSuccessAt;
      // Hour rows are the unit: an hour that ended more than a day ago is outside "the last 24 hours".
      if (Date.parse(row.hour) + HOUR_MS > Date.parse(dayAgo)) {
        requests24h += row.requests;
        errors24h += row.errors;
        retiredToken24h += row.retiredToken;
      }
    }
    const series: HourPoint[] = [];
    for (let i = 0; i < 168; i++) {
      const hour = new Date(firstHour.getTime() + i * HOUR_MS).toISOString();
      series.push({ hour, ...(byHour.get(hour) ?? { requests: 0, errors: 0 }) });
    }
    const warnings: HealthWarning[] = [];
    if (enabledAt !== null && (lastRequestAt === null || lastRequestAt < enabledAt)) warnings.push('waiting');
    if (requests24h >= FAILING_MIN_REQUESTS && errors24h / requests24h >= FAILING_SHARE) warnings.push('failing');
    if (retiredToken24h > 0) warnings.push('retired-token');
    return { lastRequestAt, lastSuccessAt, requests24h, errors24h, retiredToken24h, series, warnings };
  }

  /** Totals: all users and groups from the seq buckets; deactivated people from the (org_id, active) index. */
  async counts(orgId: string): Promise<ProvisioningCounts> {
    const window = { kind: 'offset', offset: 0, limit: 0 } as const;
    const [users, groups, deactivatedUsers] = await Promise.all([
      this.store.users.list(orgId, { window }),
      this.store.groups.list(orgId, { window }, false),
      this.store.consoleDirectory.countDeactivated(orgId),
    ]);
    return { users: users.totalResults, activeUsers: users.totalResults - deactivatedUsers, deactivatedUsers, groups: groups.totalResults };
  }
}
