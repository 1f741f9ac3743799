/** Every `code` an error of this package can carry. */
export type ErrorCode =
  | "INVALID_MODEL"
  | "UNKNOWN_PRESET"
  | "INVALID_INPUT"
  | "INVALID_DATE"
  | "INVALID_COLUMNS"
  | "DUPLICATE_CONTACT"
  | "EMPTY_CONTACT_ID"
  | "UNKNOWN_CONTACT"
  | "IMPORT_FAILED"
  | "INVALID_JSON";

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
