/** The one error catalogue: stable codes, one code → HTTP status map, one JSON shape. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  INVALID_NIK: 400,
  INVALID_KK: 400,
  UNAUTHENTICATED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  INVALID_REFERENCE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** One problem with one field of the input; `path` is the field's location, e.g. `body.members.0.nik`. */
export interface FieldIssue {
  path: string;
  reason: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** A domain error: services throw these; the HTTP layer maps the code to a status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** Builds a 400 for invalid fields. */
export function validationError(issues: FieldIssue[], message = 'The request has invalid fields.'): AppError {
  return new AppError('VALIDATION_FAILED', message, { issues });
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

/**
 * Translates a database error into a domain error (the one place that knows SQLSTATE codes).
 * Returns undefined for errors that are not the client's fault.
 */
export function translateDatabaseError(error: unknown): AppError | undefined {
  const code =
    (error as { code?: unknown } | null)?.code ??
    (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  switch (code) {
    case '23505':
      return new AppError('CONFLICT', 'A record with the same unique key already exists.');
    case '23503':
      return new AppError('INVALID_REFERENCE', 'The request refers to a record that does not exist.');
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION_FAILED', 'A value has the wrong format.');
    default:
      return undefined;
  }
}
