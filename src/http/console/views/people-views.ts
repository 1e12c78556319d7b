// People: everyone the identity provider provisioned, searchable and paged; one person with groups and activity.
import type { ActivityPage } from '../../../core/console/activity-service.js';
import type { Paged, PersonDetail } from '../../../core/console/directory-service.js';
import type { JsonValue } from '../../../scim/messages/resource.js';
import type { DirectoryPerson } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { activityColumns } from './activity-views.js';
import { formatSecond } from './format.js';
import { appPage, type ShellContext } from './layout.js';
import { dataTable, filterForm, pager, statusBadge, urlWith, type Column } from './table-parts.js';

export interface PeopleFilters {
  readonly q: string;
  readonly status: string;
}

/** The primary (else first) email of a SCIM user document. */
export function primaryEmail(doc: Record<string, JsonValue>): string | undefined {
  const emails = doc['emails'];
  if (!Array.isArray(emails)) return undefined;
  const objects = emails.filter((e): e is Record<string, JsonValue> => typeof e === 'object' && e !== null && !Array.isArray(e));
  const chosen = objects.find((e) => e['primary'] === true) ?? objects[0];
  return typeof chosen?.['value'] === 'string' ? chosen['value'] : undefined;
}

export function displayNameOf(person: Pick<DirectoryPerson, 'displayName' | 'doc'>): string | undefined {
  if (person.displayName) return person.displayName;
  const name = person.doc['name'];
  if (typeof name === 'object' && name !== null && !Array.isArray(name)) {
    if (typeof name['formatted'] === 'string') return name['formatted'];
    const parts = [name['givenName'], name['familyName']].filter((p): p is string => typeof p === 'string');
    if (parts.length > 0) return parts.join(' ');
  }
  return undefined;
}

export function peopleColumns(base: string): Column<DirectoryPerson>[] {
  return [
    { header: 'Name', cell: (p) => html`<a href="${base}/people/${encodeURIComponent(p.id)}">${displayNameOf(p) ?? p.userName}</a>` },
    { header: 'userName', cell: (p) => p.userName, className: 'mono' },
    { header: 'Email', cell: (p) => primaryEmail(p.doc) ?? '—' },
    { header: 'External id', cell: (p) => p.externalId ?? '—', className: 'mono' },
    { header: 'Status', cell: (p) => statusBadge(p.active), className: 'nowrap' },
  ];
}

export function peopleView(shell: ShellContext, filters: PeopleFilters, page: Paged<DirectoryPerson>): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const path = `${base}/people`;
  const form = filterForm(path, 'Search people', [
    { kind: 'search', name: 'q', label: 'Search', value: filters.q, placeholder: 'Start of a name or email, or an external id' },
    { kind: 'select', name: 'status', label: 'Status', value: filters.status, options: [['', 'Active and deactivated'], ['active', 'Active'], ['deactivated', 'Deactivated']] },
  ]);
  const filtered = filters.q !== '' || filters.status !== '';
  return appPage(
    'People',
    shell,
    'people',
    html`<header class="page-header"><h1>People</h1><p class="muted">Everyone your identity provider provisioned, newest first. Deactivated people cannot sign in.</p></header>
<section class="panel">${form}</section>
<section class="panel table-panel">${dataTable('People', peopleColumns(base), page.rows, filtered ? 'Nobody matches this search.' : 'Nobody has been provisioned yet.')}
${pager(undefined, page.next ? urlWith(path, { ...filters, before: page.next }) : undefined)}</section>`,
  );
}

function valueText(value: JsonValue): SafeHtml | string {
  if (value === null) return '—';
  if (Array.isArray(value)) {
    return html`<ul class="plain-list">${value.map((item) => html`<li>${valueText(item)}</li>`)}</ul>`;
  }
  if (typeof value === 'object') {
    const main = value['value'] ?? value['formatted'] ?? value['display'];
    const rest = Object.entries(value).filter(([k]) => !['value', 'formatted', 'display', '$ref'].includes(k));
    const extras = rest.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
    return main !== undefined ? `${String(main)}${extras ? ` (${extras})` : ''}` : extras;
  }
  return String(value);
}

const ATTRIBUTE_LABEL = (name: string) => (name.startsWith('urn:') ? name.split(':').slice(-2).join(':') : name);

export function personView(shell: ShellContext, detail: PersonDetail, activity: ActivityPage): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const { user } = detail;
  const userName = String(user.doc['userName'] ?? user.id);
  const name = displayNameOf({ displayName: typeof user.doc['displayName'] === 'string' ? user.doc['displayName'] : null, doc: user.doc }) ?? userName;
  const active = user.doc['active'] !== false;
  const attributes = Object.entries(user.doc).filter(([k]) => k !== 'schemas' && k !== 'password');
  return appPage(
    name,
    shell,
    'people',
    html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${base}/people">People</a></li><li aria-current="page">${name}</li></ol></nav>
<header class="page-header"><h1>${name} ${statusBadge(active)}</h1><p class="muted mono">${userName}</p></header>
<section class="panel" aria-labelledby="attributes-title"><h2 id="attributes-title">Attributes</h2><dl class="facts">
<div><dt>id</dt><dd class="mono">${user.id}</dd></div>
${attributes.map(([key, value]) => html`<div><dt>${ATTRIBUTE_LABEL(key)}</dt><dd>${valueText(value)}</dd></div>`)}
<div><dt>Created</dt><dd>${formatSecond(user.createdAt)}</dd></div><div><dt>Updated</dt><dd>${formatSecond(user.updatedAt)} (version ${user.version})</dd></div>
</dl></section>
<section class="panel" aria-labelledby="groups-title"><h2 id="groups-title">Groups</h2>${
      detail.groups.length === 0
        ? html`<p class="muted">Not in any group.</p>`
        : html`<ul class="link-list compact">${detail.groups.map((g) => html`<li><a href="${base}/groups/${encodeURIComponent(g.id)}">${g.displayName}</a></li>`)}</ul>`
    }</section>
<section class="panel table-panel" aria-labelledby="person-activity-title"><h2 id="person-activity-title" class="panel-title">Activity</h2>
${dataTable(`Activity for ${userName}`, activityColumns(base), activity.entries, 'No recorded activity for this person.')}
${activity.next !== undefined ? html`<p class="panel-foot"><a href="${urlWith(`${base}/settings/scim/activity`, { who: user.id })}">All activity for ${userName}</a></p>` : ''}</section>`,
  );
}
