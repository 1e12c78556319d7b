// One error type shaped like RFC 7644 section 3.12, with named constructors for each scimType.

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'tooLarge'
  | 'invalidCursor'
  | 'expiredCursor'
  | 'invalidCount';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  static invalidFilter(detail: string) {
    return new ScimError(400, 'invalidFilter', detail);
  }
  static tooMany(detail: string) {
    return new ScimError(400, 'tooMany', detail);
  }
  static uniqueness(detail: string) {
    return new ScimError(409, 'uniqueness', detail);
  }
  static mutability(detail: string) {
    return new ScimError(400, 'mutability', detail);
  }
  static invalidSyntax(detail: string) {
    return new ScimError(400, 'invalidSyntax', detail);
  }
  static invalidPath(detail: string) {
    return new ScimError(400, 'invalidPath', detail);
  }
  static noTarget(detail: string) {
    return new ScimError(400, 'noTarget', detail);
  }
  static invalidValue(detail: string) {
    return new ScimError(400, 'invalidValue', detail);
  }
  static invalidVers(detail: string) {
    return new ScimError(400, 'invalidVers', detail);
  }
  static sensitive(detail: string) {
    return new ScimError(400, 'sensitive', detail);
  }
  static tooLarge(detail: string) {
    return new ScimError(413, 'tooLarge', detail);
  }
  static invalidCursor(detail: string) {
    return new ScimError(400, 'invalidCursor', detail);
  }
  static expiredCursor(detail: string) {
    return new ScimError(400, 'expiredCursor', detail);
  }
  static invalidCount(detail: string) {
    return new ScimError(400, 'invalidCount', detail);
  }
  static badRequest(detail: string) {
    return new ScimError(400, undefined, detail);
  }
  static unauthorized(detail: string) {
    return new ScimError(401, undefined, detail);
  }
  static forbidden(detail: string) {
    return new ScimError(403, undefined, detail);
  }
  static notFound(detail: string) {
    return new ScimError(404, undefined, detail);
  }
  static methodNotAllowed(detail: string) {
    return new ScimError(405, undefined, detail);
  }
  static conflict(detail: string) {
    return new ScimError(409, undefined, detail);
  }
  /** RFC 7644 section 3.14: the resource moved on since the version the client (or a retry) read. */
  static versionMismatch(current: number) {
    return new ScimError(412, undefined, `The resource has changed: version ${current} does not match If-Match`);
  }
  static preconditionFailed(detail: string) {
    return new ScimError(412, undefined, detail);
  }
  static unsupportedMediaType(detail: string) {
    return new ScimError(415, undefined, detail);
  }
  static tooManyRequests(detail: string) {
    return new ScimError(429, undefined, detail);
  }
  static notImplemented(detail: string) {
    return new ScimError(501, undefined, detail);
  }
}
