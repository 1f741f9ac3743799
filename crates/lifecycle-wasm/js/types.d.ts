// Generated from the Rust types by crates/lifecycle-wasm/src/types.rs: do not edit.

/** A date as `YYYY-MM-DD`. */
export type DateString = string;

/**
 * A value of a contact's custom field.
 */
export type FieldValue = { "type": "text", "value": string } | { "type": "number", "value": number } | { "type": "bool", "value": boolean } | { "type": "date", "value": DateString };

/**
 * A customer (a person or a company) as kept in the user's CRM.
 */
export type Contact = {
/**
 * Stable id from the user's CRM; unique within a base.
 */
id: string,
/**
 * Person or company name.
 */
name?: string,
/**
 * The company a person works for.
 */
company?: string,
/**
 * Email address.
 */
email?: string,
/**
 * Phone number.
 */
phone?: string,
/**
 * How the contact came: website, ads, referral, tender platform, ...
 */
source?: string,
/**
 * The manager responsible for the contact.
 */
owner?: string,
/**
 * Free labels, for segments.
 */
tags?: Array<string>,
/**
 * When the contact was created in the CRM.
 */
created?: DateString | null,
/**
 * Free fields the ICP and filters can use, by field name.
 */
fields?: { [key in string]: FieldValue },
};

/**
 * One thing a contact did, or that was done to them.
 */
export type LifecycleEvent = {
/**
 * The `Contact::id` this event belongs to.
 */
contact: string,
/**
 * The calendar day it happened.
 */
date: DateString,
/**
 * Time of day, if known (the base keeps it to the minute).
 */
time?: string,
/**
 * A built-in kind name (see `BuiltinKind`) or a user's custom kind.
 */
kind: string,
/**
 * Deal or order value.
 */
amount?: number | null,
/**
 * NPS 0-10 or review rating 1-5.
 */
score?: number | null,
/**
 * Where it happened (email, phone, website, ...).
 */
channel?: string | null,
/**
 * Free text.
 */
note?: string | null,
};

/**
 * Events in columns. Every column has one entry per event.
 */
export type EventColumns = {
/**
 * The event's contact: an index into the contact list it goes with.
 */
contact: Uint32Array,
/**
 * Day number: days since 0001-01-01 counted from 1 (chrono's
 * `num_days_from_ce`).
 */
day: Int32Array,
/**
 * Minutes after midnight, or `NO_TIME`.
 */
time: Uint16Array,
/**
 * Index into `EventColumns::kinds`.
 */
kind: Uint8Array,
/**
 * NPS 0-10 or rating 1-5, or `NO_SCORE`.
 */
score: Uint8Array,
/**
 * Deal value, or NaN for none.
 */
amount: Float64Array,
/**
 * Index into `EventColumns::strings`, or `NO_STRING`.
 */
channel: Uint32Array,
/**
 * Index into `EventColumns::strings`, or `NO_STRING`.
 */
note: Uint32Array,
/**
 * Kind names referenced by `EventColumns::kind`; at most 256.
 */
kinds: Array<string>,
/**
 * Channels and notes.
 */
strings: Array<string>,
};

/**
 * Options of `load` and `addEvents`.
 */
export type LoadOptions = {
/**
 * Events about a contact that is not loaded: fail (`reject`, the default) or
 * create the contact (`create`).
 */
unknownContacts?: "reject" | "create",
};

/**
 * A text in the two interface languages.
 */
export type Labels = {
/**
 * English.
 */
en: string,
/**
 * Russian.
 */
ru: string,
};

/**
 * What a stage means for reports.
 */
export type StageKind = "open" | "won" | "dormant" | "lost";

/**
 * One stage of a model.
 */
export type Stage = {
/**
 * Stable id, unique in the model: `[a-z0-9_]+`.
 */
id: string,
/**
 * The name shown to users.
 */
label: Labels,
/**
 * `#rrggbb`.
 */
colour: string,
/**
 * What the stage means for reports (open, won, dormant, lost).
 */
kind: StageKind,
/**
 * The condition, in the rule language. The last stage catches every
 * contact no earlier stage took, whatever its rule says.
 */
rule: string,
};

/**
 * The type of a custom field: declared in a model, or given to an imported
 * column.
 */
export type FieldType = "text" | "number" | "bool" | "date";

/**
 * A custom field the model's rules may use even if no contact has it yet.
 */
export type FieldDecl = {
/**
 * The field's name, as rules write it after `field.`.
 */
name: string,
/**
 * Its type.
 */
type: FieldType,
};

/**
 * Who starts an event: only the client's own events count as activity.
 */
export type Direction = "client" | "company";

/**
 * A custom event kind the model knows.
 */
export type KindDecl = {
/**
 * The kind's name, as events and rules write it.
 */
name: string,
/**
 * Whether events of this kind are the client's activity.
 */
direction: Direction,
/**
 * Counts as a won deal (like `purchase`).
 */
win?: boolean,
};

/**
 * A lifecycle model: stages by priority, the funnel, the ICP and windows.
 */
export type LifecycleModel = {
/**
 * The format version (`MODEL_VERSION`).
 */
version: number,
/**
 * Stable id of the model.
 */
id: string,
/**
 * The name shown to users.
 */
name: Labels,
/**
 * By priority: the first stage whose rule holds wins.
 */
stages: Array<Stage>,
/**
 * Stage ids in funnel order, for funnel reports.
 */
funnel: Array<string>,
/**
 * The ideal customer profile: a rule over the contact's fields, used in
 * stage rules as `icp`.
 */
icp: string,
/**
 * Named time windows in days, used in rules as `window.<name>`.
 * `sleeping` also sets the risk list's threshold.
 */
windows?: { [key in string]: number },
/**
 * Custom fields the rules may use before any contact has them.
 */
fields?: Array<FieldDecl>,
/**
 * Custom event kinds, with their direction and whether they are wins.
 */
kinds?: Array<KindDecl>,
};

/**
 * One problem of a model, with its place.
 */
export type ModelProblem = {
/**
 * What the problem is in.
 */
place: "model" | "stage" | "icp" | "funnel" | "filter" | "window" | "field" | "kind",
/**
 * The stage's id, for a problem in a stage's rule.
 */
stage?: string,
/**
 * The window's, field's or kind's name, for a problem in a declaration.
 */
name?: string,
/**
 * Line (1-based) in the rule or the JSON text.
 */
line?: number,
/**
 * Column (1-based, in characters) in the rule or the JSON text.
 */
column?: number,
/**
 * What is wrong.
 */
message: string,
/**
 * How to fix it.
 */
hint: string,
};

/**
 * A stage of the model, as `stages()` lists it.
 */
export type StageInfo = {
/**
 * The stage's id.
 */
id: string,
/**
 * Its name in English and Russian.
 */
label: Labels,
/**
 * `#rrggbb`.
 */
colour: string,
/**
 * What the stage means for reports.
 */
kind: StageKind,
};

/**
 * A built-in event kind, as `eventKinds()` lists it.
 */
export type EventKindInfo = {
/**
 * The kind's name, as events write it.
 */
name: string,
/**
 * Whether it counts as the client's activity.
 */
isActivity: boolean,
/**
 * Whether it counts as a won deal.
 */
isWin: boolean,
};

/**
 * Every contact's stage as of a date, as `classify` returns it: the stages as
 * one typed array rather than an object per contact.
 */
export type ClassificationResult = {
/**
 * The date classified.
 */
asOf: DateString,
/**
 * Stage ids in priority order.
 */
stageIds: Array<string>,
/**
 * `stages[i]` is the index into `stageIds` of the i-th loaded contact's stage.
 */
stages: Uint8Array,
/**
 * Contacts per stage, in `stageIds` order.
 */
counts: Array<number>,
};

/**
 * Why a stage did or did not match.
 */
export type StageCheck = {
/**
 * The stage's id.
 */
stage: string,
/**
 * Whether its rule held (always true for the last check).
 */
matched: boolean,
/**
 * The deciding conditions with the contact's actual values.
 */
reasons: Array<string>,
};

/**
 * Why a contact is in its stage.
 */
export type Explanation = {
/**
 * The contact's id.
 */
contact: string,
/**
 * The date explained.
 */
as_of: DateString,
/**
 * The id of the stage the contact is in.
 */
stage: string,
/**
 * The stages in priority order up to and including the one that matched.
 */
checks: Array<StageCheck>,
};

/**
 * A contact's stage history: the stage before any event and every change after.
 */
export type StageHistory = {
/**
 * The stage before any event.
 */
initial: string,
/**
 * The changes, in date order.
 */
transitions: Array<StageTransition>,
};

/**
 * One stage change.
 */
export type StageTransition = {
/**
 * The day the new stage starts.
 */
date: DateString,
/**
 * The stage id before.
 */
from: string,
/**
 * The stage id from `date` on.
 */
to: string,
};

/**
 * A subset of contacts: every non-empty list must match (any of its
 * values), and the filter rule must hold.
 */
export type Segment = {
/**
 * Stage ids (as of the classification's date).
 */
stages?: Array<string>,
/**
 * Contact sources.
 */
sources?: Array<string>,
/**
 * Contact owners.
 */
owners?: Array<string>,
/**
 * Contacts with at least one of these tags.
 */
tags?: Array<string>,
/**
 * A rule in the rule language, e.g. `field.industry == "retail"`.
 */
filter?: string | null,
};

/**
 * Contacts in one stage.
 */
export type StageCount = {
/**
 * The stage id.
 */
stage: string,
/**
 * Contacts in it.
 */
count: number,
};

/**
 * Stage counts at two dates.
 */
export type StageChange = {
/**
 * Stage id.
 */
stage: string,
/**
 * Stage kind.
 */
kind: StageKind,
/**
 * Contacts at the first date.
 */
from: number,
/**
 * Contacts at the second date.
 */
to: number,
/**
 * `to - from`.
 */
change: number,
};

/**
 * Contacts per stage on each of a list of dates.
 */
export type Trend = {
/**
 * The stage ids.
 */
stages: Array<string>,
/**
 * One point per date; `counts[i]` goes with `stages[i]`.
 */
points: Array<TrendPoint>,
};

/**
 * The stage counts at one date.
 */
export type TrendPoint = {
/**
 * The date counted.
 */
date: DateString,
/**
 * By stage index.
 */
counts: Array<number>,
};

/**
 * From -> to transition counts.
 */
export type TransitionMatrix = {
/**
 * Stage ids, by stage index.
 */
stages: Array<string>,
/**
 * `counts[from][to]`.
 */
counts: Array<Array<number>>,
};

/**
 * One funnel step.
 */
export type FunnelStep = {
/**
 * Stage id.
 */
stage: string,
/**
 * Contacts that reached this step or a later one.
 */
reached: number,
/**
 * reached / reached of the previous step.
 */
conversion: number | null,
/**
 * Days from reaching the previous step to reaching this one.
 */
median_days: number | null,
/**
 * 90th percentile of the same days.
 */
p90_days: number | null,
};

/**
 * Where contacts left: per open or won stage, the contacts that left it for a
 * dormant or lost stage, split by where they were at the period's end. Every
 * number counts contacts, and a contact that left a stage counts once for
 * it: `to_dormant + to_lost` is the numerator of `rate`.
 */
export type DropOffRow = {
/**
 * Stage id.
 */
stage: string,
/**
 * Contacts in this stage at some time in the period, and those that
 * became lost in it having last been in this stage.
 */
entered: number,
/**
 * Contacts that left this stage (for a dormant stage, or for a lost one
 * straight or after sleeping) and were not lost at the period's end.
 */
to_dormant: number,
/**
 * Contacts that left this stage and were lost at the period's end: a
 * contact that slept and was then lost in the period counts here only.
 */
to_lost: number,
/**
 * The share of `entered` that went dormant or lost (each contact once).
 */
rate: number | null,
};

/**
 * The drop-off report.
 */
export type DropOff = {
/**
 * Open and won stages, in model order.
 */
rows: Array<DropOffRow>,
/**
 * Contacts lost at the period's end that went from a dormant stage to a
 * lost one in it (each also counted in its last open or won stage's
 * `to_lost`).
 */
dormant_to_lost: number,
};

/**
 * Time spent in a stage.
 */
export type StageTime = {
/**
 * Stage id.
 */
stage: string,
/**
 * Stays that ended by the as-of date.
 */
completed: number,
/**
 * Median length of the completed stays, in days.
 */
median_days: number | null,
/**
 * 90th percentile of the same.
 */
p90_days: number | null,
/**
 * Contacts in the stage at the as-of date.
 */
current: number,
/**
 * Median days the current contacts have been in the stage.
 */
current_median_days: number | null,
};

/**
 * One cohort: contacts whose first client activity was in `month`.
 */
export type Cohort = {
/**
 * The first day of the month.
 */
month: DateString,
/**
 * Contacts in the cohort.
 */
size: number,
/**
 * `active[m]`: share in an open or won stage at the end of month m after.
 */
active: Array<number>,
/**
 * `customers[m]`: share in a won stage at the end of month m after.
 */
customers: Array<number>,
};

/**
 * Conversion of one source.
 */
export type SourceRow = {
/**
 * The contact source (empty for none).
 */
source: string,
/**
 * Contacts from this source.
 */
contacts: number,
/**
 * Contacts that were ever in a won stage.
 */
customers: number,
/**
 * `customers / contacts`.
 */
conversion: number,
/**
 * Contacts in a won stage at the as-of date.
 */
customers_now: number,
};

/**
 * A customer at risk.
 */
export type Risk = {
/**
 * Contact index.
 */
contact: number,
/**
 * Contact id.
 */
id: string,
/**
 * Current stage id.
 */
stage: string,
/**
 * Sum of won-deal amounts up to the as-of date.
 */
value: number,
/**
 * Days since the last client activity.
 */
days_inactive: number | null,
/**
 * Latest NPS score.
 */
last_nps: number | null,
/**
 * Latest review rating.
 */
last_review: number | null,
/**
 * Why the contact is at risk, in words.
 */
reasons: Array<string>,
};

/**
 * What another model would do: how many keep their stage, and who would move.
 */
export type WhatIfResult = {
/**
 * The date compared.
 */
asOf: DateString,
/**
 * Contacts that keep a stage of the same id.
 */
unchanged: number,
/**
 * Every (from, to) pair of stage ids with at least one contact.
 */
moves: Array<WhatIfMove>,
};

/**
 * Contacts that would move from one stage to another.
 */
export type WhatIfMove = {
/**
 * The stage id before.
 */
from: string,
/**
 * The stage id after.
 */
to: string,
/**
 * The ids of the contacts that would move.
 */
contacts: Array<string>,
};

/**
 * A text encoding the reader understands.
 */
export type Encoding = "utf8" | "utf16_le" | "utf16_be" | "windows1251";

/**
 * What a file holds.
 */
export type FileKind = "contacts" | "events" | "deals";

/**
 * The order of day and month in dates written with slashes (`03/04/2025`). Dates
 * with dots (`31.12.2025`) are always day first; ISO dates are never ambiguous.
 */
export type DateOrder = "day_first" | "month_first";

/**
 * What a whole column says about its day/month order.
 */
export type DateOrderGuess = {
/**
 * The order to read the column with.
 */
order: DateOrder,
/**
 * No date in the column decides the order (every one has day and month <= 12):
 * the user should confirm the guess.
 */
needs_confirmation: boolean,
/**
 * Some dates are only valid day first and others only month first: the column
 * mixes formats. Each date that can be read only one way is read that way; the
 * ambiguous ones follow `order`, and the user should check them.
 */
conflicting: boolean,
};

/** The type of a column's custom field: the same as `FieldType`. */
export type CustomFieldType = FieldType;

/**
 * Where a column's values go.
 */
export type MappingTarget = { "target": "id" } | { "target": "name" } | { "target": "first_name" } | { "target": "last_name" } | { "target": "company" } | { "target": "email" } | { "target": "phone" } | { "target": "source" } | { "target": "owner" } | { "target": "tags" } | { "target": "created" } | { "target": "date" } | { "target": "time" } | { "target": "kind" } | { "target": "amount" } | { "target": "score" } | { "target": "channel" } | { "target": "note" } | { "target": "status" } | { "target": "custom",
/**
 * The field's key.
 */
name: string,
/**
 * The field's type.
 */
ty: FieldType,
} | { "target": "ignore" };

/**
 * Why a column got its target.
 */
export type MappingReason = "known" | "similar" | "custom_field" | "unmapped" | "user";

/**
 * The mapping of one column.
 */
export type ColumnMapping = {
/**
 * 0-based column index.
 */
column: number,
/**
 * The column's header.
 */
header: string,
/**
 * Where its values go.
 */
target: MappingTarget,
/**
 * How the mapping was found, to show the user.
 */
reason: MappingReason,
};

/**
 * The day/month order of one date column.
 */
export type DateColumn = {
/**
 * 0-based column index.
 */
column: number,
/**
 * The column's header.
 */
header: string,
/**
 * The order the column's dates suggest.
 */
guess: DateOrderGuess,
};

/**
 * Choices the user made over detection.
 */
export type CsvOptions = {
/**
 * Force an encoding instead of detecting it.
 */
encoding?: Encoding | null,
/**
 * Force a delimiter (one ASCII character) instead of detecting it.
 */
delimiter?: string | null,
};

/**
 * What to do with a row whose id is already taken (earlier in the file or in the base).
 */
export type DuplicatePolicy = "skip" | "update" | "keep_both";

/**
 * What to do with an event or deal whose contact is not in the base or the file.
 */
export type UnknownContacts = "create" | "report";

/**
 * How deal statuses become events: a status in `won` becomes `deal_won`, in `lost`
 * `deal_lost`; any other status is an open deal and is skipped. Matching ignores
 * case and surrounding spaces.
 */
export type StatusMap = {
/**
 * Statuses of won deals.
 */
won: Array<string>,
/**
 * Statuses of lost deals.
 */
lost: Array<string>,
};

/**
 * Everything the user can decide about an import. The defaults detect and suggest.
 */
export type ImportOptions = {
/**
 * Encoding and delimiter choices.
 */
csv?: CsvOptions,
/**
 * What the file holds; detected from the headers when not given.
 */
kind?: FileKind | null,
/**
 * The mapping of every column; suggested when not given.
 */
mapping?: Array<ColumnMapping> | null,
/**
 * The day/month order of dates with slashes, for every date column; decided from
 * each column when not given.
 */
date_order?: DateOrder | null,
/**
 * What to do with ids already taken.
 */
duplicates?: DuplicatePolicy,
/**
 * What to do with events about unknown contacts.
 */
unknown_contacts?: UnknownContacts,
/**
 * Which deal statuses are won and lost.
 */
statuses?: StatusMap,
/**
 * Remove the apostrophe an Excel-profile export put before `=`, `+`, `-`, `@`,
 * tab, CR or `'`. Default: when the file is UTF-8 with a byte-order mark, as that
 * profile writes it.
 */
unescape_excel?: boolean | null,
};

/**
 * Malformed CSV, located.
 */
export type CsvRowError = { "kind": "unterminated_quote", row: number, column: number, line: number, } | { "kind": "text_after_quote", row: number, column: number, line: number, } | { "kind": "field_count", row: number, column: number, line: number, expected: number, found: number, };

/**
 * What the user sees before mapping is confirmed.
 */
export type Preview = {
/**
 * The encoding used.
 */
encoding: Encoding,
/**
 * The delimiter used.
 */
delimiter: string,
/**
 * What the file holds.
 */
kind: FileKind,
/**
 * Where each column goes.
 */
mapping: Array<ColumnMapping>,
/**
 * The day/month order of each date column holding dates with slashes (the only
 * ones that can be read two ways), with whether it needs confirming.
 */
date_columns: Array<DateColumn>,
};

/**
 * How a CSV file would be imported, and what the reader found in it.
 */
export type CsvPreview = {
/**
 * The header row's cells.
 */
header: Array<string>,
/**
 * Data rows read.
 */
rows: number,
/**
 * Malformed rows (an unterminated quote, too many or too few fields), with
 * row (the header is row 1), column and line.
 */
errors: Array<CsvRowError>,
/**
 * Bytes that were not valid in the encoding and were replaced.
 */
replaced_chars: number,
/**
 * The encoding used.
 */
encoding: Encoding,
/**
 * The delimiter used.
 */
delimiter: string,
/**
 * What the file holds.
 */
kind: FileKind,
/**
 * Where each column goes.
 */
mapping: Array<ColumnMapping>,
/**
 * The day/month order of each date column holding dates with slashes (the only
 * ones that can be read two ways), with whether it needs confirming.
 */
date_columns: Array<DateColumn>,
};

/**
 * Why a row was not imported, though nothing is wrong with it.
 */
export type SkipReason = { "kind": "empty_row" } | { "kind": "duplicate_in_file", id: string, first_row: number, } | { "kind": "already_in_base", id: string, } | { "kind": "duplicate_event" } | { "kind": "open_deal", status: string, } | { "kind": "unknown_contact", contact: string, };

/**
 * A row left out on purpose, with the reason.
 */
export type SkippedRow = {
/**
 * Spreadsheet row (the header is row 1).
 */
row: number,
/**
 * Why.
 */
reason: SkipReason,
/**
 * The reason in words.
 */
message: string,
};

/**
 * A problem with one cell (or a whole row, without `column`).
 */
export type RowError = {
/**
 * Spreadsheet row (the header is row 1).
 */
row: number,
/**
 * The column's header.
 */
column: string | null,
/**
 * The cell's value (at most 200 characters).
 */
value: string,
/**
 * What is wrong and how to fix it.
 */
message: string,
};

/**
 * Something the user may want to know; the row was imported.
 */
export type ImportWarning = {
/**
 * Spreadsheet row, when about one row.
 */
row: number | null,
/**
 * The column's header, when about one column.
 */
column: string | null,
/**
 * What happened.
 */
message: string,
};

/**
 * The account of an import.
 */
export type ImportReport = {
/**
 * The encoding used.
 */
encoding: Encoding,
/**
 * The delimiter used.
 */
delimiter: string,
/**
 * What the file holds.
 */
kind: FileKind,
/**
 * Where each column went.
 */
mapping: Array<ColumnMapping>,
/**
 * Date columns whose day/month order had to be guessed.
 */
date_columns: Array<DateColumn>,
/**
 * Data rows in the file (the header not counted).
 */
rows_read: number,
/**
 * Rows that added a contact or an event.
 */
rows_added: number,
/**
 * Rows that updated a contact already planned or in the base.
 */
rows_updated: number,
/**
 * Rows left out on purpose, each with its reason.
 */
skipped: Array<SkippedRow>,
/**
 * Rows with at least one error (see `errors`).
 */
rows_with_errors: number,
/**
 * Every error, in row order; a row may have several.
 */
errors: Array<RowError>,
/**
 * Things worth knowing about rows that were imported.
 */
warnings: Array<ImportWarning>,
/**
 * Contacts created for events or deals about unknown contacts.
 */
contacts_created: number,
};

/**
 * What an import would do. Applying it is the only way it changes anything.
 */
export type ImportPlan = {
/**
 * The account of every row.
 */
report: ImportReport,
/**
 * Contacts to add.
 */
new_contacts: Array<Contact>,
/**
 * Existing contacts with their new values (same ids).
 */
updated_contacts: Array<Contact>,
/**
 * Events to add.
 */
new_events: Array<LifecycleEvent>,
};

/**
 * The contacts and events an import is reconciled against.
 */
export type ExistingData = {
/**
 * The contacts of the base.
 */
contacts?: Array<Contact>,
/**
 * The events of the base.
 */
events?: Array<LifecycleEvent>,
};

/**
 * How a CSV export treats cells that a spreadsheet would run as formulas.
 */
export type CsvProfile = "excel" | "data";

/**
 * How `exportContactsCsv` and `exportEventsCsv` write.
 */
export type CsvExportOptions = {
/**
 * `excel` (default): UTF-8 with a byte-order mark, formulas neutralized;
 * `data`: plain RFC 4180.
 */
profile?: CsvProfile,
/**
 * `,` by default.
 */
delimiter?: "," | ";" | "\t" | "|",
};

/**
 * Every `code` an error of this package carries. The declarations' type
 * `ErrorCode` is generated from this enum, so it cannot miss a code:
 *
 * - `INVALID_MODEL`: a model or segment filter with problems (a `ModelError`);
 * - `UNKNOWN_PRESET`: no preset has the given name;
 * - `INVALID_INPUT`: an argument, option or item of the wrong type or value;
 * - `INVALID_DATE`: a date that is not `YYYY-MM-DD`, or a day number out of range;
 * - `INVALID_COLUMNS`: event columns that do not fit together;
 * - `DUPLICATE_CONTACT`: two contacts with the same id;
 * - `EMPTY_CONTACT_ID`: a contact without an id;
 * - `UNKNOWN_CONTACT`: an event or a request naming no loaded contact;
 * - `IMPORT_FAILED`: a file that cannot be imported with the given options;
 * - `INVALID_JSON`: JSON text that does not parse (with its line and column);
 * - `INTERNAL`: the package failed to build its own answer (a bug).
 */
export type ErrorCode = "INVALID_MODEL" | "UNKNOWN_PRESET" | "INVALID_INPUT" | "INVALID_DATE" | "INVALID_COLUMNS" | "DUPLICATE_CONTACT" | "EMPTY_CONTACT_ID" | "UNKNOWN_CONTACT" | "IMPORT_FAILED" | "INVALID_JSON" | "INTERNAL";

/**
 * Where an input problem is, as the properties of an `InputError`: `index` and
 * `field` for JS objects and columns, `row` and `column` for CSV, `line` and
 * `column` for JSON text. Only the ones that apply are set.
 */
export type InputErrorPlace = {
/**
 * The position of the bad item in an array argument (from 0).
 */
index?: number,
/**
 * The argument, option or property at fault.
 */
field?: string,
/**
 * The CSV row (the header is row 1).
 */
row?: number,
/**
 * The line in JSON text (from 1).
 */
line?: number,
/**
 * The CSV column or the character in a JSON line (from 1).
 */
column?: number,
};

/**
 * What demo base to generate.
 */
export type DemoOptions = {
/**
 * Number of contacts, up to 1,000,000.
 */
contacts: number,
/**
 * The same seed gives the same base. Default 0.
 */
seed?: number,
/**
 * The last day of the three-year history.
 */
asOf: DateString,
};

/**
 * A demo base as objects.
 */
export type DemoData = {
/**
 * The contacts.
 */
contacts: Array<Contact>,
/**
 * Their events.
 */
events: Array<LifecycleEvent>,
};

/**
 * A demo base with the events as typed columns.
 */
export type DemoColumns = {
/**
 * The contacts, in the order `columns.contact` refers to.
 */
contacts: Array<Contact>,
/**
 * The events.
 */
columns: EventColumns,
};
