// The Team page: members with role and status, a role selector and a remove button per row (plain forms, no script).
import type { OrgMember } from '../../../storage/store.js';
import { CSRF_FIELD } from '../csrf.js';
import { html } from '../html.js';
import { formatTime, ROLE_NAMES } from './format.js';
import { appPage, type ShellContext } from './layout.js';

export function teamView(shell: ShellContext, members: readonly OrgMember[], message?: string): string {
  const base = `/orgs/${shell.current.org.slug}/team`;
  const csrf = html`<input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}">`;
  const rows = members.map(
    (m) => html`<tr>
<td>${m.email}</td>
<td>${ROLE_NAMES[m.role]}</td>
<td>${m.suspended ? 'Suspended by the identity provider' : 'Active'}</td>
<td>${formatTime(m.since)}</td>
<td class="actions">
<form method="post" action="${base}/role" class="inline-form">${csrf}<input type="hidden" name="email" value="${m.email}">
<select id="role-${m.accountId}" name="role" aria-label="Role of ${m.email}">${(['owner', 'admin', 'member'] as const).map((r) => html`<option value="${r}"${r === m.role ? html` selected` : ''}>${ROLE_NAMES[r]}</option>`)}</select>
<button type="submit" class="button secondary">Change role</button></form>
<form method="post" action="${base}/remove" class="inline-form">${csrf}<input type="hidden" name="email" value="${m.email}"><button type="submit" class="button danger">Remove</button></form>
</td>
</tr>`,
  );
  return appPage(
    'Team',
    shell,
    'team',
    html`<h1>Team</h1>
<p>People who can open ${shell.current.org.name} in this console. An organization always keeps at least one active owner. Add people with <code>rollcall member add</code>.</p>
${message ? html`<p class="alert alert-error" role="alert">${message}</p>` : ''}
<div class="table-scroll"><table><caption class="visually-hidden">Members</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Member since</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`,
  );
}
