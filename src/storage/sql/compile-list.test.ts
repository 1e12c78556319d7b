import { describe, expect, it } from 'vitest';
import { checkFilter } from '../../scim/filter/check.js';
import { parseFilter } from '../../scim/filter/parse.js';
import { userResourceType } from '../../scim/schema/resource-types.js';
import { bucketRowsSql, compileRows, SEQ_BUCKET_SIZE } from './compile-list.js';
import { postgresDialect, sqliteDialect } from './dialect.js';
import { userSqlTarget } from './sql-target.js';

const filter = checkFilter(parseFilter('externalId eq "ext-5"'), userResourceType);

describe('page limits', () => {
  it('writes the limit as a literal and binds the offset, on both dialects', () => {
    const lite = compileRows(userSqlTarget, sqliteDialect, 'org', { filter, window: { kind: 'offset', offset: 40, limit: 20 } });
    expect(lite.sql).toMatch(/LIMIT 21 OFFSET \?$/);
    expect(lite.params).toEqual(['org', 'ext-5', 40]);
    const pg = compileRows(userSqlTarget, postgresDialect, 'org', { filter, window: { kind: 'offset', offset: 40, limit: 20 } });
    expect(pg.sql).toMatch(/LIMIT 21 OFFSET \$3$/);
    expect(pg.params).toEqual(['org', 'ext-5', 40]);
  });

  it('writes cursor windows and bucket pages the same way', () => {
    expect(compileRows(userSqlTarget, sqliteDialect, 'org', { window: { kind: 'after', seq: 7, limit: 100 } }).sql).toMatch(/LIMIT 101$/);
    const bucket = bucketRowsSql(userSqlTarget, postgresDialect, 'org', 2, 5, 100);
    expect(bucket.sql).toMatch(/LIMIT 101 OFFSET \$3$/);
    expect(bucket.params).toEqual(['org', 2 * SEQ_BUCKET_SIZE, 5]);
  });

  it('refuses a limit that is not a non-negative integer', () => {
    for (const limit of [1.5, -2, Number.NaN]) {
      expect(() => compileRows(userSqlTarget, sqliteDialect, 'org', { window: { kind: 'offset', offset: 0, limit } })).toThrow(/page limit/);
    }
  });
});
