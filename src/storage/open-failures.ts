// Why a database could not be opened, in one line naming the place and the fix (no stack, never a password).
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseOpenError } from './store-errors.js';

/** Refuses a SQLite path Rollcall should not create: the file for read-only commands, a folder other than the default. */
export function checkSqlitePath(path: string, options: { mustExist: boolean; mayCreateFolder: boolean }): void {
  if (path === ':memory:') return;
  const file = resolve(path);
  if (options.mustExist && !existsSync(file)) {
    throw new DatabaseOpenError(`no SQLite database at ${file}: correct --database-url or DATABASE_URL (rollcall serve and org create create it)`);
  }
  const folder = dirname(file);
  if (!options.mayCreateFolder && !existsSync(folder)) {
    throw new DatabaseOpenError(`the folder ${folder} for the SQLite database does not exist: create it (mkdir -p ${folder}) or correct --database-url or DATABASE_URL`);
  }
}

/** Turns a failure to open or migrate the SQLite file into one line; other errors pass through unchanged. */
export function sqliteOpenFailure(path: string, error: unknown): unknown {
  const file = resolve(path);
  const code = (error as { code?: unknown }).code;
  const writable = (target: string) => {
    try {
      accessSync(target, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_READONLY_DBMOVED' || (existsSync(file) && !writable(file))) {
    return new DatabaseOpenError(
      `cannot write the SQLite database ${file}: the file is read-only for this user; make it and its folder writable (chmod u+w, chown) or correct DATABASE_URL`,
    );
  }
  if (!writable(dirname(file))) {
    return new DatabaseOpenError(
      `cannot write the SQLite database ${file}: its folder is read-only for this user (SQLite keeps its journal beside the file); make the folder writable`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseOpenError(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  return error;
}

/** Turns a PostgreSQL connection or migration failure into one line; the password never appears. */
export function postgresOpenFailure(connectionString: string, error: unknown): unknown {
  let where = 'the configured server';
  let database = '';
  let user = '';
  try {
    const url = new URL(connectionString);
    where = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
    database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    user = decodeURIComponent(url.username);
  } catch {
    return new DatabaseOpenError('DATABASE_URL is not a valid postgres:// URL: use postgres://user:password@host:5432/database');
  }
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return new DatabaseOpenError(`cannot reach PostgreSQL at ${where} (connection refused): start PostgreSQL or correct DATABASE_URL`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseOpenError(`cannot reach PostgreSQL at ${where} (unknown host): correct the host in DATABASE_URL`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DatabaseOpenError(`cannot reach PostgreSQL at ${where} (${code}): check the network path or correct DATABASE_URL`);
    case '3D000':
      return new DatabaseOpenError(`PostgreSQL has no database "${database}": create it (createdb ${database}) or correct DATABASE_URL`);
    case '28P01':
    case '28000':
      return new DatabaseOpenError(`PostgreSQL at ${where} refused the credentials of user "${user}": correct the user or password in DATABASE_URL`);
    case '42501':
      return new DatabaseOpenError(`PostgreSQL user "${user}" may not create Rollcall's tables in "${database}": grant CREATE on the schema or use another user`);
  }
  if (/timeout/i.test(message)) {
    return new DatabaseOpenError(`PostgreSQL at ${where} did not answer in time: check that it is running and reachable, or correct DATABASE_URL`);
  }
  if (code.startsWith('E') || /^[0-9A-Z]{5}$/.test(code)) {
    return new DatabaseOpenError(`cannot open PostgreSQL database "${database}" at ${where}: ${message.replace(connectionString, 'DATABASE_URL')}`);
  }
  return error;
}
