// The package's error classes. The Rust side creates every error it throws
// through `makeError`, so callers can tell them apart with `instanceof` and `code`.

/** Any error thrown by customer-lifecycle. */
export class LifecycleError extends Error {
  constructor(message, code, details) {
    super(message);
    this.name = "LifecycleError";
    this.code = code;
    if (details) Object.assign(this, details);
  }
}

/** Bad input data: names its place (index/field, row/column or line/column). */
export class InputError extends LifecycleError {
  constructor(message, code, details) {
    super(message, code, details);
    this.name = "InputError";
  }
}

/** A lifecycle model (or a segment filter) with problems; `errors` lists every one. */
export class ModelError extends LifecycleError {
  constructor(message, code, details) {
    super(message, code, details);
    this.name = "ModelError";
  }
}

export function makeError(kind, message, code, details) {
  const Class = kind === "model" ? ModelError : kind === "input" ? InputError : LifecycleError;
  return new Class(message, code, details);
}
