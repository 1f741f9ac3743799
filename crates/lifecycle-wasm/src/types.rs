//! TypeScript declarations of every data type that crosses the boundary. The
//! functions and the `Engine` class refer to them through `unchecked_*_type`, so
//! the generated `.d.ts` is complete. Data objects keep the field names of the
//! documented JSON formats (docs/data-format.md): snake_case, as in the files a
//! user imports and exports; options objects are camelCase.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A date as `YYYY-MM-DD`. */
export type DateString = string;

/** A custom field value of a contact. */
export type FieldValue =
  | { type: "text"; value: string }
  | { type: "number"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "date"; value: DateString };

/** A contact, as in the JSON contacts format. Only `id` is required. */
export interface Contact {
  id: string;
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
  source?: string;
  owner?: string;
  tags?: string[];
  created?: DateString | null;
  fields?: Record<string, FieldValue>;
}

/** An event, as in the JSON events format. */
export interface LifecycleEvent {
  /** The contact's id. */
  contact: string;
  date: DateString;
  /** `HH:MM:SS`. */
  time?: string;
  /** A built-in kind (see `eventKinds()`) or a custom one. */
  kind: string;
  amount?: number;
  /** NPS 0-10 or a review rating 1-5. */
  score?: number;
  channel?: string;
  note?: string;
}

/**
 * Events as typed columns: index `i` of every array is one event, so a million
 * events cross as ten arrays instead of a million objects.
 */
export interface EventColumns {
  /** Index of the event's contact in the contacts array passed with the columns. */
  contact: Uint32Array;
  /** Day number: days since 0001-01-01, which is day 1 (see `dayNumber`). */
  day: Int32Array;
  /** Minutes after midnight, or 65535 for none. */
  time: Uint16Array;
  /** Index into `kinds`. */
  kind: Uint8Array;
  /** NPS 0-10 or rating 1-5, or 255 for none. */
  score: Uint8Array;
  /** Deal value, or NaN for none. */
  amount: Float64Array;
  /** Index into `strings`, or 4294967295 (0xFFFFFFFF) for none. */
  channel: Uint32Array;
  /** Index into `strings`, or 4294967295 (0xFFFFFFFF) for none. */
  note: Uint32Array;
  /** Kind names, at most 256. */
  kinds: string[];
  /** Channels and notes. */
  strings: string[];
}

export interface LoadOptions {
  /** Events about a contact that is not loaded: fail (default) or create the contact. */
  unknownContacts?: "reject" | "create";
}

export interface Labels { en: string; ru: string }
export type StageKind = "open" | "won" | "dormant" | "lost";

/** A lifecycle model, as in the model JSON format (docs/presets.md). */
export interface LifecycleModel {
  version: number;
  id: string;
  name: Labels;
  stages: { id: string; label: Labels; colour: string; kind: StageKind; rule: string }[];
  funnel: string[];
  icp: string;
  windows?: Record<string, number>;
  fields?: { name: string; type: "text" | "number" | "bool" | "date" }[];
  kinds?: { name: string; direction: "client" | "company"; win?: boolean }[];
}

/** One problem of a model, with its place. */
export interface ModelProblem {
  place: "model" | "stage" | "icp" | "funnel" | "filter" | "window" | "field" | "kind";
  /** The stage's id, for a problem in a stage's rule. */
  stage?: string;
  /** The window's, field's or kind's name, for a problem in a declaration. */
  name?: string;
  /** Line and column (1-based, in characters) in the rule or the JSON text. */
  line?: number;
  column?: number;
  message: string;
  hint: string;
}

export interface StageInfo { id: string; label: Labels; colour: string; kind: StageKind }

export interface EventKindInfo { name: string; isActivity: boolean; isWin: boolean }

export interface ClassificationResult {
  asOf: DateString;
  /** Stage ids in priority order. */
  stageIds: string[];
  /** `stages[i]` is the index into `stageIds` of the i-th loaded contact's stage. */
  stages: Uint8Array;
  /** Contacts per stage, in `stageIds` order. */
  counts: number[];
}

export interface StageCheck { stage: string; matched: boolean; reasons: string[] }

export interface Explanation {
  contact: string;
  as_of: DateString;
  stage: string;
  /** The stages in priority order up to and including the one that matched. */
  checks: StageCheck[];
}

export interface StageHistory {
  /** The stage before any event. */
  initial: string;
  transitions: { date: DateString; from: string; to: string }[];
}

/** A subset of contacts: every non-empty list must match, and the filter rule must hold. */
export interface Segment {
  stages?: string[];
  sources?: string[];
  owners?: string[];
  tags?: string[];
  /** A rule in the rule language, e.g. `field.industry == "retail"`. */
  filter?: string | null;
}

export interface StageCount { stage: string; count: number }
export interface StageChange { stage: string; kind: StageKind; from: number; to: number; change: number }
export interface Trend {
  stages: string[];
  /** `counts[i]` goes with `stages[i]`. */
  points: { date: DateString; counts: number[] }[];
}
export interface TransitionMatrix { stages: string[]; counts: number[][] }
export interface FunnelStep {
  stage: string;
  reached: number;
  conversion: number | null;
  median_days: number | null;
  p90_days: number | null;
}
export interface DropOff {
  rows: { stage: string; entered: number; to_dormant: number; to_lost: number; rate: number | null }[];
  dormant_to_lost: number;
}
export interface StageTime {
  stage: string;
  completed: number;
  median_days: number | null;
  p90_days: number | null;
  current: number;
  current_median_days: number | null;
}
export interface Cohort { month: DateString; size: number; active: number[]; customers: number[] }
export interface SourceRow {
  source: string;
  contacts: number;
  customers: number;
  conversion: number;
  customers_now: number;
}
export interface Risk {
  contact: number;
  id: string;
  stage: string;
  value: number;
  days_inactive: number | null;
  last_nps: number | null;
  last_review: number | null;
  reasons: string[];
}
export interface WhatIfResult {
  asOf: DateString;
  /** Contacts that keep a stage of the same id. */
  unchanged: number;
  moves: { from: string; to: string; contacts: string[] }[];
}

export type Encoding = "utf8" | "utf16_le" | "utf16_be" | "windows1251";
export type FileKind = "contacts" | "events" | "deals";
export type DateOrder = "day_first" | "month_first";
export type MappingTarget =
  | { target: "id" | "name" | "first_name" | "last_name" | "company" | "email" | "phone"
      | "source" | "owner" | "tags" | "created" | "date" | "time" | "kind" | "amount"
      | "score" | "channel" | "note" | "status" | "ignore" }
  | { target: "custom"; name: string; ty: "text" | "number" | "bool" | "date" };
export interface ColumnMapping {
  /** 0-based column index. */
  column: number;
  header: string;
  target: MappingTarget;
  reason: "known" | "similar" | "custom_field" | "user" | "unmapped";
}
export interface DateColumn {
  column: number;
  header: string;
  guess: { order: DateOrder; needs_confirmation: boolean; conflicting: boolean };
}

/** Everything the user can decide about an import; the defaults detect and suggest. */
export interface ImportOptions {
  csv?: { encoding?: Encoding | null; delimiter?: string | null };
  kind?: FileKind | null;
  mapping?: ColumnMapping[] | null;
  date_order?: DateOrder | null;
  duplicates?: "skip" | "update" | "keep_both";
  unknown_contacts?: "create" | "report";
  statuses?: { won: string[]; lost: string[] };
  unescape_excel?: boolean | null;
}

export type CsvRowError =
  | { kind: "unterminated_quote"; row: number; column: number; line: number }
  | { kind: "text_after_quote"; row: number; column: number; line: number }
  | { kind: "field_count"; row: number; column: number; line: number; expected: number; found: number };

export interface CsvPreview {
  encoding: Encoding;
  delimiter: string;
  kind: FileKind;
  mapping: ColumnMapping[];
  date_columns: DateColumn[];
  header: string[];
  /** Data rows read. */
  rows: number;
  /** Malformed rows, with row (the header is row 1), column and line. */
  errors: CsvRowError[];
  /** Bytes that were not valid in the encoding and were replaced. */
  replaced_chars: number;
}

export interface ImportReport {
  encoding: Encoding;
  delimiter: string;
  kind: FileKind;
  mapping: ColumnMapping[];
  date_columns: DateColumn[];
  /** rows_read = rows_added + rows_updated + skipped.length + rows_with_errors */
  rows_read: number;
  rows_added: number;
  rows_updated: number;
  skipped: { row: number; reason: { kind: string; [key: string]: unknown }; message: string }[];
  rows_with_errors: number;
  errors: { row: number; column: string | null; value: string; message: string }[];
  warnings: { row: number | null; column: string | null; message: string }[];
  /** Contacts created for events or deals about unknown contacts. */
  contacts_created: number;
}

export interface ImportPlan {
  report: ImportReport;
  new_contacts: Contact[];
  /** Existing contacts with their new values (same ids). */
  updated_contacts: Contact[];
  new_events: LifecycleEvent[];
}

/** The contacts and events an import is reconciled against. */
export interface ExistingData { contacts?: Contact[]; events?: LifecycleEvent[] }

export interface CsvExportOptions {
  /** `excel` (default): UTF-8 with BOM, formulas neutralized; `data`: plain RFC 4180. */
  profile?: "excel" | "data";
  delimiter?: "," | ";" | "\t" | "|";
}

export interface DemoOptions {
  /** Number of contacts, up to 1,000,000. */
  contacts: number;
  /** The same seed gives the same base. Default 0. */
  seed?: number;
  /** The last day of the three-year history. */
  asOf: DateString;
}
export interface DemoData { contacts: Contact[]; events: LifecycleEvent[] }
export interface DemoColumns { contacts: Contact[]; columns: EventColumns }
"#;
