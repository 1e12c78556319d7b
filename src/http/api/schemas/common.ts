// Schemas every /api/v1 module shares: problem details (RFC 9457), the `{data, next}` page and its query.
// Declared once with TypeBox; they drive validation, serialisation and the OpenAPI document alike.
import { Type, type TSchema } from 'typebox';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(Type.Object({ pointer: Type.String({ description: 'JSON pointer or parameter name' }), detail: Type.String() })),
    ),
  },
  { description: 'RFC 9457 problem details, sent as application/problem+json' },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Page size' })),
  after: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: 'The `next` cursor of the previous page' })),
};

/** A list page: `next` is the cursor of the following page, or null on the last page. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    data: Type.Array(item),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `after` for the next page; null when this is the last page' }),
  });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Organization id' }) });

/** The error responses every authenticated route may give (documented once per route in the OpenAPI document). */
export const problemResponses = { 400: Problem, 401: Problem, 404: Problem } as const;
