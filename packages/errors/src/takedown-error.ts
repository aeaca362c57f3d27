/**
 * Base of every package's error registry. Codes are prefixed strings (`KAFKA_…`, `CONFIG_…`) so
 * logs and problem+json bodies can be grepped across services; `retryable` tells a caller whether
 * trying the same thing again can succeed without a change of input.
 */
export interface ErrorDefinition {
  readonly message: string;
  readonly retryable: boolean;
}

export class TakedownError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(options: {
    code: Code;
    message: string;
    retryable: boolean;
    cause?: unknown;
    details?: Record<string, unknown>;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TakedownError";
    this.code = options.code;
    this.retryable = options.retryable;
    this.details = options.details ?? {};
  }
}

export type ErrorCatalog = Readonly<Record<string, ErrorDefinition>>;

/**
 * Builds a typed factory over one package's catalog, so a code that is not in the catalog does
 * not compile and the retryable flag is decided once per code, not at each throw site.
 */
export function defineErrors<const Catalog extends ErrorCatalog>(catalog: Catalog) {
  return function createError(
    code: keyof Catalog & string,
    options: { detail?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ): TakedownError<keyof Catalog & string> {
    const definition = catalog[code];
    if (definition === undefined) throw new Error(`unknown error code ${code}`);
    const message =
      options.detail === undefined
        ? definition.message
        : `${definition.message}: ${options.detail}`;
    return new TakedownError({
      code,
      message,
      retryable: definition.retryable,
      cause: options.cause,
      details: options.details,
    });
  };
}

export function isTakedownError(value: unknown): value is TakedownError {
  return value instanceof TakedownError;
}
