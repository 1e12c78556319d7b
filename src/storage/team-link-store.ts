// One-time team links (issue 14): invitations to join an organization and password-reset links, kept as digests.
import type { Role } from './store.js';

export type TeamLinkKind = 'invite' | 'password-reset';

export interface TeamLink {
  /** The credential id inside the link: the non-secret id the Team page and the audit log name. */
  readonly id: string;
  readonly orgId: string;
  readonly kind: TeamLinkKind;
  /** Who the link is for: the invitee, or the member whose password it resets. */
  readonly email: string;
  /** The role an invitation grants; null for a password reset. */
  readonly role: Role | null;
  /** Hex SHA-256 of the whole link secret; the secret itself is never stored. */
  readonly digest: string;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface TeamLinkStore {
  create(link: TeamLink): Promise<void>;
  byId(id: string): Promise<TeamLink | undefined>;
  /** The org's links neither used nor expired at `now`, oldest first. */
  pending(orgId: string, now: string): Promise<TeamLink[]>;
  /** Deletes an unused link of this org; true when one was deleted. */
  revoke(orgId: string, id: string): Promise<boolean>;
  /** Marks the link used if it is unused and unexpired at `now`; true when this call used it (one caller ever). */
  consume(id: string, now: string): Promise<boolean>;
  /**
   * In one transaction: uses the reset link as `consume` does, sets the account's password hash and ends every
   * console session of the account. False (and nothing changed) when the link was not usable.
   */
  resetPassword(id: string, accountId: string, passwordHash: string, now: string): Promise<boolean>;
}

export interface TeamLinkRow {
  id: string;
  org_id: string;
  kind: string;
  email: string;
  role: string | null;
  digest: string;
  created_at: string;
  created_by: string | null;
  expires_at: string;
  used_at: string | null;
}

export const toTeamLink = (row: TeamLinkRow): TeamLink => ({
  id: row.id,
  orgId: row.org_id,
  kind: row.kind as TeamLinkKind,
  email: row.email,
  role: row.role as Role | null,
  digest: row.digest,
  createdAt: row.created_at,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  usedAt: row.used_at,
});
