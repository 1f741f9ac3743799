// The type `ErrorCode` (every `code` an error can carry) is generated from the
// Rust enum `Code` of src/error.rs, with the other declarations.
type ErrorCode = import("../../../lifecycle.js").ErrorCode;

/** Any error thrown by customer-lifecycle. */
export class LifecycleError extends Error {
  readonly code: ErrorCode;
}

/**
 * Bad input data. Names its place: `index` and `field` for JS objects and columns,
 * `row` and `column` for CSV, `line` and `column` for JSON text (the properties of
 * `InputErrorPlace`, generated from the Rust type that sets them).
 */
export class InputError extends LifecycleError {}
export interface InputError extends Readonly<import("../../../lifecycle.js").InputErrorPlace> {}

/** A model (or segment filter) with problems: `errors` lists every one. */
export class ModelError extends LifecycleError {
  readonly errors: import("../../../lifecycle.js").ModelProblem[];
}
