// Configuration read once at start: the database settings that choose and size the storage engine.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite file and a pool of 10', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: DEFAULT_DATABASE_URL, databasePoolMax: 10, port: 8080, host: '127.0.0.1' });
  });

  it.each(['postgres://db.internal/rollcall', 'postgresql://u:p@db:5432/rc?options=-c%20search_path%3Drc'])('accepts %s', (url) => {
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: '25' })).toMatchObject({ databaseUrl: url, databasePoolMax: 25 });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL/],
    [{ DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX/],
    [{ DATABASE_POOL_MAX: 'many' }, /DATABASE_POOL_MAX/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
