// The "User provisioning with SCIM" page: enable, the masked token, generate a new token, disable.
// The token itself only ever appears in tokenShownView, rendered straight into the POST response.
import { MAX_OVERLAP_MINUTES, type TokenStatus } from '../../../core/tokens/token-service.js';
import type { ScimTokenRecord } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { CSRF_FIELD } from '../csrf.js';
import { formatTime } from './format.js';
import type { ConnectionHealth } from '../../../core/console/activity-service.js';
import { healthPanel } from './health-views.js';
import type { CheckResult } from '../connection-test.js';
import { GUIDE_LINKS } from './guide-views.js';
import { appPage, type ShellContext } from './layout.js';

/** Choices offered for the overlap window; the service accepts up to MAX_OVERLAP_MINUTES. */
export const OVERLAP_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '24 hours' },
  { minutes: MAX_OVERLAP_MINUTES, label: '7 days' },
];

const csrfInput = (shell: ShellContext) => html`<input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}">`;
const scimPath = (shell: ShellContext) => `/orgs/${shell.current.org.slug}/settings/scim`;

function header(shell: ShellContext): SafeHtml {
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/orgs/${shell.current.org.slug}/settings">Settings</a></li><li aria-current="page">User provisioning with SCIM</li></ol></nav>
<header class="page-header"><h1>User provisioning with SCIM</h1>
<p class="muted">Your identity provider (Okta, Microsoft Entra ID, OneLogin, JumpCloud…) adds, updates and removes people in ${shell.current.org.name} over SCIM 2.0.</p></header>`;
}

const baseUrlField = (scimBaseUrl: string) =>
  html`<div class="field"><label for="scim-base-url">SCIM base URL</label><input id="scim-base-url" class="mono" type="text" readonly value="${scimBaseUrl}"></div>`;

function previousTokenNote(t: ScimTokenRecord): SafeHtml {
  return html`<li>Previous token <code>${t.hint}</code> keeps working until ${formatTime(t.expiresAt)}${t.retireWhenSuccessorUsed ? ', or until your identity provider first uses the new token, whichever comes first' : ''}.</li>`;
}

function overlapFieldset(): SafeHtml {
  return html`<fieldset class="overlap"><legend>Previous token</legend>
<p class="hint">By default the previous token stops working as soon as the new one is generated.</p>
<div class="check"><input type="checkbox" id="keep-previous" name="keep_previous" value="1"><label for="keep-previous">Keep the previous token working while I update my identity provider</label></div>
<div class="overlap-options">
<div class="field inline"><label for="overlap-minutes">For at most</label><select id="overlap-minutes" name="overlap_minutes">${OVERLAP_CHOICES.map(
    (c) => html`<option value="${c.minutes}"${c.minutes === 60 ? html` selected` : ''}>${c.label}</option>`,
  )}</select></div>
<div class="check"><input type="checkbox" id="until-new-token-used" name="until_new_token_used" value="1" checked><label for="until-new-token-used">Stop sooner, as soon as the identity provider succeeds with the new token</label></div>
</div>
</fieldset>`;
}

function testPanel(shell: ShellContext, results: readonly CheckResult[] | undefined): SafeHtml {
  return html`<section class="panel" aria-labelledby="test-title"><h2 id="test-title">Test connection</h2>
<p>Runs what Okta's and Entra ID's connection tests send (a one-item list, a filter on a random id that must come back empty, the discovery documents) against this organization's SCIM endpoint.</p>
<form method="post" action="${scimPath(shell)}/test">${csrfInput(shell)}<button type="submit" class="button secondary">Test connection</button></form>
${
  results
    ? html`<div role="status"><p><strong>${results.every((r) => r.ok) ? 'Every check passed.' : 'Some checks failed.'}</strong></p><ul class="test-results">${results.map(
        (r) => html`<li>${r.ok ? html`<span class="badge badge-on">Passed</span>` : html`<span class="badge badge-error">Failed</span>`} <code>${r.request}</code> <span class="muted">(${r.sentBy})</span>: ${r.outcome}</li>`,
      )}</ul><p class="hint">These checks run after authentication. If your identity provider's own test fails with 401, it is using an old or mistyped token: generate a new one and paste it.</p></div>`
    : ''
}</section>`;
}

export function scimPageView(shell: ShellContext, status: TokenStatus, scimBaseUrl: string, error?: string, health?: ConnectionHealth, results?: readonly CheckResult[], extensions: SafeHtml | '' = ''): string {
  const path = scimPath(shell);
  const t = status.current;
  const body = !status.enabled
    ? html`<section class="panel" aria-labelledby="enable-title"><h2 id="enable-title">Turn on SCIM provisioning</h2>
<p>Rollcall will show the SCIM base URL and an authentication token to paste into your identity provider. The token is shown only once.</p>
<form method="post" action="${path}/enable">${csrfInput(shell)}<button type="submit" class="button primary">Enable SCIM provisioning</button></form></section>`
    : html`<section class="panel" aria-labelledby="connection-title"><div class="panel-head"><h2 id="connection-title">Connection</h2><span class="badge badge-on">Enabled</span></div>
${baseUrlField(scimBaseUrl)}
<div class="field"><label for="scim-token">Authentication token</label><input id="scim-token" class="mono" type="text" readonly value="${t?.hint ?? 'No active token'}" aria-describedby="scim-token-hint">
<p class="hint" id="scim-token-hint">For your security the token is shown only once, when it is generated. Only its last 4 characters are shown here.</p></div>
${
  t
    ? html`<dl class="facts"><div><dt>Created</dt><dd>${formatTime(t.createdAt)}${t.createdBy ? html` by ${t.createdBy}` : ''}</dd></div>
<div><dt>Last used</dt><dd>${t.lastUsedAt ? html`${formatTime(t.lastUsedAt)}${t.lastUsedAgent ? html` by <span class="agent">${t.lastUsedAgent}</span>` : ''}${t.lastUsedIp ? html` from ${t.lastUsedIp}` : ''}` : 'Not used yet'}</dd></div></dl>`
    : ''
}
${status.overlapping.length > 0 ? html`<ul class="notes">${status.overlapping.map(previousTokenNote)}</ul>` : ''}
<form method="post" action="${path}/generate" class="stack generate-form">${csrfInput(shell)}
<input type="hidden" name="current_created_at" value="${t?.createdAt ?? ''}">
<div class="check"><input type="checkbox" id="confirm-new-token" name="confirm_new_token" value="1" data-enables="generate-token"><label for="confirm-new-token">I want to generate a new token</label></div>
${overlapFieldset()}
<div><button type="submit" id="generate-token" class="button primary">Generate token</button></div>
</form></section>
${health ? healthPanel(shell.current.org.slug, health) : ''}
${testPanel(shell, results)}
<section class="panel" aria-labelledby="guides-title"><h2 id="guides-title">Set-up guides</h2>
<p>Where to paste the SCIM base URL and the token, and which settings to pick, in your identity provider:</p>
<ul class="link-list compact inline-list">${GUIDE_LINKS.map(([id, name]) => html`<li><a href="${path}/guides/${id}">${name}</a></li>`)}</ul></section>
<section class="panel" aria-labelledby="history-title"><h2 id="history-title">History</h2>
<ul class="link-list compact"><li><a href="${path}/audit">Audit log</a> <span class="muted">token events: enabled, generated, disabled, refused</span></li>
<li><a href="${path}/activity">Provisioning activity</a> <span class="muted">every change your identity provider made</span></li></ul></section>
${extensions}
<section class="panel danger" aria-labelledby="disable-title"><h2 id="disable-title">Turn off provisioning</h2>
<p>Revokes the token. Your identity provider can no longer change people in ${shell.current.org.name}.</p>
<p><a class="button danger-outline" href="${path}/disable">Disable SCIM provisioning</a></p></section>`;
  return appPage(
    'User provisioning with SCIM',
    shell,
    'settings',
    html`${header(shell)}${error ? html`<p class="alert alert-error" role="alert">${error}</p>` : ''}${body}`,
  );
}

export interface ShownToken {
  readonly token: string;
  readonly firstTime: boolean;
  readonly previous: readonly ScimTokenRecord[];
}

/** The one response that carries the token (Cache-Control: no-store is set on every console page). */
export function tokenShownView(shell: ShellContext, shown: ShownToken, scimBaseUrl: string): string {
  return appPage(
    'User provisioning with SCIM',
    shell,
    'settings',
    html`${header(shell)}
<section class="panel" aria-labelledby="token-title"><div class="panel-head"><h2 id="token-title">${shown.firstTime ? 'SCIM provisioning is enabled' : 'New token generated'}</h2><span class="badge badge-on">Enabled</span></div>
<p class="alert alert-warning" role="status">Copy the token now and paste it into your identity provider's API token field. For your security it will not be shown again.</p>
${baseUrlField(scimBaseUrl)}
<div class="field"><label for="scim-token">Authentication token</label>
<div class="copy-row"><input id="scim-token" class="mono" type="text" readonly value="${shown.token}" autocomplete="off" spellcheck="false">
<button type="button" class="button secondary" data-copy="scim-token" hidden>Copy</button></div>
<p class="hint" data-copy-status aria-live="polite"></p></div>
${shown.firstTime ? '' : shown.previous.length > 0 ? html`<ul class="notes">${shown.previous.map(previousTokenNote)}</ul>` : html`<p class="muted">The previous token no longer works.</p>`}
<p class="hint">Set-up guides: ${GUIDE_LINKS.map(([id, name], i) => html`${i > 0 ? ' · ' : ''}<a href="${scimPath(shell)}/guides/${id}" target="_blank" rel="noopener">${name}</a>`)}</p>
<p><a class="button primary" href="${scimPath(shell)}">Done</a></p>
</section>`,
  );
}

export function disableConfirmView(shell: ShellContext): string {
  const path = scimPath(shell);
  return appPage(
    'Disable SCIM provisioning',
    shell,
    'settings',
    html`${header(shell)}
<section class="panel danger" aria-labelledby="confirm-title"><h2 id="confirm-title">Disable SCIM provisioning?</h2>
<p>The authentication token is revoked at once and your identity provider's requests will be refused. People already provisioned stay in ${shell.current.org.name}. You can enable provisioning again later with a new token.</p>
<form method="post" action="${path}/disable" class="actions">${csrfInput(shell)}
<button type="submit" class="button danger">Disable SCIM provisioning</button>
<a class="button secondary" href="${path}">Cancel</a></form></section>`,
  );
}
