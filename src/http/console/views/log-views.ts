// The audit log: token events and console access changes made by the identity provider, in words.
import type { AuditEvent } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { formatSecond, humaniseInstants } from './format.js';
import { appPage, type ShellContext } from './layout.js';

const ACTIONS: Record<string, string> = {
  'scim.enabled': 'SCIM provisioning enabled',
  'token.generated': 'New token generated',
  'scim.disabled': 'SCIM provisioning disabled',
  'token.refused': 'Retired token refused',
  'member.added': 'Member added',
  'member.role_changed': 'Member role changed',
  'member.suspended': 'Console access suspended (deactivated by the identity provider)',
  'member.restored': 'Console access restored (reactivated by the identity provider)',
  'member.removed': 'Member removed',
  'invite.created': 'Invite link created',
  'invite.accepted': 'Invitation accepted',
  'invite.revoked': 'Invite link revoked',
  'password_reset.created': 'Password-reset link created',
  'password_reset.used': 'Password reset',
  'password_reset.revoked': 'Password-reset link revoked',
};

const DETAIL_NAMES: Record<string, string> = {
  account: 'Person',
  link: 'Link',
  role: 'Role',
  expiresAt: 'Expires',
  hint: 'Token',
  previous: 'Previous token',
  revokedTokens: 'Tokens revoked',
  attempts: 'Attempts',
  reason: 'Reason',
};

const DETAIL_ORDER = Object.keys(DETAIL_NAMES);

function detailText(detail: AuditEvent['detail']): string {
  if (!detail) return '';
  // In DETAIL_NAMES order, then the rest by name: PostgreSQL's jsonb does not keep the order the keys were written in.
  const rank = (key: string) => {
    const at = DETAIL_ORDER.indexOf(key);
    return at === -1 ? DETAIL_ORDER.length : at;
  };
  return Object.entries(detail)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, value]) => `${DETAIL_NAMES[key] ?? key}: ${humaniseInstants(typeof value === 'string' ? value : JSON.stringify(value))}`)
    .join(' · ');
}

function backLink(shell: ShellContext): SafeHtml {
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/orgs/${shell.current.org.slug}/settings">Settings</a></li><li><a href="/orgs/${shell.current.org.slug}/settings/scim">User provisioning with SCIM</a></li></ol></nav>`;
}

const empty = (text: string) => html`<p class="empty">${text}</p>`;

export function auditView(shell: ShellContext, events: readonly AuditEvent[]): string {
  const rows = events.map(
    (e) => html`<tr><td class="nowrap">${formatSecond(e.at)}</td><td>${ACTIONS[e.action] ?? e.action}</td><td>${e.actor ?? html`<span class="muted">identity provider</span>`}</td><td>${e.ip ?? '—'}</td><td class="detail">${detailText(e.detail)}</td></tr>`,
  );
  return appPage(
    'Audit log',
    shell,
    'audit',
    html`${backLink(shell)}<header class="page-header"><h1>Audit log</h1><p class="muted">Token events and changes to console access, newest first.</p></header>
<section class="panel table-panel">${
      events.length === 0
        ? empty('No token events yet.')
        : html`<div class="table-scroll"><table><caption class="visually-hidden">Audit log</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Actor</th><th scope="col">Address</th><th scope="col">Details</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    }</section>`,
  );
}
