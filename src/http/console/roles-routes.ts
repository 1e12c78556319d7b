// The "Roles and attributes" page (owners and admins; setup-link sessions never reach it): the group-to-role
// mapping and the attribute mapping, changed through the same services as the API and CLI, which audit every change.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../core/orgs/org-service.js';
import type { Services } from '../../core/services.js';
import { ScimError } from '../../scim/errors.js';
import type { RoleRule } from '../../storage/mapping-store.js';
import { actorOf, loadOrgPage, type OrgPage } from './console-request.js';
import { formField, isTicked } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { rolesView, type AttributeRow, type RolesPage, type RuleRow } from './views/roles-views.js';

type SlugParams = { Params: { slug: string } };

/** The group selector lists this many groups; the API and CLI map any group. */
const LISTED_GROUPS = 500;
/** Rows read from one form, whatever its row count claims (the service caps the rules themselves). */
const MAX_FORM_ROWS = 200;
const PRIORITY = /^\d{1,7}$/;

const rolesPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}/roles`;
/** A service message as a sentence; one starting with a key the person typed ("cost_center: ...") keeps its case. */
const sentence = (text: string) => `${/^[a-z]+ /.test(text) ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text}${text.endsWith('.') ? '' : '.'}`;

/** The numbered rows of a form, trimmed, without the rows left empty. */
function formRows<T extends Record<string, string>>(request: FastifyRequest, prefix: string, fields: readonly (keyof T & string)[]): { row: T; number: number }[] {
  const count = Math.min(Number(formField(request, `${prefix}_count`)) || 0, MAX_FORM_ROWS);
  const rows: { row: T; number: number }[] = [];
  for (let i = 0; i < count; i++) {
    const row = Object.fromEntries(fields.map((f) => [f, formField(request, `${prefix}_${i}_${f}`).trim()])) as T;
    if (fields.some((f) => row[f] !== '')) rows.push({ row, number: i + 1 });
  }
  return rows;
}

export function rolesRoutes(app: FastifyInstance, services: Services): void {
  /** The page as stored, with whatever this response adds (a refused form as typed, a message). */
  const show = async (page: OrgPage, extra: Partial<RolesPage> = {}): Promise<string> => {
    const [roles, attributes, listed] = await Promise.all([
      services.roles.get(page.org.id),
      services.attributeMappings.get(page.org.id),
      services.store.consoleDirectory.groups(page.org.id, { limit: LISTED_GROUPS + 1 }),
    ]);
    const groups = listed.slice(0, LISTED_GROUPS).map((g) => ({ id: g.id, displayName: g.displayName }));
    // Mapped groups beyond the listed ones still show by name.
    for (const [id, displayName] of roles.groupNames) if (!groups.some((g) => g.id === id)) groups.push({ id, displayName });
    groups.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return rolesView(page.shell, {
      groups,
      groupsTruncated: listed.length > LISTED_GROUPS,
      roles: {
        defaultRole: roles.defaultRole ?? '',
        forConsole: roles.forConsole,
        rules: roles.rules.map((r) => ({ groupId: r.groupId, role: r.role, priority: String(r.priority) })),
        updatedAt: roles.updatedAt,
      },
      attributes: { rows: Object.entries(attributes.mapping).map(([key, path]) => ({ key, path })), updatedAt: attributes.updatedAt },
      ...extra,
    });
  };
  const refused = async (reply: FastifyReply, page: OrgPage, extra: Partial<RolesPage>) => sendHtml(reply, await show(page, extra), 400);

  app.get<SlugParams & { Querystring: { saved?: string } }>('/orgs/:slug/roles', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const saved = request.query.saved === 'roles' || request.query.saved === 'attributes' ? request.query.saved : undefined;
    return sendHtml(reply, await show(page, { saved }));
  });

  app.post<SlugParams>('/orgs/:slug/roles/role-mapping', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const rows = formRows<{ group: string; role: string; priority: string }>(request, 'rule', ['group', 'role', 'priority']);
    const typed = {
      defaultRole: formField(request, 'default_role').trim(),
      forConsole: isTicked(request, 'for_console'),
      rules: rows.map(({ row }): RuleRow => ({ groupId: row.group, role: row.role, priority: row.priority })),
      updatedAt: null,
    };
    const refuse = async (message: string) => refused(reply, page, { roles: { ...typed, updatedAt: (await services.roles.get(page.org.id)).updatedAt }, roleMessage: message });
    const rules: RoleRule[] = [];
    for (const { row, number } of rows) {
      if (row.group === '') return refuse(`Rule ${number} has no group: choose one, or empty the row to remove it.`);
      if (!PRIORITY.test(row.priority)) return refuse(`Rule ${number} needs a priority: a whole number, 1 is checked first.`);
      rules.push({ groupId: row.group, role: row.role, priority: Number(row.priority) });
    }
    try {
      const mapping = { defaultRole: typed.defaultRole === '' ? null : typed.defaultRole, forConsole: typed.forConsole, rules };
      await services.roles.put(page.org.id, mapping, actorOf(page, request).name);
    } catch (error) {
      if (!(error instanceof InputError || (error instanceof ScimError && error.status === 400))) throw error;
      // Storage names the field ("rules: no group with id ..."); the form shows which row by itself.
      const text = (error instanceof ScimError ? (error.detail ?? '') : error.message).replace(/^rules: /, '');
      // The service names rules by their place among the filled rows; the page names them by row.
      return refuse(sentence(text.replace(/rules\[(\d+)\]\.?(\w*)/g, (_m, i: string, field: string) => `rule ${rows[Number(i)]?.number ?? Number(i) + 1}${field ? ` ${field.replace('_id', '')}` : ''}`)));
    }
    return reply.redirect(`${rolesPath(page.org.slug)}?saved=roles`, 303);
  });

  app.post<SlugParams>('/orgs/:slug/roles/attribute-mapping', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const rows = formRows<{ key: string; path: string }>(request, 'attr', ['key', 'path']);
    const typed: AttributeRow[] = rows.map(({ row }) => row);
    const refuse = async (message: string) =>
      refused(reply, page, { attributes: { rows: typed, updatedAt: (await services.attributeMappings.get(page.org.id)).updatedAt }, attributeMessage: message });
    const mapping: Record<string, string> = {};
    for (const { row, number } of rows) {
      if (row.key === '' || row.path === '') return refuse(`Row ${number} needs both a key and a SCIM attribute path, or neither to remove it.`);
      if (Object.hasOwn(mapping, row.key)) return refuse(`The key "${row.key}" appears twice.`);
      mapping[row.key] = row.path;
    }
    try {
      await services.attributeMappings.put(page.org.id, mapping, actorOf(page, request).name);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return refuse(sentence(error.message));
    }
    return reply.redirect(`${rolesPath(page.org.slug)}?saved=attributes`, 303);
  });
}
