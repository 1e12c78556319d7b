// A failure of a product-API use case, shaped like RFC 9457 problem details so src/http/api answers it as is.
// `type` is a short slug; the HTTP layer turns it into a URI under /api/v1/problems/.

export class Problem extends Error {
  override readonly name = 'Problem';

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }

  static invalid(detail: string): Problem {
    return new Problem(400, 'invalid-request', 'The request is not valid', detail);
  }

  static notFound(detail: string): Problem {
    return new Problem(404, 'not-found', 'Not found', detail);
  }

  static conflict(detail: string): Problem {
    return new Problem(409, 'conflict', 'Conflict with the current state', detail);
  }

  static confirmationRequired(detail: string): Problem {
    return new Problem(400, 'confirmation-required', 'Confirmation required', detail);
  }
}
