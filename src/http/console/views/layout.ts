// The HTML document around every console page: head, assets, and the app shell with the team tray.
import type { OrgMembership } from '../../../core/console/org-access.js';
import { canManageScim } from '../../../core/console/org-access.js';
import { html, type SafeHtml } from '../html.js';
import { CSRF_FIELD } from '../csrf.js';
import { ROLE_NAMES } from './format.js';

export const CSS_PATH = '/assets/console.css';
export const JS_PATH = '/assets/console.js';

export interface ShellContext {
  readonly email: string;
  readonly current: OrgMembership;
  readonly memberships: readonly OrgMembership[];
  readonly csrfToken: string;
  /** A setup-link session: only the SCIM pages, no account menu; `returnUrl` leads back to the product. */
  readonly setupLink?: { readonly returnUrl: string | null };
}

export type NavItem = 'overview' | 'people' | 'groups' | 'activity' | 'audit' | 'team' | 'roles' | 'webhooks' | 'settings';

/**
 * The sidebar, in order: one row per link. `admin` links show only to owners and admins. A new page adds one row
 * here (and a NavItem), nothing else.
 */
export const NAV_LINKS: readonly { readonly item: NavItem; readonly label: string; readonly path: string; readonly admin: boolean }[] = [
  { item: 'overview', label: 'Overview', path: '', admin: false },
  { item: 'people', label: 'People', path: '/people', admin: true },
  { item: 'groups', label: 'Groups', path: '/groups', admin: true },
  { item: 'activity', label: 'Provisioning activity', path: '/settings/scim/activity', admin: true },
  { item: 'audit', label: 'Audit log', path: '/settings/scim/audit', admin: true },
  { item: 'team', label: 'Team', path: '/team', admin: true },
  { item: 'roles', label: 'Roles and attributes', path: '/roles', admin: true },
  { item: 'webhooks', label: 'Webhooks', path: '/webhooks', admin: true },
];

/** Sidebar links a setup-link session does not get (it reaches only the SCIM pages). */
const NOT_FOR_SETUP_LINKS: readonly NavItem[] = ['overview', 'team', 'roles', 'webhooks'];

function document(title: string, bodyClass: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Rollcall</title>
<link rel="stylesheet" href="${CSS_PATH}">
<script src="${JS_PATH}" defer></script>
</head>
<body class="${bodyClass}">
${body}
</body>
</html>
`.toString();
}

/** Pages for people who are not signed in (or not in an organization): one centred card. */
export function plainPage(title: string, main: SafeHtml): string {
  return document(title, 'plain', html`<main id="main" class="plain-main"><p class="brand brand-plain">Rollcall</p>${main}</main>`);
}

/** The expandable team tray: works as <details> without JavaScript; console.js upgrades it to a button with aria-expanded. */
/** In a setup-link session the tray names the link, offers the way back to the product, and ends the session. */
function setupLinkTray(shell: ShellContext, returnUrl: string | null): SafeHtml {
  return html`<div class="tray" data-tray>
<details class="tray-details">
<summary class="tray-toggle"><span class="avatar" aria-hidden="true">${shell.current.org.name.slice(0, 1).toUpperCase()}</span><span class="tray-name">${shell.current.org.name}</span></summary>
<div class="tray-menu" id="team-tray-menu">
<p class="tray-who"><span class="tray-email">Signed in with a setup link</span><span class="tray-role">Ends within an hour</span></p>
${returnUrl ? html`<ul class="tray-links"><li><a href="${returnUrl}">Return to ${new URL(returnUrl).host}</a></li></ul>` : ''}
<form method="post" action="/setup-link/end" class="tray-sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}"><button type="submit" class="link-button">End session</button></form>
</div>
</details>
</div>`;
}

function teamTray(shell: ShellContext): SafeHtml {
  if (shell.setupLink) return setupLinkTray(shell, shell.setupLink.returnUrl);
  const { current } = shell;
  const others = shell.memberships.filter((m) => m.org.id !== current.org.id);
  return html`<div class="tray" data-tray>
<details class="tray-details">
<summary class="tray-toggle"><span class="avatar" aria-hidden="true">${current.org.name.slice(0, 1).toUpperCase()}</span><span class="tray-name">${current.org.name}</span></summary>
<div class="tray-menu" id="team-tray-menu">
<p class="tray-who"><span class="tray-email">${shell.email}</span><span class="tray-role">${ROLE_NAMES[current.role]}</span></p>
<ul class="tray-links">
<li><a href="/orgs/${current.org.slug}/settings">Settings</a></li>
</ul>
${others.length > 0 ? html`<p class="tray-heading">Switch organization</p><ul class="tray-links">${others.map((m) => html`<li><a href="/orgs/${m.org.slug}">${m.org.name}</a></li>`)}</ul>` : ''}
<form method="post" action="/sign-out" class="tray-sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}"><button type="submit" class="link-button">Sign out</button></form>
</div>
</details>
</div>`;
}

function navLink(href: string, label: string, item: NavItem, active: NavItem | undefined): SafeHtml {
  return html`<li><a href="${href}"${active === item ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

export function appPage(title: string, shell: ShellContext, active: NavItem | undefined, main: SafeHtml): string {
  const base = `/orgs/${shell.current.org.slug}`;
  const admin = canManageScim(shell.current.role);
  return document(
    title,
    'app',
    html`<a class="skip-link" href="#main">Skip to content</a>
<div class="shell">
<aside class="sidebar">
<a class="brand" href="${base}">Rollcall</a>
<nav aria-label="Main" class="nav"><ul>
${shell.setupLink ? navLink(`${base}/settings/scim`, 'User provisioning with SCIM', 'settings', active) : ''}
${NAV_LINKS.filter((link) => (admin || !link.admin) && !(shell.setupLink && NOT_FOR_SETUP_LINKS.includes(link.item))).map((link) => navLink(`${base}${link.path}`, link.label, link.item, active))}
</ul></nav>
${teamTray(shell)}
</aside>
<main id="main" class="main" tabindex="-1">${main}</main>
</div>`,
  );
}
