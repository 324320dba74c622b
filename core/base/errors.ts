/**
 * The root of every error Homeward throws. Each folder subclasses it in its own errors.ts;
 * `code` is a string literal a caller can switch on, and only `{ code, message }` crosses a wire.
 */
export class HomewardError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Whatever was thrown, as a message fit for a log line or a JSON field. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
