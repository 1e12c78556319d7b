// "User provisioning with SCIM": enable, generate (with the optional overlap), disable. Owners and admins only.
// A token is rendered straight into the POST response that created it: never in a URL, a redirect or a cookie.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../core/services.js';
import type { OverlapChoice } from '../../core/tokens/token-service.js';
import { ScimError } from '../../scim/errors.js';
import { actorOf, loadOrgPage } from './console-request.js';
import { formField, isTicked } from './form-body.js';
import { sendHtml } from './reply-html.js';
import { healthPanel } from './views/health-views.js';
import { runConnectionTest } from './connection-test.js';
import { guideView, isGuideId } from './views/guide-views.js';
import { ConsoleError } from './console-errors.js';
import { schemaExtensionsPanel } from './views/schema-extensions-panel.js';
import { disableConfirmView, scimPageView, tokenShownView } from './views/scim-views.js';

type SlugParams = { Params: { slug: string } };

const scimPath = (slug: string) => `/orgs/${encodeURIComponent(slug)}/settings/scim`;

/** The article's default is no overlap; only the explicit "keep the previous token" box asks for one. */
function overlapChoice(request: FastifyRequest): OverlapChoice | undefined {
  if (!isTicked(request, 'keep_previous')) return undefined;
  const minutes = /^\d{1,6}$/.test(formField(request, 'overlap_minutes')) ? Number(formField(request, 'overlap_minutes')) : NaN;
  return { minutes, untilNewTokenUsed: isTicked(request, 'until_new_token_used') };
}

export function scimSettingsRoutes(app: FastifyInstance, services: Services): void {
  const extensionsPanel = async (page: Awaited<ReturnType<typeof loadOrgPage>>) =>
    schemaExtensionsPanel(page.shell, await services.schemas.list(page.org.id), await services.schemas.keepsUndeclaredExtensions(page.org.id));

  app.get<SlugParams>('/orgs/:slug/settings/scim', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const status = await services.tokens.status(page.org.id);
    const health = status.enabled ? await services.activity.health(page.org.id, status.current?.createdAt ?? null) : undefined;
    return sendHtml(reply, scimPageView(page.shell, status, services.scimBaseUrl, undefined, health, undefined, await extensionsPanel(page)));
  });

  app.get<{ Params: { slug: string; idp: string } }>('/orgs/:slug/settings/scim/guides/:idp', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    if (!isGuideId(request.params.idp)) throw ConsoleError.notFound('There is no set-up guide for that identity provider.');
    return sendHtml(reply, guideView(page.shell, request.params.idp, services.scimBaseUrl));
  });

  app.post<SlugParams>('/orgs/:slug/settings/scim/test', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const status = await services.tokens.status(page.org.id);
    if (!status.enabled) return reply.redirect(scimPath(page.org.slug), 303);
    const results = await runConnectionTest(services, page.org.id);
    const health = await services.activity.health(page.org.id, status.current?.createdAt ?? null);
    return sendHtml(reply, scimPageView(page.shell, status, services.scimBaseUrl, undefined, health, results, await extensionsPanel(page)));
  });

  // The health panel alone, which console.js fetches while the page waits for the first request.
  app.get<SlugParams>('/orgs/:slug/settings/scim/health', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const status = await services.tokens.status(page.org.id);
    const health = await services.activity.health(page.org.id, status.enabled ? (status.current?.createdAt ?? null) : null);
    return sendHtml(reply, healthPanel(page.org.slug, health).toString());
  });

  app.post<SlugParams>('/orgs/:slug/settings/scim/undeclared-extensions', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    await services.schemas.setKeepUndeclaredExtensions(page.org.id, isTicked(request, 'keep'), actorOf(page, request));
    return reply.redirect(scimPath(page.org.slug), 303);
  });

  app.post<SlugParams>('/orgs/:slug/settings/scim/enable', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    // Already on (a second tab, a resubmitted form): never rotate the token by accident.
    if ((await services.tokens.status(page.org.id)).enabled) return reply.redirect(scimPath(page.org.slug), 303);
    const { token } = await services.tokens.generate(page.org.id, actorOf(page, request));
    return sendHtml(reply, tokenShownView(page.shell, { token, firstTime: true, previous: [] }, services.scimBaseUrl));
  });

  app.post<SlugParams>('/orgs/:slug/settings/scim/generate', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    const status = await services.tokens.status(page.org.id);
    if (!status.enabled) return reply.redirect(scimPath(page.org.slug), 303);
    const refuse = (message: string, code: number) => sendHtml(reply, scimPageView(page.shell, status, services.scimBaseUrl, message), code);
    // Without JavaScript the button is always enabled, so the server enforces the article's checkbox.
    if (!isTicked(request, 'confirm_new_token')) return refuse('Tick “I want to generate a new token” to confirm, then click Generate token.', 400);
    // The form names the token it was opened with: a resubmitted or stale form cannot rotate a newer token.
    if (formField(request, 'current_created_at') !== (status.current?.createdAt ?? '')) {
      return refuse('The token changed after this page was opened (perhaps in another tab). Review the page and try again.', 409);
    }
    try {
      const { token } = await services.tokens.generate(page.org.id, actorOf(page, request), overlapChoice(request));
      const after = await services.tokens.status(page.org.id);
      return sendHtml(reply, tokenShownView(page.shell, { token, firstTime: false, previous: after.overlapping }, services.scimBaseUrl));
    } catch (error) {
      if (error instanceof ScimError && error.status === 400) return refuse('Choose how long the previous token keeps working.', 400);
      throw error;
    }
  });

  app.get<SlugParams>('/orgs/:slug/settings/scim/disable', async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    if (!(await services.tokens.status(page.org.id)).enabled) return reply.redirect(scimPath(page.org.slug), 303);
    return sendHtml(reply, disableConfirmView(page.shell));
  });

  app.post<SlugParams>('/orgs/:slug/settings/scim/disable', { config: { csrf: 'session' } }, async (request, reply) => {
    const page = await loadOrgPage(services, request, request.params.slug, 'manage-scim');
    await services.tokens.revoke(page.org.id, actorOf(page, request));
    return reply.redirect(scimPath(page.org.slug), 303);
  });
}
