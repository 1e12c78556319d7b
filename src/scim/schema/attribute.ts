// The attribute model of RFC 7643 section 7: the single description that validation,
// filter checking, projection and the /Schemas endpoint all read.

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDef[];
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDef[];
}

type AttributeOptions = Partial<Omit<AttributeDef, 'name' | 'type'>>;

/** Builds an attribute with the RFC 7643 section 2.2 defaults filled in. */
export function attr(name: string, type: AttributeType, options: AttributeOptions = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** A complex attribute: its sub-attributes are listed in order. */
export function complex(name: string, subAttributes: AttributeDef[], options: AttributeOptions = {}): AttributeDef {
  return attr(name, 'complex', { ...options, subAttributes });
}

/** The usual multi-valued shape (value, display, type, primary) of RFC 7643 section 2.4. */
export function multiValued(
  name: string,
  description: string,
  options: { valueType?: AttributeType; types?: string[]; referenceTypes?: string[]; valueRequired?: boolean } = {},
): AttributeDef {
  const value = attr('value', options.valueType ?? 'string', {
    description: `The value of ${name}.`,
    ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
    ...(options.valueRequired ? { required: true } : {}),
  });
  return complex(
    name,
    [
      value,
      attr('display', 'string', { description: 'A human-readable name, primarily used for display purposes.' }),
      attr('type', 'string', {
        description: `A label indicating the attribute's function.`,
        ...(options.types ? { canonicalValues: options.types } : {}),
      }),
      attr('primary', 'boolean', {
        description: 'A Boolean value indicating the preferred value for this attribute. At most one value may be primary.',
      }),
    ],
    { multiValued: true, description },
  );
}
