// Groups: what the identity provider pushed, searchable and paged; one group with its members, paged by id.
import type { ActivityPage } from '../../../core/console/activity-service.js';
import type { Paged } from '../../../core/console/directory-service.js';
import type { DirectoryGroup, DirectoryPerson, StoredGroup } from '../../../storage/store.js';
import { html } from '../html.js';
import { activityColumns } from './activity-views.js';
import { formatSecond } from './format.js';
import { appPage, type ShellContext } from './layout.js';
import { peopleColumns } from './people-views.js';
import { dataTable, filterForm, pager, urlWith, type Column } from './table-parts.js';

export function groupsView(shell: ShellContext, q: string, page: Paged<DirectoryGroup>): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const path = `${base}/groups`;
  const columns: Column<DirectoryGroup>[] = [
    { header: 'Name', cell: (g) => html`<a href="${path}/${encodeURIComponent(g.id)}">${g.displayName}</a>` },
    { header: 'Members', cell: (g) => g.memberCount.toLocaleString('en-US'), className: 'number' },
    { header: 'External id', cell: (g) => g.externalId ?? '—', className: 'mono' },
  ];
  return appPage(
    'Groups',
    shell,
    'groups',
    html`<header class="page-header"><h1>Groups</h1><p class="muted">Groups your identity provider pushed, newest first.</p></header>
<section class="panel">${filterForm(path, 'Search groups', [{ kind: 'search', name: 'q', label: 'Search', value: q, placeholder: 'Start of a group name, or an external id' }])}</section>
<section class="panel table-panel">${dataTable('Groups', columns, page.rows, q ? 'No group matches this search.' : 'No groups have been pushed yet.')}
${pager(undefined, page.next ? urlWith(path, { q, before: page.next }) : undefined)}</section>`,
  );
}

export function groupView(shell: ShellContext, group: StoredGroup, members: Paged<DirectoryPerson>, after: string | undefined, activity: ActivityPage): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const path = `${base}/groups/${encodeURIComponent(group.id)}`;
  const name = String(group.doc['displayName'] ?? group.id);
  return appPage(
    name,
    shell,
    'groups',
    html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${base}/groups">Groups</a></li><li aria-current="page">${name}</li></ol></nav>
<header class="page-header"><h1>${name}</h1><p class="muted">Updated ${formatSecond(group.updatedAt)} · version ${group.version}${typeof group.doc['externalId'] === 'string' ? ` · external id ${group.doc['externalId']}` : ''}</p></header>
<section class="panel table-panel" aria-labelledby="members-title"><h2 id="members-title" class="panel-title">Members</h2>
${dataTable(`Members of ${name}`, peopleColumns(base), members.rows, after ? 'No more members.' : 'This group has no people in it.')}
${pager(after ? path : undefined, members.next ? urlWith(path, { after: members.next }) : undefined)}</section>
<section class="panel table-panel" aria-labelledby="group-activity-title"><h2 id="group-activity-title" class="panel-title">Activity</h2>
${dataTable(`Activity for ${name}`, activityColumns(base), activity.entries, 'No recorded activity for this group.')}
${activity.next !== undefined ? html`<p class="panel-foot"><a href="${urlWith(`${base}/settings/scim/activity`, { who: group.id })}">All activity for ${name}</a></p>` : ''}</section>`,
  );
}
