// The core Group schema of RFC 7643 section 4.2, as listed in section 8.7.1.
import { attr, complex, type SchemaDef } from './attribute.js';
import { GROUP_SCHEMA } from './urns.js';

export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', { description: 'A human-readable name for the Group.', required: true }),
    complex(
      'members',
      [
        attr('value', 'string', { description: 'The id of the member.', mutability: 'immutable', caseExact: true }),
        attr('$ref', 'reference', { description: 'The URI of the member.', mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        attr('display', 'string', { description: 'The display name of the member.', mutability: 'readOnly' }),
        attr('type', 'string', {
          description: 'The type of the member.',
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
      ],
      {
        multiValued: true,
        // The per-PATCH cap of member-delta.ts (MAX_MEMBERS_PER_PATCH), stated where clients read the schema.
        description: 'A list of members of the Group. A PATCH may add, remove or set at most 1000 members; larger changes answer 413 tooLarge.',
      },
    ),
  ],
};
