// The product team's API keys (design.md section 8): created with a name and shown once, stored as a SHA-256
// digest with a hint, revocable by id. They open /api/v1 only; SCIM tokens open /scim/v2 only (prefixes differ).
import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord } from '../../storage/product-store.js';
import type { Store } from '../../storage/store.js';
import type { Clock } from '../clock.js';
import { InputError } from '../orgs/org-service.js';
import { API_KEY, digestToken } from '../tokens/token-format.js';

/** Last use is recorded at most once a minute per key, so steady API traffic causes no writes. */
const LAST_USE_RESOLUTION_MS = 60_000;
const MAX_NAME_LENGTH = 100;

export class ApiKeyService {
  /** Key id -> when this process last recorded its use. */
  private readonly lastUseRecorded = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Creates a key and returns it: the only time it exists in clear. */
  async create(name: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > MAX_NAME_LENGTH) throw new InputError(`an API key needs a name of 1 to ${MAX_NAME_LENGTH} characters`);
    const { token, credentialId, digest, hint } = API_KEY.generate();
    const record: ApiKeyRecord = { id: credentialId, name: trimmed, digest, hint, createdAt: this.clock().toISOString(), revokedAt: null, lastUsedAt: null };
    await this.store.apiKeys.create(record);
    return { key: token, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.apiKeys.list();
  }

  /** Revokes a live key; an unknown or already revoked id is an InputError. */
  async revoke(id: string): Promise<ApiKeyRecord> {
    if (!(await this.store.apiKeys.revoke(id, this.clock().toISOString()))) {
      throw new InputError(`no live API key with id "${id}" (see rollcall api-key list)`);
    }
    return (await this.store.apiKeys.byId(id))!;
  }

  /** Checksum first (no I/O), then one primary-key lookup and a constant-time digest compare. */
  async authenticate(key: string): Promise<ApiKeyRecord | undefined> {
    const parsed = API_KEY.parse(key);
    if (!parsed) return undefined;
    const record = await this.store.apiKeys.byId(parsed.credentialId);
    if (!record || record.revokedAt !== null) return undefined;
    const expected = Buffer.from(record.digest, 'hex');
    const actual = Buffer.from(digestToken(key), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    const now = this.clock().getTime();
    const recorded = this.lastUseRecorded.get(record.id) ?? (record.lastUsedAt === null ? 0 : Date.parse(record.lastUsedAt));
    if (now - recorded >= LAST_USE_RESOLUTION_MS) {
      this.lastUseRecorded.set(record.id, now);
      await this.store.apiKeys.recordUse(record.id, new Date(now).toISOString());
    }
    return record;
  }
}
