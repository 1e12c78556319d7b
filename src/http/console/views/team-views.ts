// The Team page: members with role and status, a role selector, reset-password and remove buttons per row, the form
// that invites a person, the pending links, and (once, right after it is made) the new link to copy.
// Plain forms: everything works without script; console.js only adds the Copy button.
import type { Role } from '../../../storage/store.js';
import type { OrgMember } from '../../../storage/store.js';
import type { TeamLink } from '../../../storage/team-link-store.js';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime, ROLE_NAMES } from './format.js';
import { appPage, type ShellContext } from './layout.js';

/** A link just made: the only response that carries its URL. */
export interface IssuedTeamLink {
  readonly url: string;
  readonly link: TeamLink;
}

export interface TeamPage {
  readonly members: readonly OrgMember[];
  readonly pending: readonly TeamLink[];
  readonly message?: string | undefined;
  readonly issued?: IssuedTeamLink | undefined;
  /** Values the invite form keeps after an error. */
  readonly invite?: { readonly email: string; readonly role: string } | undefined;
}

/** Owners manage everyone; admins manage admins and members, and cannot grant the owner role. */
export const mayManage = (viewer: Role, target: Role | null): boolean => viewer === 'owner' || target !== 'owner';

const linkKind = (link: TeamLink): string => (link.kind === 'invite' ? `Invitation as ${ROLE_NAMES[link.role ?? 'member']}` : 'Password reset');

function issuedPanel(issued: IssuedTeamLink): SafeHtml {
  const { link } = issued;
  const what = link.kind === 'invite' ? html`Invitation for <strong>${link.email}</strong> as ${ROLE_NAMES[link.role ?? 'member']}` : html`Password-reset link for <strong>${link.email}</strong>`;
  const use =
    link.kind === 'invite'
      ? 'Opening it lets them choose a password (or sign in, if they already have an account) and join.'
      : 'Opening it lets them choose a new password; their current sessions end when they do.';
  return html`<section class="panel" aria-labelledby="issued-title">
<h2 id="issued-title">${link.kind === 'invite' ? 'Invite link created' : 'Password-reset link created'}</h2>
<p>${what}, valid until ${formatTime(link.expiresAt)}. ${use}</p>
<p class="alert alert-warning" role="status">Copy the link now and send it to them. It works once and will not be shown again.</p>
<div class="field"><label for="team-link">One-time link</label>
<div class="copy-row"><input id="team-link" class="mono" type="text" readonly value="${issued.url}" autocomplete="off" spellcheck="false">
<button type="button" class="button secondary" data-copy="team-link" hidden>Copy</button></div>
<p class="hint" data-copy-status aria-live="polite"></p></div>
</section>`;
}

function inviteForm(base: string, csrf: SafeHtml, viewer: Role, values: TeamPage['invite']): SafeHtml {
  const roles: Role[] = viewer === 'owner' ? ['member', 'admin', 'owner'] : ['member', 'admin'];
  const chosen = values?.role ?? 'member';
  return html`<section class="panel" aria-labelledby="invite-title">
<h2 id="invite-title">Add a person</h2>
<p class="muted">Rollcall makes a one-time invite link, valid for 7 days, for you to send them. They choose their own password.</p>
<form method="post" action="${base}/invite" class="stack">${csrf}
<div class="field"><label for="invite-email">Email</label><input id="invite-email" name="email" type="email" required autocomplete="off" value="${values?.email ?? ''}"></div>
<div class="field"><label for="invite-role">Role</label><select id="invite-role" name="role">${roles.map((r) => html`<option value="${r}"${r === chosen ? html` selected` : ''}>${ROLE_NAMES[r]}</option>`)}</select></div>
<button type="submit" class="button primary">Create invite link</button>
</form>
</section>`;
}

function pendingTable(base: string, csrf: SafeHtml, viewer: Role, pending: readonly TeamLink[]): SafeHtml | '' {
  if (pending.length === 0) return '';
  const rows = pending.map(
    (l) => html`<tr>
<td>${l.email}</td>
<td>${linkKind(l)}</td>
<td>${formatTime(l.expiresAt)}</td>
<td>${l.createdBy ?? ''}</td>
<td class="actions">${
      mayManage(viewer, l.role)
        ? html`<form method="post" action="${base}/links/revoke" class="inline-form">${csrf}<input type="hidden" name="id" value="${l.id}"><button type="submit" class="button danger" aria-label="Revoke the link for ${l.email}">Revoke</button></form>`
        : ''
    }</td>
</tr>`,
  );
  return html`<h2>Pending links</h2>
<div class="table-scroll"><table><caption class="visually-hidden">Pending links</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Link</th><th scope="col">Expires</th><th scope="col">Created by</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

export function teamView(shell: ShellContext, page: TeamPage): string {
  const base = `/orgs/${shell.current.org.slug}/team`;
  const viewer = shell.current.role;
  const csrf = html`<input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}">`;
  const rows = page.members.map(
    (m) => html`<tr>
<td>${m.email}</td>
<td>${ROLE_NAMES[m.role]}</td>
<td>${m.suspended ? 'Suspended by the identity provider' : 'Active'}</td>
<td>${formatTime(m.since)}</td>
<td class="actions">
<form method="post" action="${base}/role" class="inline-form">${csrf}<input type="hidden" name="email" value="${m.email}">
<select id="role-${m.accountId}" name="role" aria-label="Role of ${m.email}">${(['owner', 'admin', 'member'] as const).map((r) => html`<option value="${r}"${r === m.role ? html` selected` : ''}>${ROLE_NAMES[r]}</option>`)}</select>
<button type="submit" class="button secondary">Change role</button></form>
${
  mayManage(viewer, m.role)
    ? html`<form method="post" action="${base}/reset" class="inline-form">${csrf}<input type="hidden" name="email" value="${m.email}"><button type="submit" class="button secondary" aria-label="Reset the password of ${m.email}">Reset password</button></form>`
    : ''
}
<form method="post" action="${base}/remove" class="inline-form">${csrf}<input type="hidden" name="email" value="${m.email}"><button type="submit" class="button danger">Remove</button></form>
</td>
</tr>`,
  );
  return appPage(
    'Team',
    shell,
    'team',
    html`<h1>Team</h1>
<p>People who can open ${shell.current.org.name} in this console. An organization always keeps at least one active owner.</p>
${page.message ? html`<p class="alert alert-error" role="alert">${page.message}</p>` : ''}
${page.issued ? issuedPanel(page.issued) : ''}
<div class="table-scroll"><table><caption class="visually-hidden">Members</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Member since</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${pendingTable(base, csrf, viewer, page.pending)}
${inviteForm(base, csrf, viewer, page.invite)}`,
  );
}
