// Set-up guides per identity provider: where the SCIM base URL and token go, and which settings to pick.
import { html, type SafeHtml } from '../html.js';
import { appPage, type ShellContext } from './layout.js';

export type GuideId = 'okta' | 'entra' | 'onelogin' | 'jumpcloud' | 'google';

export const GUIDE_LINKS: readonly (readonly [GuideId, string])[] = [
  ['okta', 'Okta'],
  ['entra', 'Microsoft Entra ID'],
  ['onelogin', 'OneLogin'],
  ['jumpcloud', 'JumpCloud'],
  ['google', 'Google Workspace'],
];

export const isGuideId = (id: string): id is GuideId => GUIDE_LINKS.some(([g]) => g === id);

const STEPS: Record<GuideId, (baseUrl: string) => SafeHtml> = {
  okta: (baseUrl) => html`<ol class="steps">
<li>In the Okta Admin Console open <strong>Applications</strong>, your app (or create a SAML/OIDC app), then <strong>General</strong> › <strong>App Settings</strong> and tick <strong>Enable SCIM provisioning</strong>.</li>
<li>On the <strong>Provisioning</strong> tab › <strong>Integration</strong>, paste <code>${baseUrl}</code> into <strong>SCIM connector base URL</strong>.</li>
<li>Set <strong>Unique identifier field for users</strong> to <code>userName</code>.</li>
<li>Tick <strong>Push New Users</strong>, <strong>Push Profile Updates</strong> and <strong>Push Groups</strong>.</li>
<li>Choose <strong>Authentication Mode</strong>: <strong>HTTP Header</strong>, and paste the token into <strong>Authorization</strong> (Bearer).</li>
<li>Click <strong>Test Connector Configuration</strong>, then <strong>Save</strong>. On <strong>To App</strong>, enable <strong>Create Users</strong>, <strong>Update User Attributes</strong> and <strong>Deactivate Users</strong>.</li></ol>`,
  entra: (baseUrl) => html`<ol class="steps">
<li>In the Microsoft Entra admin center open <strong>Enterprise applications</strong>, your app (or <strong>New application</strong> › <strong>Create your own application</strong>, “non-gallery”), then <strong>Provisioning</strong>.</li>
<li>Set <strong>Provisioning Mode</strong> to <strong>Automatic</strong>.</li>
<li>Paste <code>${baseUrl}?aadOptscim062020</code> into <strong>Tenant URL</strong>. The <code>aadOptscim062020</code> flag makes Entra send standard SCIM PATCH requests (Rollcall also accepts the older forms and records which compatibility rule it applied).</li>
<li>Paste the token into <strong>Secret Token</strong> and click <strong>Test Connection</strong>.</li>
<li>Under <strong>Mappings</strong> keep <code>userPrincipalName</code> → <code>userName</code>; set <strong>Scope</strong> to “Sync only assigned users and groups”, assign people and groups, and turn <strong>Provisioning Status</strong> on.</li></ol>`,
  onelogin: (baseUrl) => html`<ol class="steps">
<li>In OneLogin open <strong>Applications</strong> › <strong>Add App</strong> and choose <strong>SCIM Provisioner with SAML (SCIM v2 Enterprise)</strong>.</li>
<li>On <strong>Configuration</strong>, paste <code>${baseUrl}</code> into <strong>SCIM Base URL</strong> and the token into <strong>SCIM Bearer Token</strong>; leave <strong>SCIM JSON Template</strong> with <code>userName</code> mapped to the email.</li>
<li>Click <strong>Enable</strong> under API Status, then on <strong>Provisioning</strong> tick <strong>Enable provisioning</strong> and choose what happens when a user is deleted (Delete or Suspend).</li></ol>`,
  jumpcloud: (baseUrl) => html`<ol class="steps">
<li>In the JumpCloud Admin Portal open <strong>SSO Applications</strong>, your app (or <strong>Add New Application</strong> › <strong>Custom Application</strong>) and the <strong>Identity Management</strong> tab.</li>
<li>Choose <strong>SCIM 2.0</strong>, paste <code>${baseUrl}</code> into <strong>Base URL</strong> and the token into <strong>Token Key</strong>.</li>
<li>Click <strong>Test Connection</strong>, then <strong>Activate</strong>. Bind user groups to the application on <strong>User Groups</strong>; JumpCloud pushes their members.</li></ol>`,
  google: (baseUrl) => html`<ol class="steps">
<li>In the Google Admin console open <strong>Apps</strong> › <strong>Web and mobile apps</strong> and your custom SAML app.</li>
<li>Open <strong>Auto-provisioning</strong> (available for apps that support it) and paste <code>${baseUrl}</code> as the <strong>Endpoint URL</strong> and the token as the <strong>Access token</strong>.</li>
<li>Map <strong>Primary email</strong> to <code>userName</code>, choose the groups in scope, and switch auto-provisioning on. Google deactivates people it suspends and deletes those it removes after the grace period you choose.</li></ol>`,
};

export function guideView(shell: ShellContext, id: GuideId, scimBaseUrl: string): string {
  const name = GUIDE_LINKS.find(([g]) => g === id)![1];
  const path = `/orgs/${shell.current.org.slug}/settings/scim`;
  return appPage(
    `Set up ${name}`,
    shell,
    'settings',
    html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${path}">User provisioning with SCIM</a></li><li aria-current="page">${name}</li></ol></nav>
<header class="page-header"><h1>Set up provisioning in ${name}</h1><p class="muted">You need the SCIM base URL below and the authentication token shown once when you enabled provisioning or generated a token. Lost it? Generate a new one on the SCIM page.</p></header>
<section class="panel"><div class="field"><label for="guide-base-url">SCIM base URL</label><input id="guide-base-url" class="mono" type="text" readonly value="${scimBaseUrl}"></div>
${STEPS[id](scimBaseUrl)}
<p>Then watch <a href="${path}">connection health</a> and <a href="${path}/activity">Provisioning activity</a>: the first request shows up within seconds.</p></section>
<nav aria-label="Other identity providers"><ul class="link-list compact inline-list">${GUIDE_LINKS.filter(([g]) => g !== id).map(([g, n]) => html`<li><a href="${path}/guides/${g}">${n}</a></li>`)}</ul></nav>`,
  );
}
