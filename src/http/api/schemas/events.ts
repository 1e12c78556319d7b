// Event schemas of /api/v1: the envelope (the same in the feed and in webhook bodies) and the feed's query.
import { Type } from 'typebox';
import { MAX_WAIT_SECONDS } from '../../../core/events/event-feed-service.js';
import { EVENT_TYPES } from '../../../storage/event-drafts.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './common.js';

const EVENT_ID_PATTERN = '^evt_[0-9a-f]{32}$';

export const Event = Type.Object({
  id: Type.String({ description: 'evt_…; also sent as Rollcall-Event-Id with webhooks' }),
  type: Type.String({ description: `One of ${EVENT_TYPES.join(', ')}` }),
  occurred_at: Type.String({ format: 'date-time' }),
  organization: Type.Object({ id: Type.String(), external_id: Type.Union([Type.String(), Type.Null()]) }),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: 'The resource after the change, with version and updated_at; a deletion carries it as it last was; membership events carry the user and the group. Users carry their resolved role (null without a role mapping)',
  }),
  changed: Type.Array(Type.String(), { description: 'Names of the attributes that changed' }),
});

export const EventQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({ pattern: EVENT_ID_PATTERN, description: "Only events after this one in feed order: the id of the last event you processed, or the previous answer's next" }),
    ),
    organization_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Only this organization's events" })),
    types: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Comma-separated event types, e.g. user.created,user.deactivated' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Page size' })),
    wait: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_WAIT_SECONDS, default: 0, description: `Seconds (at most ${MAX_WAIT_SECONDS}) to wait for a matching event when none is newer` }),
    ),
  },
  { additionalProperties: false },
);

export const EventPage = Type.Object({
  data: Type.Array(Event),
  next: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as after to continue: the last event\'s id, or your after when nothing newer was found; null only when the feed had nothing and no after was given',
  }),
});
