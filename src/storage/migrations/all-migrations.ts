// The one ordered list of schema migrations both engines apply at start (add new ones at the end, never edit old ones).
import { foundation } from './0001-foundation.js';
import { seqBuckets } from './0002-seq-buckets.js';
import { membershipSuspension } from './0003-membership-suspension.js';
import { productApi } from './0004-product-api.js';
import { events } from './0005-events.js';
import { provisioningActivity } from './0006-provisioning-activity.js';
import { teamLinks } from './0007-team-links.js';
import { rolesAndAttributeMapping } from './0008-roles-and-attribute-mapping.js';
import { schemaExtensions } from './0009-schema-extensions.js';
import { cheaperEventAppend } from './0010-cheaper-event-append.js';
import { stripedSeqBuckets } from './0011-striped-seq-buckets.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  foundation,
  seqBuckets,
  membershipSuspension,
  productApi,
  events,
  provisioningActivity,
  teamLinks,
  rolesAndAttributeMapping,
  schemaExtensions,
  cheaperEventAppend,
  stripedSeqBuckets,
];
