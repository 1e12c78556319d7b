// The extension validator refuses bad definitions with a detail naming the problem, and reads good ones with
// RFC 7643 section 2.2 defaults.
import { describe, expect, it } from 'vitest';
import { ScimError } from '../errors.js';
import { looksLikeExtensionUrn, parseExtensionDefinition } from './extension-definition.js';

const URN = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
const def = (attributes: unknown[], extra: Record<string, unknown> = {}) => ({ id: URN, attributes, ...extra });

function refusal(input: unknown): string {
  try {
    parseExtensionDefinition(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    return (error as ScimError).detail;
  }
  throw new Error('expected a refusal');
}

describe('parseExtensionDefinition', () => {
  it('reads a definition with RFC 7643 defaults', () => {
    const schema = parseExtensionDefinition(def([{ name: 'CustomAttribute', type: 'string' }]));
    expect(schema).toMatchObject({ id: URN, name: 'User', description: '' });
    expect(schema.attributes[0]).toEqual({
      name: 'CustomAttribute',
      type: 'string',
      multiValued: false,
      description: '',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
    });
  });

  it.each([
    ['not an object', [], /JSON object/],
    ['no id', { attributes: [{ name: 'a', type: 'string' }] }, /"id" must be the extension URN/],
    ['a bad URN', def([{ name: 'a', type: 'string' }], { id: 'not-a-urn' }), /is not a URN Rollcall accepts/],
    ['quotes in the URN', def([{ name: 'a', type: 'string' }], { id: "urn:x:a'b" }), /is not a URN/],
    ['the core User URN', def([{ name: 'a', type: 'string' }], { id: 'urn:ietf:params:scim:schemas:core:2.0:User' }), /reserved/],
    ['the enterprise URN', def([{ name: 'a', type: 'string' }], { id: 'URN:ietf:params:scim:schemas:extension:enterprise:2.0:User' }), /reserved/],
    ['a protocol message URN', def([{ name: 'a', type: 'string' }], { id: 'urn:ietf:params:scim:api:messages:2.0:PatchOp' }), /reserved/],
    ['no attributes', def([]), /non-empty array/],
    ['a duplicate name', def([{ name: 'badge', type: 'string' }, { name: 'Badge', type: 'integer' }]), /"Badge" is declared twice/],
    ['an unsupported type', def([{ name: 'a', type: 'uuid' }]), /type must be one of/],
    ['a bad name', def([{ name: '1st', type: 'string' }]), /needs a "name" that starts with a letter/],
    ['a path as a name', def([{ name: 'a.b', type: 'string' }]), /needs a "name"/],
    ['an unknown field', def([{ name: 'a', type: 'string', filterable: true }]), /unknown field "filterable"/],
    ['a complex without sub-attributes', def([{ name: 'a', type: 'complex' }]), /non-empty "subAttributes"/],
    ['a nested complex', def([{ name: 'a', type: 'complex', subAttributes: [{ name: 'b', type: 'complex', subAttributes: [] }] }]), /cannot be complex/],
    ['sub-attributes on a string', def([{ name: 'a', type: 'string', subAttributes: [] }]), /only complex attributes/],
    ['a bad mutability', def([{ name: 'a', type: 'string', mutability: 'sometimes' }]), /mutability must be one of/],
    ['uniqueness it cannot keep', def([{ name: 'a', type: 'string', uniqueness: 'server' }]), /uniqueness must be "none"/],
    ['canonical values on an integer', def([{ name: 'a', type: 'integer', canonicalValues: ['1'] }]), /canonicalValues apply only/],
    ['a required readOnly attribute', def([{ name: 'a', type: 'string', required: true, mutability: 'readOnly' }]), /cannot be required/],
    ['a non-boolean flag', def([{ name: 'a', type: 'string', multiValued: 'yes' }]), /multiValued must be true or false/],
  ])('refuses %s', (_label, input, detail) => {
    expect(refusal(input)).toMatch(detail);
  });
});

describe('looksLikeExtensionUrn', () => {
  it('tells extension URN keys from core attribute names and reserved URNs', () => {
    expect(looksLikeExtensionUrn(URN)).toBe(true);
    expect(looksLikeExtensionUrn('urn:ietf:params:scim:schemas:custom:Space')).toBe(true);
    expect(looksLikeExtensionUrn('department')).toBe(false);
    expect(looksLikeExtensionUrn('urn:ietf:params:scim:schemas:core:2.0:User:userName')).toBe(false);
  });
});
