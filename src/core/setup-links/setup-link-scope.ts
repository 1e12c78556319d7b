// The one rule for what a setup-link session may open: the SCIM pages of its own organization, nothing else.
// Patterns are Fastify route URLs; `/orgs/:slug/...` routes must also name the link's org (console-request.ts checks).

/** Console pages under /orgs/:slug a setup-link session may open: SCIM settings with its activity and audit, and
 * the provisioned People, Groups and Provisioning activity pages. A pattern ending in `/*` also covers what is below it. */
export const SETUP_LINK_ORG_PAGES: readonly string[] = [
  '/settings/scim',
  '/settings/scim/*',
  '/activity',
  '/activity/*',
  '/people',
  '/people/*',
  '/groups',
  '/groups/*',
];

/** Routes outside /orgs/:slug that a setup-link session uses: ending it. */
export const SETUP_LINK_OTHER_ROUTES: readonly string[] = ['/setup-link/end'];

const ORG_PREFIX = '/orgs/:slug';

/** Whether a setup-link session may use the route with this Fastify route URL. */
export function setupLinkMayOpen(routeUrl: string | undefined): boolean {
  if (routeUrl === undefined) return false;
  if (SETUP_LINK_OTHER_ROUTES.includes(routeUrl)) return true;
  if (!routeUrl.startsWith(`${ORG_PREFIX}/`)) return false;
  const rest = routeUrl.slice(ORG_PREFIX.length);
  return SETUP_LINK_ORG_PAGES.some((page) => (page.endsWith('/*') ? rest.startsWith(page.slice(0, -1)) : rest === page));
}
