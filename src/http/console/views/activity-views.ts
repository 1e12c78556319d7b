// Provisioning activity: the filterable list of what the identity provider did, and one entry in full.
import type { ActivityPage } from '../../../core/console/activity-service.js';
import { IDP_CLIENT_NAMES, IDP_CLIENTS, isIdpClient } from '../../../scim/activity/idp-client.js';
import type { ActivityEntry } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { formatSecond } from './format.js';
import { appPage, type ShellContext } from './layout.js';
import { dataTable, filterForm, pager, urlWith, type Column } from './table-parts.js';

export interface ActivityFilters {
  readonly outcome: string;
  readonly client: string;
  readonly who: string;
  readonly q: string;
  readonly from: string;
  readonly to: string;
}

export const clientName = (client: string): string => (isIdpClient(client) ? IDP_CLIENT_NAMES[client] : client);

export const outcomeBadge = (e: ActivityEntry): SafeHtml =>
  e.outcome === 'success' ? html`<span class="badge badge-on">${e.status}</span>` : html`<span class="badge badge-error">Failed · ${e.status}</span>`;

/** Columns shared by the activity page and a person's or group's page. */
export function activityColumns(base: string): Column<ActivityEntry>[] {
  return [
    { header: 'Time', cell: (e) => formatSecond(e.at), className: 'nowrap' },
    { header: 'What happened', cell: (e) => html`<a href="${base}/settings/scim/activity/${e.seq}">${e.summary}</a>${e.quirk ? html`<br><span class="muted small">Compatibility rule: ${e.quirk}</span>` : ''}`, className: 'wide' },
    { header: 'Client', cell: (e) => clientName(e.client), className: 'nowrap' },
    { header: 'Result', cell: (e) => html`${outcomeBadge(e)}${e.scimType ? html` <code>${e.scimType}</code>` : ''}`, className: 'nowrap' },
  ];
}

export function activityView(shell: ShellContext, filters: ActivityFilters, page: ActivityPage): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const path = `${base}/settings/scim/activity`;
  const params = { ...filters };
  const form = filterForm(
    path,
    'Filter provisioning activity',
    [
      { kind: 'search', name: 'q', label: 'Search', value: filters.q, placeholder: 'Name, email or error' },
      { kind: 'select', name: 'outcome', label: 'Outcome', value: filters.outcome, options: [['', 'All'], ['success', 'Succeeded'], ['failure', 'Failed']] },
      { kind: 'select', name: 'client', label: 'Client', value: filters.client, options: [['', 'All clients'], ...IDP_CLIENTS.map((c) => [c, IDP_CLIENT_NAMES[c]] as const)] },
      { kind: 'search', name: 'who', label: 'Person or group', value: filters.who, placeholder: 'userName, group name or id' },
      { kind: 'date', name: 'from', label: 'From', value: filters.from },
      { kind: 'date', name: 'to', label: 'To', value: filters.to },
    ],
    html`<a class="button secondary" href="${urlWith(`${path}.csv`, params)}">Export CSV</a>`,
  );
  const filtered = Object.values(filters).some((v) => v !== '');
  return appPage(
    'Provisioning activity',
    shell,
    'activity',
    html`<header class="page-header"><h1>Provisioning activity</h1><p class="muted">Every change your identity provider made over SCIM and every request that failed, newest first. Successful reads are counted in <a href="${base}/settings/scim">connection health</a>.</p></header>
<section class="panel">${form}</section>
<section class="panel table-panel">${dataTable(
      'Provisioning activity',
      activityColumns(base),
      page.entries,
      filtered ? 'Nothing matches these filters.' : 'No provisioning activity yet. Entries appear here as soon as your identity provider sends a change.',
    )}
${page.searchWindowEnded ? html`<p class="muted" role="status">This page searched ${page.searchWindowEnded.toLocaleString('en-US')} entries, newest first; older entries have not been searched yet.</p>` : ''}
${pager(
  undefined,
  page.next !== undefined ? urlWith(path, { ...params, before: page.next }) : undefined,
  page.searchWindowEnded ? 'Search older entries' : undefined,
)}</section>`,
  );
}

function pretty(json: string | null): string {
  if (json === null) return '';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export function activityEntryView(shell: ShellContext, entry: ActivityEntry): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const resourceLink =
    entry.resourceId && entry.resourceType
      ? html`<a href="${base}/${entry.resourceType === 'User' ? 'people' : 'groups'}/${encodeURIComponent(entry.resourceId)}">${entry.target ?? entry.resourceId}</a>`
      : (entry.target ?? '—');
  return appPage(
    'Provisioning activity entry',
    shell,
    'activity',
    html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${base}/settings/scim/activity">Provisioning activity</a></li><li aria-current="page">Entry ${entry.seq}</li></ol></nav>
<header class="page-header"><h1>${entry.summary}</h1></header>
<section class="panel"><dl class="facts">
<div><dt>Time</dt><dd>${formatSecond(entry.at)}</dd></div>
<div><dt>Client</dt><dd>${clientName(entry.client)}${entry.userAgent ? html` <span class="muted">(${entry.userAgent})</span>` : ''}</dd></div>
<div><dt>Request</dt><dd><code>${entry.method} /scim/v2${entry.path}</code></dd></div>
<div><dt>Result</dt><dd>${outcomeBadge(entry)}${entry.scimType ? html` <code>${entry.scimType}</code>` : ''}</dd></div>
${entry.detail ? html`<div><dt>Error the identity provider saw</dt><dd>${entry.detail}</dd></div>` : ''}
<div><dt>Person or group</dt><dd>${resourceLink}</dd></div>
${entry.quirk ? html`<div><dt>Compatibility rule applied</dt><dd>${entry.quirk}</dd></div>` : ''}
</dl></section>
${entry.change ? html`<section class="panel" aria-labelledby="change-title"><h2 id="change-title">Change</h2><pre class="code-block" tabindex="0">${pretty(entry.change)}</pre></section>` : ''}
<section class="panel" aria-labelledby="body-title"><h2 id="body-title">Request body</h2>
${entry.request ? html`<details><summary>Show what the identity provider sent (passwords and secrets redacted)</summary><pre class="code-block" tabindex="0">${entry.request}</pre></details>` : html`<p class="muted">No body.</p>`}</section>`,
  );
}

/** Keeps a cell safe from spreadsheet formula injection and quotes it (RFC 4180). */
function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = ['time', 'client', 'summary', 'outcome', 'status', 'scim_type', 'detail', 'compatibility_rule', 'method', 'path', 'resource_type', 'resource_id', 'target'];

export function activityCsvRows(entries: readonly ActivityEntry[]): string {
  return entries
    .map((e) =>
      [e.at, clientName(e.client), e.summary, e.outcome, e.status, e.scimType, e.detail, e.quirk, e.method, e.path, e.resourceType, e.resourceId, e.target]
        .map(csvCell)
        .join(','),
    )
    .map((line) => `${line}\r\n`)
    .join('');
}
