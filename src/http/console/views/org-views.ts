// The organization overview and the Settings page (which links "User provisioning with SCIM" for owners and admins).
import type { ProvisioningCounts } from '../../../core/console/activity-service.js';
import { canManageScim } from '../../../core/console/org-access.js';
import type { TokenStatus } from '../../../core/tokens/token-service.js';
import { html } from '../html.js';
import { formatTime, ROLE_NAMES } from './format.js';
import { appPage, type ShellContext } from './layout.js';

export function overviewView(shell: ShellContext, counts: ProvisioningCounts, status: TokenStatus): string {
  const { org, role } = shell.current;
  const admin = canManageScim(role);
  const lastUse = status.current?.lastUsedAt;
  return appPage(
    org.name,
    shell,
    'overview',
    html`<header class="page-header"><h1>${org.name}</h1><p class="muted">Signed in as ${shell.email} · ${ROLE_NAMES[role]}</p></header>
<div class="tiles">
<section class="tile" aria-labelledby="tile-scim"><h2 id="tile-scim">SCIM provisioning</h2>
<p class="tile-value"><span class="badge ${status.enabled ? 'badge-on' : 'badge-off'}">${status.enabled ? 'Enabled' : 'Off'}</span></p>
<p class="muted">${status.enabled ? html`Last request from your identity provider: ${formatTime(lastUse)}` : 'Connect Okta, Entra ID or another identity provider.'}</p>
${admin ? html`<p><a href="/orgs/${org.slug}/settings/scim">Manage provisioning</a></p>` : ''}</section>
<section class="tile" aria-labelledby="tile-people"><h2 id="tile-people">People</h2>
${
  admin
    ? html`<p class="tile-value"><a href="/orgs/${org.slug}/people?status=active">${counts.activeUsers}</a> <span class="tile-unit">active</span></p>
<p><a href="/orgs/${org.slug}/people?status=deactivated">${counts.deactivatedUsers}</a> deactivated</p>`
    : html`<p class="tile-value">${counts.activeUsers} <span class="tile-unit">active</span></p><p>${counts.deactivatedUsers} deactivated</p>`
}<p class="muted">provisioned by your identity provider</p></section>
<section class="tile" aria-labelledby="tile-groups"><h2 id="tile-groups">Groups</h2><p class="tile-value">${admin ? html`<a href="/orgs/${org.slug}/groups">${counts.groups}</a>` : counts.groups}</p><p class="muted">provisioned by your identity provider</p></section>
</div>`,
  );
}

export function settingsView(shell: ShellContext): string {
  const { org, role } = shell.current;
  return appPage(
    'Settings',
    shell,
    'settings',
    html`<header class="page-header"><h1>Settings</h1><p class="muted">${org.name}</p></header>
<section class="panel" aria-labelledby="org-section"><h2 id="org-section">Organization</h2>
<dl class="facts"><div><dt>Name</dt><dd>${org.name}</dd></div><div><dt>Organization ID</dt><dd><code>${org.slug}</code></dd></div>
<div><dt>Created</dt><dd>${formatTime(org.createdAt)}</dd></div><div><dt>Your role</dt><dd>${ROLE_NAMES[role]}</dd></div></dl></section>
<section class="panel" aria-labelledby="security-section"><h2 id="security-section">Security and identity</h2>
${
  canManageScim(role)
    ? html`<ul class="link-list"><li class="link-row"><a class="link-title" href="/orgs/${org.slug}/settings/scim" aria-describedby="scim-link-desc">User provisioning with SCIM</a><p class="link-desc" id="scim-link-desc">Connect your identity provider to add and remove people automatically.</p></li></ul>`
    : html`<p class="muted">Only owners and admins can manage user provisioning.</p>`
}
</section>`,
  );
}
