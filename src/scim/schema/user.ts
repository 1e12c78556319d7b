// The core User schema of RFC 7643 section 4.1, as listed in section 8.7.1.
import { attr, complex, multiValued, type SchemaDef } from './attribute.js';
import { USER_SCHEMA } from './urns.js';

const str = (name: string, description: string) => attr(name, 'string', { description });

export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', {
      description: 'Unique identifier for the User, used to sign in. Unique per organization, compared case-insensitively.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'name',
      [
        str('formatted', 'The full name, formatted for display.'),
        str('familyName', 'The family name of the User.'),
        str('givenName', 'The given name of the User.'),
        str('middleName', 'The middle name(s) of the User.'),
        str('honorificPrefix', 'The honorific prefix(es) of the User.'),
        str('honorificSuffix', 'The honorific suffix(es) of the User.'),
      ],
      { description: "The components of the user's real name." },
    ),
    str('displayName', 'The name of the User, suitable for display to end-users.'),
    str('nickName', 'The casual way to address the user.'),
    attr('profileUrl', 'reference', { description: "A URL to the User's online profile.", referenceTypes: ['external'] }),
    str('title', "The user's title, such as 'Vice President'."),
    str('userType', 'The relationship between the organization and the user.'),
    str('preferredLanguage', "The User's preferred written or spoken language (RFC 7231 Accept-Language)."),
    str('locale', "The User's default location, for localizing items such as currency and dates."),
    str('timezone', "The User's time zone in the IANA Time Zone database format."),
    attr('active', 'boolean', { description: "The User's administrative status; false stops sign-in." }),
    attr('password', 'string', {
      description: "The User's cleartext password, accepted for provisioning and never returned.",
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValued('emails', 'Email addresses for the user.', { types: ['work', 'home', 'other'] }),
    multiValued('phoneNumbers', 'Phone numbers for the User.', { types: ['work', 'home', 'mobile', 'fax', 'pager', 'other'] }),
    multiValued('ims', 'Instant messaging addresses for the User.', {
      types: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValued('photos', 'URLs of images of the User.', { valueType: 'reference', types: ['photo', 'thumbnail'], referenceTypes: ['external'] }),
    complex(
      'addresses',
      [
        str('formatted', 'The full mailing address, formatted for display.'),
        str('streetAddress', 'The full street address component.'),
        str('locality', 'The city or locality component.'),
        str('region', 'The state or region component.'),
        str('postalCode', 'The zip code or postal code component.'),
        str('country', 'The country name component (ISO 3166-1 alpha-2).'),
        attr('type', 'string', { description: 'A label indicating the function.', canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean', { description: 'Whether this is the preferred mailing address.' }),
      ],
      { multiValued: true, description: 'A physical mailing address for this User.' },
    ),
    complex(
      'groups',
      [
        attr('value', 'string', { description: 'The id of the Group.', mutability: 'readOnly', caseExact: true }),
        attr('$ref', 'reference', { description: 'The URI of the Group.', mutability: 'readOnly', referenceTypes: ['Group'] }),
        attr('display', 'string', { description: 'The displayName of the Group.', mutability: 'readOnly' }),
        attr('type', 'string', {
          description: "Membership: 'direct' or 'indirect'.",
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
      { multiValued: true, mutability: 'readOnly', description: 'Groups the user belongs to, kept in step with Group membership.' },
    ),
    multiValued('entitlements', 'Entitlements the User has.'),
    multiValued('roles', 'Roles for the User.'),
    multiValued('x509Certificates', 'DER-encoded X.509 certificates.', { valueType: 'binary' }),
  ],
};
