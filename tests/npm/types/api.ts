// Type test: compiled with `tsc --noEmit` against the built package's declarations.
// It uses every export with its documented types; a wrong type is a compile error.
import init, {
  Engine,
  InputError,
  LifecycleError,
  ModelError,
  dateOfDay,
  dayNumber,
  eventKinds,
  generateDemo,
  generateDemoColumns,
  monthEnds,
  validateModel,
  version,
  type ClassificationResult,
  type Contact,
  type DemoOptions,
  type ErrorCode,
  type EventColumns,
  type Explanation,
  type LifecycleEvent,
  type LifecycleModel,
  type ModelProblem,
  type Segment,
  type StageHistory,
  type Trend,
  type WhatIfResult,
} from "customer-lifecycle";
import initIo, {
  exportContactsCsv,
  exportContactsJson,
  exportEventsCsv,
  exportEventsJson,
  importCsv,
  importJson,
  previewCsv,
  type CsvExportOptions,
  type ImportOptions,
  type ImportPlan,
} from "customer-lifecycle/io";

await init();
await initIo();
const v: string = version();
const kinds: { name: string; isActivity: boolean; isWin: boolean }[] = eventKinds();

const contacts: Contact[] = [{ id: "c1", fields: { employees: { type: "number", value: 80 } } }];
const events: LifecycleEvent[] = [{ contact: "c1", date: "2025-03-02", kind: "deal_won", amount: 1200 }];

{
  using engine = Engine.fromPreset("b2b");
  engine.load(contacts, events, { unknownContacts: "create" });
  const cls: ClassificationResult = engine.classify("2025-10-01");
  const stages: Uint8Array = cls.stages;
  const counts: number[] = cls.counts;
  const why: Explanation = engine.explain("c1", "2025-10-01");
  const whyRu: Explanation = engine.explain("c1", "2025-10-01", "ru");
  void whyRu;
  const reasons: string[] = why.checks[0].reasons;
  const h: StageHistory = engine.history("c1", "2025-10-01");
  const to: string = h.transitions[0].to;
  const segment: Segment = { stages: ["loyal"], filter: 'field.industry == "it"' };
  const ids: string[] = engine.select("2025-10-01", segment);
  const trend: Trend = engine.trend(monthEnds("2022-10-01", "2025-09-30"), segment);
  const first: number = trend.points[0].counts[0];
  const model: LifecycleModel = engine.model();
  const w: WhatIfResult = engine.whatIf(model, "2025-10-01");
  const moved: string[] = w.moves[0].contacts;
  const n: number = engine.contactCount + engine.eventCount + engine.addEvents(events);
  engine.stageCounts("2025-10-01")[0].count satisfies number;
  engine.stageChange("2025-01-01", "2025-10-01")[0].change satisfies number;
  engine.transitions("2025-01-01", "2025-10-01").counts satisfies number[][];
  engine.funnel("2025-10-01")[0].conversion satisfies number | null;
  engine.dropOff("2025-01-01", "2025-10-01").dormant_to_lost satisfies number;
  engine.timeInStage("2025-10-01")[0].median_days satisfies number | null;
  engine.cohorts("2025-10-01")[0].active satisfies number[];
  engine.conversionBySource("2025-10-01")[0].source satisfies string;
  engine.riskList("2025-10-01")[0].reasons satisfies string[];
  engine.setModel(JSON.stringify(model));
  engine.stages()[0].kind satisfies "open" | "won" | "dormant" | "lost";
  void [stages, counts, reasons, to, ids, first, moved, n];
  // @ts-expect-error: dates are strings
  engine.classify(new Date());
  // @ts-expect-error: contacts are objects with an id
  engine.load([{ name: "no id" }], []);
}

const cols = generateDemoColumns({ contacts: 10, seed: 1, asOf: "2025-10-01" });
const columns: EventColumns = cols.columns;
const days: Int32Array = columns.day;
const amounts: Float64Array = columns.amount;
const engine2 = Engine.fromModel(Engine.fromPreset("funnel").model());
engine2.loadColumns(cols.contacts, columns);
engine2.free();
const day: number = dayNumber("2025-01-01");
const date: string = dateOfDay(day);
const demo = generateDemo({ contacts: 10, asOf: "2025-10-01" });
const problems: ModelProblem[] = validateModel('{"version": 1}');
const where: number | undefined = problems[0]?.line;

const bytes = new TextEncoder().encode("id,name\n1,A\n");
const preview = previewCsv(bytes, { csv: { delimiter: "," } });
const plan: ImportPlan = importCsv(bytes, { duplicates: "update" }, { contacts: demo.contacts });
const added: number = plan.report.rows_added + preview.rows;
const plan2: ImportPlan = importJson("[]", "events");
const out: Uint8Array = exportContactsCsv(plan.new_contacts, { profile: "data", delimiter: ";" });
const out2: Uint8Array = exportEventsCsv(demo.events);
const json: string = exportContactsJson(demo.contacts) + exportEventsJson(demo.events);

try {
  Engine.fromPreset("nope");
} catch (e) {
  if (e instanceof InputError) {
    const code: ErrorCode = e.code;
    const place: number | undefined = e.index ?? e.row ?? e.line;
    void [code, place];
  } else if (e instanceof ModelError) {
    const line: number | undefined = e.errors[0].line;
    void line;
  } else if (e instanceof LifecycleError) {
    e.message satisfies string;
  }
}
void [v, kinds, days, amounts, date, where, added, plan2, out, out2, json];

// The generated declarations keep serde's shapes: tags, renames and optional fields.
{
  using e3 = Engine.fromPreset("b2b");
  const dated: Contact = { id: "c2", created: null, fields: { since: { type: "date", value: "2024-01-31" } } };
  const timed: LifecycleEvent = { contact: "c2", date: "2025-01-02", time: "09:30:00", kind: "nps", score: 9 };
  const skip = plan.report.skipped[0]?.reason;
  if (skip?.kind === "duplicate_in_file") skip.first_row satisfies number;
  const target = preview.mapping[0]?.target;
  if (target?.target === "custom") target.ty satisfies "text" | "number" | "bool" | "date";
  const rowError = preview.errors[0];
  if (rowError?.kind === "field_count") rowError.expected satisfies number;
  preview.date_columns[0]?.guess.needs_confirmation satisfies boolean | undefined;
  const whatIf: WhatIfResult = e3.whatIf(e3.model(), "2025-10-01");
  whatIf.asOf satisfies string;
  const explained: Explanation = e3.explain("x", "2025-10-01");
  explained.as_of satisfies string;
  const opts: ImportOptions = { csv: { encoding: "windows1251" }, date_order: "day_first", duplicates: "keep_both" };
  const csvOpts: CsvExportOptions = { delimiter: "\t" };
  const demoOpts: DemoOptions = { contacts: 1, asOf: "2025-10-01" };
  void [dated, timed, opts, csvOpts, demoOpts];

  // Wrong shapes are rejected.
  // @ts-expect-error: an event needs a kind
  const noKind: LifecycleEvent = { contact: "c2", date: "2025-01-02" };
  // @ts-expect-error: a number field holds a number
  const badField: Contact = { id: "c3", fields: { employees: { type: "number", value: "80" } } };
  // @ts-expect-error: the field value tag is `type`, not `kind`
  const badTag: Contact = { id: "c3", fields: { employees: { kind: "number", value: 80 } } };
  // @ts-expect-error: unknownContacts is "reject" or "create"
  e3.load([], [], { unknownContacts: "ignore" });
  // @ts-expect-error: a segment lists `stages`, not `stage`
  e3.select("2025-10-01", { stage: ["lead"] });
  // @ts-expect-error: a model needs its stages
  Engine.fromModel({ version: 1, id: "m", name: { en: "M", ru: "M" }, funnel: [], icp: "true" });
  // @ts-expect-error: a stage kind is open, won, dormant or lost
  const badKind: LifecycleModel["stages"][number]["kind"] = "closed";
  // @ts-expect-error: the demo needs its as-of date
  generateDemo({ contacts: 10 });
  // @ts-expect-error: the duplicate policies are skip, update and keep_both
  importCsv(bytes, { duplicates: "replace" });
  // @ts-expect-error: a custom column target needs its type
  importCsv(bytes, { mapping: [{ column: 0, header: "x", target: { target: "custom", name: "x" }, reason: "user" }] });
  // @ts-expect-error: the CSV delimiters are , ; tab and |
  exportEventsCsv(demo.events, { delimiter: ":" });
  // @ts-expect-error: import options are snake_case, like the data formats
  importCsv(bytes, { dateOrder: "day_first" });
  // @ts-expect-error: the classification's stages are a typed array
  const stageList: string[] = e3.classify("2025-10-01").stages;
  // @ts-expect-error: no such model problem place
  if (problems[0]?.place === "rule") void 0;
  void [noKind, badField, badTag, badKind, stageList];
}
