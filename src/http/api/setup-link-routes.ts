// /api/v1/organizations/{id}/setup-links: a one-time link that lets the customer's IT admin set up SCIM.
import { Type } from 'typebox';
import type { Services } from '../../core/services.js';
import { MAX_SETUP_LINK_TTL_MINUTES, SETUP_LINK_TTL_MINUTES } from '../../core/setup-links/setup-link-service.js';
import { apiActor } from './api-key-auth.js';
import type { ApiApp } from './api-app.js';
import { IdParams, problemResponses } from './schemas/common.js';

const CreateSetupLink = Type.Object(
  {
    return_url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048, description: 'Where the admin\'s "Return to" link leads (http or https)' })),
    expires_in_minutes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_SETUP_LINK_TTL_MINUTES, default: SETUP_LINK_TTL_MINUTES, description: 'How long the unused link stays valid' }),
    ),
  },
  { additionalProperties: false },
);

const SetupLink = Type.Object({
  id: Type.String({ description: 'Names this link in the audit log (actor "setup-link:<id>"); not a secret' }),
  url: Type.String({ format: 'uri', description: 'The one-time link: send it to the customer\'s IT admin; shown only in this response' }),
  expires_at: Type.String({ format: 'date-time' }),
});

export function setupLinkRoutes(app: ApiApp, services: Services): void {
  app.post(
    '/organizations/:id/setup-links',
    {
      schema: {
        tags: ['Setup links'],
        summary: 'Create a one-time setup link for the organization\'s IT admin',
        description:
          'The link opens a page with a Continue button (mail systems that prefetch links use nothing); Continue starts a ' +
          'session of at most an hour that reaches only this organization\'s SCIM pages (User provisioning with SCIM, ' +
          'provisioning activity, people, groups). It works once and expires after 15 minutes unless expires_in_minutes says otherwise. ' +
          'Every action in the session is audited as setup-link:<id>.',
        params: IdParams,
        body: CreateSetupLink,
        response: { 201: SetupLink, ...problemResponses },
      },
      // Every field is optional, so a POST without a body means {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const body = request.body;
      const link = await services.setupLinks.create(
        request.params.id,
        { returnUrl: body.return_url, expiresInMinutes: body.expires_in_minutes },
        apiActor(request),
      );
      return reply.code(201).send({ id: link.id, url: link.url, expires_at: link.expiresAt });
    },
  );
}
