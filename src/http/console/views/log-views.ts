// The audit log of token events and the provisioning activity log, as tables.
import type { AuditEvent, ChangeRecord } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format.js';
import { appPage, type ShellContext } from './layout.js';

const ACTIONS: Record<string, string> = {
  'scim.enabled': 'SCIM provisioning enabled',
  'token.generated': 'New token generated',
  'scim.disabled': 'SCIM provisioning disabled',
  'token.refused': 'Retired token refused',
  'member.added': 'Member added',
  'member.role_changed': 'Member role changed',
  'member.removed': 'Member removed',
};

function detailText(detail: AuditEvent['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

function backLink(shell: ShellContext): SafeHtml {
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/orgs/${shell.current.org.slug}/settings">Settings</a></li><li><a href="/orgs/${shell.current.org.slug}/settings/scim">User provisioning with SCIM</a></li></ol></nav>`;
}

const empty = (text: string) => html`<p class="empty">${text}</p>`;

export function auditView(shell: ShellContext, events: readonly AuditEvent[]): string {
  const rows = events.map(
    (e) => html`<tr><td>${formatTime(e.at)}</td><td>${ACTIONS[e.action] ?? e.action}</td><td>${e.actor ?? html`<span class="muted">identity provider</span>`}</td><td>${e.ip ?? '—'}</td><td class="detail">${detailText(e.detail)}</td></tr>`,
  );
  return appPage(
    'Audit log',
    shell,
    'audit',
    html`${backLink(shell)}<header class="page-header"><h1>Audit log</h1><p class="muted">SCIM token events, newest first.</p></header>
<section class="panel table-panel">${
      events.length === 0
        ? empty('No token events yet.')
        : html`<div class="table-scroll"><table><caption class="visually-hidden">SCIM token events</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Actor</th><th scope="col">Address</th><th scope="col">Details</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    }</section>`,
  );
}

export function activityView(shell: ShellContext, changes: readonly ChangeRecord[]): string {
  const rows = changes.map(
    (c) => html`<tr><td>${formatTime(c.at)}</td><td>${c.resourceType}</td><td class="mono">${c.resourceId}</td><td>${c.action}</td><td>${c.version ?? '—'}</td><td>${c.client ?? '—'}</td><td>${c.status}</td></tr>`,
  );
  return appPage(
    'Provisioning activity',
    shell,
    'activity',
    html`${backLink(shell)}<header class="page-header"><h1>Provisioning activity</h1><p class="muted">Every change your identity provider made over SCIM, newest first.</p></header>
<section class="panel table-panel">${
      changes.length === 0
        ? empty('No provisioning activity yet. Changes appear here as soon as your identity provider sends them.')
        : html`<div class="table-scroll"><table><caption class="visually-hidden">SCIM changes</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Resource</th><th scope="col">ID</th><th scope="col">Action</th><th scope="col">Version</th><th scope="col">Client</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
    }</section>`,
  );
}
