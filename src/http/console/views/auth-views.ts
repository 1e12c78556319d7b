// The pages seen before signing in: sign-in, first-run setup, and "no organization yet".
import { html } from '../html.js';
import { CSRF_FIELD } from '../csrf.js';
import { plainPage } from './layout.js';

const alert = (message: string | undefined) => (message ? html`<p class="alert alert-error" role="alert">${message}</p>` : '');

export function signInView(options: { csrf: string; email?: string; error?: string }): string {
  return plainPage(
    'Sign in',
    html`<section class="card narrow" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">Sign in to Rollcall</h1>
${alert(options.error)}
<form method="post" action="/sign-in" class="stack">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrf}">
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}"></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit" class="button primary">Sign in</button>
</form>
</section>`,
  );
}

export interface SetupValues {
  readonly name?: string;
  readonly slug?: string;
  readonly email?: string;
}

export function setupView(options: { token: string; values?: SetupValues; error?: string }): string {
  const v = options.values ?? {};
  return plainPage(
    'Set up Rollcall',
    html`<section class="card" aria-labelledby="setup-title">
<p class="eyebrow">First run</p>
<h1 id="setup-title">Create your organization</h1>
<p class="muted">This one-time page creates the first organization and its owner account. The link stops working once used, or after an hour.</p>
${alert(options.error)}
<form method="post" action="/setup" class="stack">
<input type="hidden" name="token" value="${options.token}">
<div class="field"><label for="org-name">Organization name</label><input id="org-name" name="name" required maxlength="100" autocomplete="organization" value="${v.name ?? ''}"></div>
<div class="field"><label for="org-slug">Organization ID</label><input id="org-slug" name="slug" required maxlength="63" pattern="[a-z0-9](?:[a-z0-9\\-]*[a-z0-9])?" aria-describedby="org-slug-hint" value="${v.slug ?? ''}">
<p class="hint" id="org-slug-hint">Lower-case letters, digits and hyphens, used in addresses, for example <code>acme</code>.</p></div>
<div class="field"><label for="owner-email">Your email</label><input id="owner-email" name="email" type="email" required autocomplete="username" value="${v.email ?? ''}"></div>
<div class="field"><label for="owner-password">Password</label><input id="owner-password" name="password" type="password" required minlength="12" autocomplete="new-password" aria-describedby="owner-password-hint">
<p class="hint" id="owner-password-hint">At least 12 characters.</p></div>
<button type="submit" class="button primary">Create organization</button>
</form>
</section>`,
  );
}

/** Visitors of a fresh install without the one-time address: where to find it. */
export function setupLinkNeededView(): string {
  return plainPage(
    'Set up Rollcall',
    html`<section class="card narrow" aria-labelledby="link-title">
<p class="eyebrow">First run</p>
<h1 id="link-title">Open your setup address</h1>
<p>Rollcall has no organization yet. When it started, <code>rollcall serve</code> printed a one-time setup address (it ends in <code>/setup?token=…</code>). Open that address to create the first organization and its owner.</p>
<p class="muted">Lost it, or older than an hour? Restart <code>rollcall serve</code> for a new one.</p>
</section>`,
  );
}

export function setupClosedView(): string {
  return plainPage(
    'Setup finished',
    html`<section class="card narrow" aria-labelledby="closed-title">
<h1 id="closed-title">Rollcall is already set up</h1>
<p>An organization exists, so the first-run setup page is closed.</p>
<p><a class="button primary" href="/sign-in">Go to sign in</a></p>
</section>`,
  );
}

export function noOrganizationView(email: string, csrfToken: string): string {
  return plainPage(
    'No organization',
    html`<section class="card narrow" aria-labelledby="no-org-title">
<h1 id="no-org-title">You are not in an organization yet</h1>
<p>You are signed in as <strong>${email}</strong>, but no organization has added you. Ask an owner or admin to add you.</p>
<form method="post" action="/sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}"><button type="submit" class="button secondary">Sign out</button></form>
</section>`,
  );
}
