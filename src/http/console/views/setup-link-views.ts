// The pages of a setup link: the one-click Continue (mail systems prefetch links, so opening it uses nothing),
// and the pages that explain a used, expired or unknown link.
import type { SetupLinkState } from '../../../core/setup-links/setup-link-service.js';
import { html } from '../html.js';
import { plainPage } from './layout.js';

const formatTime = (iso: string) => iso.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');

export function setupLinkContinueView(token: string, orgName: string, expiresAt: string): string {
  return plainPage(
    'Set up SCIM provisioning',
    html`<section class="card narrow" aria-labelledby="setup-link-title">
<p class="eyebrow">${orgName}</p>
<h1 id="setup-link-title">Set up SCIM provisioning</h1>
<p>This link opens <strong>User provisioning with SCIM</strong> for ${orgName}, where you connect your identity provider. It works once; the session it starts ends within an hour.</p>
<form method="post" action="/setup-link" class="stack">
<input type="hidden" name="token" value="${token}">
<button type="submit" class="button primary">Continue</button>
</form>
<p class="muted">Valid until ${formatTime(expiresAt)}.</p>
</section>`,
  );
}

export function setupLinkUnusableView(state: Exclude<SetupLinkState, { state: 'valid' }>): string {
  const [title, message] =
    state.state === 'used'
      ? ['This setup link has already been used', `It was used at ${formatTime(state.link.usedAt ?? '')}. A setup link works once: ask for a new one.`]
      : state.state === 'expired'
        ? ['This setup link has expired', `It was valid until ${formatTime(state.link.expiresAt)}. Ask for a new one.`]
        : ['This setup link is not valid', 'Check that the whole link was copied, or ask for a new one.'];
  return plainPage(
    title,
    html`<section class="card narrow" aria-labelledby="setup-link-title">
<h1 id="setup-link-title">${title}</h1>
<p>${message}</p>
<p class="muted">Setup links come from the application you are connecting; whoever sent you this one can send another.</p>
</section>`,
  );
}

export function setupLinkEndedView(returnUrl: string | null): string {
  return plainPage(
    'Session ended',
    html`<section class="card narrow" aria-labelledby="setup-link-title">
<h1 id="setup-link-title">Session ended</h1>
<p>Your setup-link session has ended. Your SCIM settings are saved.</p>
${returnUrl ? html`<p><a class="button primary" href="${returnUrl}">Return to ${new URL(returnUrl).host}</a></p>` : ''}
</section>`,
  );
}
