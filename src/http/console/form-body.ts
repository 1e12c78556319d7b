// Console forms arrive as application/x-www-form-urlencoded; this parser exists only in the console's scope.
import { parse } from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type FormBody = Readonly<Record<string, string>>;

/** Forms are small; anything larger is not one of ours. */
const FORM_BODY_LIMIT = 16 * 1024;

export function registerFormParser(app: FastifyInstance): void {
  // The root app parses JSON for SCIM; console routes accept forms only.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of Object.entries(parse(text))) {
      // A repeated field keeps its first value: our forms never repeat a name.
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') fields[name] = first;
    }
    done(null, fields);
  });
}

export function formField(request: FastifyRequest, name: string): string {
  const body = request.body as FormBody | undefined;
  if (body === null || typeof body !== 'object') return '';
  return Object.hasOwn(body, name) ? (body[name] ?? '') : '';
}

/** An HTML checkbox sends its value only when ticked. */
export const isTicked = (request: FastifyRequest, name: string): boolean => formField(request, name) !== '';
