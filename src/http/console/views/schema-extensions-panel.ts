// The "Custom attributes" panel of the SCIM page: declared extensions and the undeclared-extension toggle.
// Its own partial so the SCIM page's other panels can change independently.
import type { SchemaExtensionRecord } from '../../../storage/store.js';
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import type { ShellContext } from './layout.js';

export function schemaExtensionsPanel(shell: ShellContext, extensions: readonly SchemaExtensionRecord[], keepUndeclared: boolean): SafeHtml {
  const action = `/orgs/${shell.current.org.slug}/settings/scim/undeclared-extensions`;
  return html`<section class="panel" aria-labelledby="extensions-title"><h2 id="extensions-title">Custom attributes</h2>
${
  extensions.length === 0
    ? html`<p class="muted">No schema extensions declared. Declare one with <code>rollcall schema put</code>.</p>`
    : html`<ul class="link-list compact">${extensions.map((e) => html`<li><span class="mono">${e.urn}</span> <span class="muted">${e.resourceType}</span></li>`)}</ul>`
}
<form method="post" action="${action}" class="stack"><input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}">
<div class="check"><input type="checkbox" id="keep-undeclared" name="keep" value="1"${keepUndeclared ? html` checked` : ''}><label for="keep-undeclared">Keep extension data under undeclared URNs as sent (otherwise it is refused so mapping mistakes show up)</label></div>
<div><button type="submit" class="button secondary">Save</button></div></form>
${
  // A setup-link session reaches only the SCIM pages, so it gets no link it could not open.
  shell.setupLink ? '' : html`<p class="muted">Which groups give which role, and which attributes your app reads: <a href="/orgs/${shell.current.org.slug}/roles">Roles and attributes</a>.</p>`
}</section>`;
}
