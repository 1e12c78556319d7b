// The Enterprise User extension of RFC 7643 section 4.3.
import { attr, complex, type SchemaDef } from './attribute.js';
import { ENTERPRISE_USER_SCHEMA } from './urns.js';

const str = (name: string, description: string) => attr(name, 'string', { description });

export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person by the organization.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    complex(
      'manager',
      [
        attr('value', 'string', { description: 'The id of the SCIM resource representing the manager.', caseExact: true }),
        attr('$ref', 'reference', { description: 'The URI of the manager.', referenceTypes: ['User'] }),
        attr('displayName', 'string', { description: 'The displayName of the manager.', mutability: 'readOnly' }),
      ],
      { description: "The User's manager." },
    ),
  ],
};
