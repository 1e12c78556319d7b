// Table tests for checkFilter: resolution through the schema registry, literal typing, and every refusal.
import { describe, expect, test } from 'vitest';
import { ScimError } from '../errors.js';
import { groupResourceType, userResourceType, type ResourceTypeDef } from '../schema/resource-types.js';
import { checkFilter } from './check.js';
import type { CheckedNode } from './checked.js';
import { parseFilter } from './parse.js';

const check = (text: string, rt: ResourceTypeDef = userResourceType) => checkFilter(parseFilter(text), rt).root;

/** Renders the checked tree with canonical paths, literal types and case sensitivity. */
function show(node: CheckedNode): string {
  switch (node.kind) {
    case 'compare': {
      const ext = node.target.inExtension ? 'ext:' : '';
      return `(${ext}${node.target.path} ${node.op} ${node.value.type}:${JSON.stringify(node.value.value)}${node.caseExact ? ' exact' : ''})`;
    }
    case 'present':
      return `(${node.target.inExtension ? 'ext:' : ''}${node.target.path} pr)`;
    case 'and':
    case 'or':
      return `(${node.kind} ${node.filters.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(node.filter)})`;
    case 'valuePath':
      return `${node.target.path}[${show(node.filter)}]`;
  }
}

describe('checkFilter', () => {
  const valid: [string, string, ResourceTypeDef?][] = [
    ['USERNAME eq "Bjensen"', '(userName eq string:"Bjensen")'],
    ['name.FAMILYNAME co "O\'Malley"', '(name.familyName co string:"O\'Malley")'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', '(userName sw string:"J")'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "B"', '(name.givenName eq string:"B")'],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"', '(ext:department eq string:"Sales")'],
    ['URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:manager.value eq "x"', '(ext:manager.value eq string:"x" exact)'],
    ['id eq "abc"', '(id eq string:"abc" exact)'],
    ['externalId eq "abc"', '(externalId eq string:"abc" exact)'],
    ['active eq true', '(active eq boolean:true)'],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', '(meta.lastModified gt dateTime:"2011-05-13T04:42:34.000Z")'],
    ['meta.created le "2011-05-13T06:42:34.5+02:00"', '(meta.created le dateTime:"2011-05-13T04:42:34.500Z")'],
    // RFC 7644 section 3.4.2.2: a complex attribute compared directly means its value sub-attribute.
    ['emails co "example.com"', '(emails.value co string:"example.com")'],
    ['emails pr', '(emails pr)'],
    ['name pr', '(name pr)'],
    ['emails[type eq "work" and VALUE co "@x"]', 'emails[(and (emails.type eq string:"work") (emails.value co string:"@x"))]'],
    ['emails[primary eq true]', 'emails[(emails.primary eq boolean:true)]'],
    ['title eq null', '(not (title pr))'],
    ['title ne null', '(title pr)'],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', '(schemas eq string:"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")'],
    ['profileUrl sw "https://"', '(profileUrl sw string:"https://")'],
    ['x509Certificates.value eq "MIIB"', '(x509Certificates.value eq string:"MIIB")'],
    ['displayName gt "M"', '(displayName gt string:"M")', groupResourceType],
    ['members[value eq "u1"]', 'members[(members.value eq string:"u1" exact)]', groupResourceType],
    ['members.type eq "User"', '(members.type eq string:"User")', groupResourceType],
  ];
  test.each(valid)('%s', (text, expected, rt) => {
    expect(show(check(text, rt))).toBe(expected);
  });

  const invalid: [string, string, ResourceTypeDef?][] = [
    ['nickname2 eq "x"', 'unknown attribute "nickname2"'],
    ['name.nickName eq "x"', 'unknown attribute "name.nickName"'],
    ['userName.x eq "x"', 'unknown attribute "userName.x"'],
    ['urn:ietf:params:scim:schemas:core:2.0:User:department eq "x"', 'unknown attribute'],
    ['urn:example:foo:userName eq "x"', 'unknown attribute'],
    ['urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "x"', 'unknown attribute'],
    ['userName eq "x"', 'unknown attribute "userName" for resource type Group', groupResourceType],
    ['password eq "secret"', '"password" cannot be used in a filter'],
    ['password pr', '"password" cannot be used in a filter'],
    ['active eq "yes"', 'needs true or false'], // a quoted "true"/"false" is Entra's boolean (hardening-interop.test.ts)
    ['active eq 1', 'needs true or false'],
    ['userName eq true', 'needs a string'],
    ['userName eq 5', 'needs a string'],
    ['active gt true', 'boolean values have no order'],
    ['emails.primary lt false', 'boolean values have no order'],
    ['x509Certificates.value gt "a"', 'binary values have no order'],
    ['active co "t"', 'co, sw and ew apply to strings'],
    ['meta.created sw "2011"', 'co, sw and ew apply to strings'],
    ['meta.created gt "yesterday"', 'needs a dateTime'],
    ['meta.created gt "2011-02-30T00:00:00Z"', 'needs a dateTime'],
    ['meta.created gt "2011-05-13T25:00:00Z"', 'needs a dateTime'],
    ['meta.created gt 1305261754', 'needs a dateTime'],
    ['name eq "Barbara"', 'complex attribute "name" cannot be compared'],
    ['name gt "B"', 'complex attribute "name" cannot be compared'],
    ['title gt null', 'cannot compare with null'],
    ['userName[value eq "x"]', 'needs a complex attribute'],
    ['name.givenName pr and emails[display.x eq "y"]', 'not a sub-attribute of "emails"'],
    ['emails[nope eq "y"]', '"nope" is not a sub-attribute of "emails"'],
    ['emails[urn:ietf:params:scim:schemas:core:2.0:User:type eq "y"]', 'not a sub-attribute'],
    ['members[display.x pr]', 'not a sub-attribute', groupResourceType],
  ];
  test.each(invalid)('refuses %s', (text, fragment, rt) => {
    let error: unknown;
    try {
      check(text, rt);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).scimType).toBe('invalidFilter');
    expect((error as ScimError).detail).toContain(fragment);
  });
});
