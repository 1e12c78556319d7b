// The "Roles and attributes" page (owners and admins): the organization's group-to-role mapping and attribute
// mapping, each one plain form. Rows are numbered fields (rule_0_group, ...) because forms never repeat a name;
// a few blank rows add rules, and emptying a row removes it. Works without script.
import { CSRF_FIELD } from '../csrf.js';
import { html, type SafeHtml } from '../html.js';
import { formatTime } from './format.js';
import { appPage, type ShellContext } from './layout.js';
import { dataTable } from './table-parts.js';

/** Blank rows offered below the current ones. */
export const BLANK_ROWS = 3;

/** A rule as the form shows it: text, so a refused submission comes back exactly as typed. */
export interface RuleRow {
  readonly groupId: string;
  readonly role: string;
  readonly priority: string;
}

export interface AttributeRow {
  readonly key: string;
  readonly path: string;
}

export interface RolesPage {
  readonly groups: readonly { readonly id: string; readonly displayName: string }[];
  /** More groups exist than the selector lists. */
  readonly groupsTruncated: boolean;
  readonly roles: { readonly defaultRole: string; readonly forConsole: boolean; readonly rules: readonly RuleRow[]; readonly updatedAt: string | null };
  readonly attributes: { readonly rows: readonly AttributeRow[]; readonly updatedAt: string | null };
  readonly roleMessage?: string | undefined;
  readonly attributeMessage?: string | undefined;
  readonly saved?: 'roles' | 'attributes' | undefined;
}

const withBlanks = <T>(rows: readonly T[], blank: T): { row: T; index: number }[] =>
  [...rows, ...Array.from({ length: BLANK_ROWS }, () => blank)].map((row, index) => ({ row, index }));

function groupSelect(page: RolesPage, index: number, chosen: string): SafeHtml {
  const known = page.groups.some((g) => g.id === chosen);
  return html`<select id="rule-${index}-group" name="rule_${index}_group" aria-label="Group of rule ${index + 1}">
<option value="">No group (row unused)</option>
${known || chosen === '' ? '' : html`<option value="${chosen}" selected>${chosen}</option>`}
${page.groups.map((g) => html`<option value="${g.id}"${g.id === chosen ? html` selected` : ''}>${g.displayName}</option>`)}</select>`;
}

function rolesForm(base: string, csrf: SafeHtml, page: RolesPage): SafeHtml {
  const { roles } = page;
  const rows = withBlanks<RuleRow>(roles.rules, { groupId: '', role: '', priority: '' });
  const table = dataTable(
    'Group-to-role rules',
    [
      { header: 'Group', cell: ({ row, index }) => groupSelect(page, index, row.groupId) },
      {
        header: 'Role',
        cell: ({ row, index }) => html`<input id="rule-${index}-role" name="rule_${index}_role" value="${row.role}" aria-label="Role of rule ${index + 1}" autocomplete="off" spellcheck="false">`,
      },
      {
        header: 'Priority',
        cell: ({ row, index }) =>
          html`<input id="rule-${index}-priority" name="rule_${index}_priority" value="${row.priority}" inputmode="numeric" size="6" aria-label="Priority of rule ${index + 1}" autocomplete="off">`,
      },
    ],
    rows,
    '',
  );
  return html`<section class="panel" aria-labelledby="roles-title"><h2 id="roles-title">Group-to-role mapping</h2>
<p class="muted">Each person gets the role of the mapped group with the lowest priority number among their groups, else the default role. Groups are kept by their SCIM id, so renaming a group in the identity provider keeps its rule.${
    roles.updatedAt ? html` Last changed ${formatTime(roles.updatedAt)}.` : ''
  }</p>
${page.saved === 'roles' ? html`<p class="alert alert-info" role="status">Role mapping saved.</p>` : ''}
${page.roleMessage ? html`<p class="alert alert-error" role="alert">${page.roleMessage}</p>` : ''}
<form method="post" action="${base}/role-mapping" class="stack">${csrf}
${table}
${page.groupsTruncated ? html`<p class="hint">Only the first ${page.groups.length} groups are listed; the CLI and the API can map any group.</p>` : ''}
<input type="hidden" name="rule_count" value="${rows.length}">
<div class="field"><label for="default-role">Default role</label><input id="default-role" name="default_role" value="${roles.defaultRole}" autocomplete="off" spellcheck="false">
<p class="hint">For people in no mapped group. Leave empty for no role.</p></div>
<div class="check"><input type="checkbox" id="for-console" name="for_console" value="1"${roles.forConsole ? html` checked` : ''}><label for="for-console">These roles also set console access for team members the identity provider provisions (admin or member only; owners are never changed)</label></div>
<div><button type="submit" class="button primary">Save role mapping</button></div></form></section>`;
}

function attributesForm(base: string, csrf: SafeHtml, page: RolesPage): SafeHtml {
  const { attributes } = page;
  const rows = withBlanks<AttributeRow>(attributes.rows, { key: '', path: '' });
  const table = dataTable(
    'Attribute mapping',
    [
      {
        header: 'Key your app reads',
        cell: ({ row, index }) => html`<input id="attr-${index}-key" name="attr_${index}_key" value="${row.key}" aria-label="Key ${index + 1}" autocomplete="off" spellcheck="false">`,
      },
      {
        header: 'SCIM attribute path',
        cell: ({ row, index }) =>
          html`<input id="attr-${index}-path" name="attr_${index}_path" value="${row.path}" class="mono" aria-label="SCIM attribute of key ${index + 1}" autocomplete="off" spellcheck="false">`,
      },
    ],
    rows,
    '',
  );
  return html`<section class="panel" aria-labelledby="attributes-title"><h2 id="attributes-title">Attribute mapping</h2>
<p class="muted">Which SCIM attribute feeds each field of the person your app reads (core, enterprise or a declared extension, e.g. <code>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department</code>).${
    attributes.updatedAt ? html` Last changed ${formatTime(attributes.updatedAt)}.` : html` These are the built-in defaults; saving makes them this organization's own.`
  }</p>
${page.saved === 'attributes' ? html`<p class="alert alert-info" role="status">Attribute mapping saved.</p>` : ''}
${page.attributeMessage ? html`<p class="alert alert-error" role="alert">${page.attributeMessage}</p>` : ''}
<form method="post" action="${base}/attribute-mapping" class="stack">${csrf}
${table}
<input type="hidden" name="attr_count" value="${rows.length}">
<div><button type="submit" class="button primary">Save attribute mapping</button></div></form></section>`;
}

export function rolesView(shell: ShellContext, page: RolesPage): string {
  const base = `/orgs/${shell.current.org.slug}/roles`;
  const csrf = html`<input type="hidden" name="${CSRF_FIELD}" value="${shell.csrfToken}">`;
  return appPage(
    'Roles and attributes',
    shell,
    'roles',
    html`<h1>Roles and attributes</h1>
<p>What your app learns about each provisioned person beyond the SCIM record: a role from their groups, and named fields. Every change is in the audit log.</p>
${rolesForm(base, csrf, page)}
${attributesForm(base, csrf, page)}`,
  );
}
