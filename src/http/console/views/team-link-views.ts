// The pages a team link opens: join an organization (choose a password, or sign in to an existing account), set a new
// password, and the pages that explain a used, expired or unknown link. Opening a page uses nothing; the form does.
import type { Unusable } from '../../../core/orgs/team-link-service.js';
import { MIN_PASSWORD_LENGTH } from '../../../core/passwords.js';
import type { Role } from '../../../storage/store.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime, ROLE_NAMES } from './format.js';
import { plainPage } from './layout.js';

const alert = (message: string | undefined) => (message ? html`<p class="alert alert-error" role="alert">${message}</p>` : '');

/** How the invitee proves who they are: a new password, the existing account's password, or the session they have. */
export type InviteMode = 'new-account' | 'sign-in' | 'signed-in';

export interface InviteDetails {
  readonly token: string;
  readonly orgName: string;
  readonly email: string;
  readonly role: Role;
  readonly expiresAt: string;
}

const newPasswordFields = (label: string): SafeHtml => html`<div class="field"><label for="new-password">${label}</label><input id="new-password" name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password" aria-describedby="new-password-hint">
<p class="hint" id="new-password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</p></div>
<div class="field"><label for="confirm-password">Repeat the password</label><input id="confirm-password" name="confirm" type="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password"></div>`;

export function inviteView(invite: InviteDetails, mode: InviteMode, error?: string): string {
  const fields =
    mode === 'new-account'
      ? html`<input type="hidden" name="email" value="${invite.email}" autocomplete="username">${newPasswordFields('Choose a password')}
<button type="submit" class="button primary">Create account and join</button>`
      : mode === 'sign-in'
        ? html`<p>You already have a Rollcall account. Enter its password to join.</p>
<div class="field"><label for="invite-email">Email</label><input id="invite-email" name="email" type="email" readonly value="${invite.email}" autocomplete="username"></div>
<div class="field"><label for="current-password">Password</label><input id="current-password" name="password" type="password" required autocomplete="current-password"></div>
<button type="submit" class="button primary">Sign in and join</button>`
        : html`<p>You are signed in as ${invite.email}.</p>
<button type="submit" class="button primary">Join ${invite.orgName}</button>`;
  return plainPage(
    `Join ${invite.orgName}`,
    html`<section class="card narrow" aria-labelledby="invite-title">
<p class="eyebrow">${invite.orgName}</p>
<h1 id="invite-title">Join ${invite.orgName}</h1>
<p>You are invited to open ${invite.orgName} in Rollcall as <strong>${ROLE_NAMES[invite.role]}</strong>, with the email <strong>${invite.email}</strong>.</p>
${alert(error)}
<form method="post" action="/invite" class="stack">
<input type="hidden" name="token" value="${invite.token}">
${fields}
</form>
<p class="muted">This link works once, until ${formatTime(invite.expiresAt)}.</p>
</section>`,
  );
}

export function passwordResetView(details: { token: string; email: string; orgName: string; expiresAt: string }, error?: string): string {
  return plainPage(
    'Choose a new password',
    html`<section class="card narrow" aria-labelledby="reset-title">
<p class="eyebrow">${details.orgName}</p>
<h1 id="reset-title">Choose a new password</h1>
<p>For <strong>${details.email}</strong>. Every session you have open ends when you save it.</p>
${alert(error)}
<form method="post" action="/reset-password" class="stack">
<input type="hidden" name="token" value="${details.token}">
<input type="hidden" name="email" value="${details.email}" autocomplete="username">
${newPasswordFields('New password')}
<button type="submit" class="button primary">Save the new password</button>
</form>
<p class="muted">This link works once, until ${formatTime(details.expiresAt)}.</p>
</section>`,
  );
}

export function teamLinkUnusableView(state: Unusable, kind: 'invite' | 'password-reset'): string {
  const name = kind === 'invite' ? 'invite link' : 'password-reset link';
  const [title, message] =
    state.state === 'used'
      ? [`This ${name} has already been used`, html`It was used at ${formatTime(state.link.usedAt)}. A link works once: if you still need one, ask whoever sent it for a new one.`]
      : state.state === 'expired'
        ? [`This ${name} has expired`, html`It was valid until ${formatTime(state.link.expiresAt)}. Ask whoever sent it for a new one.`]
        : [`This ${name} is not valid`, html`Check that the whole link was copied. It may also have been revoked or replaced by a newer one.`];
  return plainPage(
    title,
    html`<section class="card narrow" aria-labelledby="link-title">
<h1 id="link-title">${title}</h1>
<p>${message}</p>
<p><a href="/sign-in">Sign in</a></p>
</section>`,
  );
}
