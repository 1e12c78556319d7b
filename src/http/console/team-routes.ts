// The Team page (owners and admins): who may open this organization, role changes and removal. Changes go through
// TeamService (shared with the CLI), so the last active owner is protected and every change is audited. Invitations
// and password-reset links: team-link-routes.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../../core/orgs/org-service.js';
import { parseRole } from '../../core/orgs/team-service.js';
import type { Services } from '../../core/services.js';
import type { Role } from '../../storage/store.js';
import { ConsoleError } from './console-errors.js';
import { actorOf, loadOrgPage, type OrgPage } from './console-request.js';
import { formField } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { mayManage, teamView, type TeamPage } from './views/team-views.js';

type SlugParams = { Params: { slug: string } };

const teamPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}/team`;

/** Owners manage everyone; admins manage admins and members, and cannot grant the owner role. */
function mayChange(page: OrgPage, targetRole: Role, newRole?: Role): boolean {
  return mayManage(page.role, targetRole) && (newRole === undefined || mayManage(page.role, newRole));
}

/** The Team page with the org's members and pending links, plus whatever this response adds (a message, a new link). */
export async function showTeam(services: Services, page: OrgPage, extra: Omit<TeamPage, 'members' | 'pending'> = {}): Promise<string> {
  const [members, pending] = await Promise.all([services.team.list(page.org.id), services.teamLinks.pending(page.org.id)]);
  return teamView(page.shell, { members, pending, ...extra });
}

export function teamRoutes(app: FastifyInstance, services: Services): void {
  const show = (page: OrgPage, message?: string) => showTeam(services, page, { message });

  app.get<SlugParams>('/orgs/:slug/team', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    return sendHtml(reply, await show(page));
  });

  type Apply = (page: OrgPage, request: FastifyRequest, email: string, targetRole: Role) => Promise<void>;
  const change = (path: string, apply: Apply) =>
    app.post<SlugParams>(path, { config: { csrf: 'session' } }, async (request, reply) => {
      const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
      const email = formField(request, 'email');
      const target = (await services.team.list(page.org.id)).find((m) => m.email.toLowerCase() === email.toLowerCase());
      if (!target) return sendHtml(reply, await show(page, `${email} is not a member of this organization.`), 404);
      try {
        await apply(page, request, target.email, target.role);
      } catch (error) {
        if (error instanceof InputError) return sendHtml(reply, await show(page, `${error.message[0]!.toUpperCase()}${error.message.slice(1)}.`), 409);
        throw error;
      }
      return reply.redirect(teamPath(page.org.slug), 303);
    });

  change('/orgs/:slug/team/role', async (page, request, email, targetRole) => {
    const role = parseRole(formField(request, 'role'));
    if (!mayChange(page, targetRole, role)) throw ConsoleError.forbidden('Only owners can grant the owner role or change an owner.');
    await services.team.setRole(page.org, email, role, actorOf(page, request));
  });

  change('/orgs/:slug/team/remove', async (page, request, email, targetRole) => {
    if (!mayChange(page, targetRole)) throw ConsoleError.forbidden('Only owners can remove an owner.');
    await services.team.remove(page.org, email, actorOf(page, request));
  });
}
