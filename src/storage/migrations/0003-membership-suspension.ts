// Migration 3: a console membership is suspended while the identity provider has the person deactivated
// (design.md section 4: active=false stops sign-in); the role is kept for reactivation.
import type { Migration } from './migration.js';

export const membershipSuspension: Migration = {
  version: 3,
  name: 'membership-suspension',
  sqlite: `ALTER TABLE memberships ADD COLUMN suspended_at TEXT;`,
  postgres: `ALTER TABLE memberships ADD COLUMN suspended_at timestamptz;`,
};
