// The onResponse hook that hands each answered SCIM request to the activity recorder (after the reply is sent).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ActivityRecorder } from '../../core/activity/activity-recorder.js';
import type { Clock } from '../../core/clock.js';

const PREFIX = '/scim/v2';

export function recordActivity(recorder: ActivityRecorder, clock: Clock) {
  // A callback hook, not an async one: no promise per request on the SCIM path.
  return function onResponse(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
    const url = request.url;
    const q = url.indexOf('?');
    const full = q === -1 ? url : url.slice(0, q);
    const path = full.startsWith(PREFIX) ? full.slice(PREFIX.length) || '/' : full;
    const failure = request.scimFailure;
    const location = reply.getHeader('location');
    const refused = request.scimRefused;
    recorder.observe({
      at: clock(),
      orgId: request.scimClient?.orgId,
      ...(refused ? { refused } : {}),
      method: request.method,
      path: path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path,
      userAgent: request.headers['user-agent'],
      body: request.body,
      status: reply.statusCode,
      scimType: failure?.scimType,
      detail: failure?.detail,
      location: typeof location === 'string' ? location : undefined,
      target: request.scimTarget,
      ...(request.scimBulkOutcomes ? { bulk: request.scimBulkOutcomes } : {}),
    });
    done();
  };
}
