// The Engine class and the free functions, used as a Node user imports them.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Engine,
  InputError,
  LifecycleError,
  ModelError,
  dateOfDay,
  dayNumber,
  generateDemo,
  generateDemoColumns,
  monthEnds,
  validateModel,
} from "customer-lifecycle";

const AS_OF = "2025-10-01";
const demo = generateDemo({ contacts: 300, seed: 11, asOf: AS_OF });

function loaded() {
  const engine = Engine.fromPreset("b2b");
  engine.load(demo.contacts, demo.events);
  return engine;
}

test("a won deal seven months ago makes a b2b contact sleeping, and says why", () => {
  const engine = Engine.fromPreset("b2b");
  engine.load(
    [{ id: "c1" }],
    [{ contact: "c1", date: "2025-03-02", kind: "deal_won", amount: 1200 }],
  );
  assert.equal(engine.stageOf("c1", AS_OF), "sleeping");
  const why = engine.explain("c1", AS_OF);
  assert.equal(why.stage, "sleeping");
  assert.equal(why.checks.at(-1).stage, "sleeping");
  assert.ok(why.checks.at(-1).matched);
  assert.equal(why.checks[1].reasons[0], "last client activity Mar 2, 2025, 213 days ago — needs more than 180 days ago");
  const ru = engine.explain("c1", AS_OF, "ru");
  assert.equal(ru.checks[1].reasons[0], "активность клиента в последний раз: 02.03.2025, 213 дней назад — нужно больше 180 дн. назад");
  assert.throws(() => engine.explain("c1", AS_OF, "de"), (e) => e.code === "INVALID_INPUT" && e.field === "lang");
  const h = engine.history("c1", AS_OF);
  assert.deepEqual(h.transitions.map((t) => t.to), ["new", "sleeping"]);
  assert.equal(h.transitions[1].date, "2025-08-30");
});

test("classification counts every contact once, in stage order", () => {
  const engine = loaded();
  const cls = engine.classify(AS_OF);
  assert.equal(cls.asOf, AS_OF);
  assert.deepEqual(cls.stageIds, engine.stages().map((s) => s.id));
  assert.ok(cls.stages instanceof Uint8Array);
  assert.equal(cls.stages.length, 300);
  assert.equal(cls.counts.reduce((a, b) => a + b, 0), 300);
  cls.stageIds.forEach((id, i) => {
    assert.equal(cls.counts[i], cls.stages.filter((s) => s === i).length, id);
  });
  // Per-contact and whole-base answers agree.
  for (const i of [0, 17, 299]) {
    assert.equal(engine.stageOf(demo.contacts[i].id, AS_OF), cls.stageIds[cls.stages[i]]);
  }
  assert.deepEqual(
    engine.stageCounts(AS_OF).map((c) => c.count),
    cls.counts,
  );
});

test("typed columns give the same base as objects", () => {
  const cols = generateDemoColumns({ contacts: 300, seed: 11, asOf: AS_OF });
  assert.equal(cols.columns.contact.length, demo.events.length);
  assert.ok(cols.columns.day instanceof Int32Array);
  assert.equal(dateOfDay(cols.columns.day[0]), demo.events[0].date);
  assert.equal(dayNumber("0001-01-01"), 1);
  const a = loaded();
  const b = Engine.fromPreset("b2b");
  b.loadColumns(cols.contacts, cols.columns);
  assert.equal(b.eventCount, a.eventCount);
  assert.deepEqual(b.classify(AS_OF), a.classify(AS_OF));
  const dates = monthEnds("2022-10-01", AS_OF);
  assert.deepEqual(b.trend(dates), a.trend(dates));
});

test("the 36 month-end trend ends with today's classification", () => {
  const engine = loaded();
  const dates = monthEnds("2022-10-01", "2025-09-30");
  assert.equal(dates.length, 36);
  assert.equal(dates[0], "2022-10-31");
  const trend = engine.trend(dates);
  assert.equal(trend.points.length, 36);
  const last = engine.classify("2025-09-30");
  assert.deepEqual(trend.points.at(-1).counts, last.counts);
  for (const p of trend.points) assert.equal(p.counts.reduce((a, b) => a + b, 0), 300);
});

test("reports and segments", () => {
  const engine = loaded();
  const loyal = engine.select(AS_OF, { stages: ["loyal"] });
  const counts = Object.fromEntries(engine.stageCounts(AS_OF).map((c) => [c.stage, c.count]));
  assert.equal(loyal.length, counts.loyal);
  const inSegment = engine.stageCounts(AS_OF, { stages: ["loyal"] });
  assert.equal(inSegment.find((c) => c.stage === "loyal").count, loyal.length);
  assert.equal(inSegment.reduce((a, c) => a + c.count, 0), loyal.length);

  const change = engine.stageChange("2025-01-01", AS_OF);
  for (const c of change) assert.equal(c.change, c.to - c.from);
  const matrix = engine.transitions("2025-01-01", AS_OF);
  assert.equal(matrix.counts.length, matrix.stages.length);
  const funnel = engine.funnel(AS_OF);
  assert.equal(funnel[0].reached, 300);
  for (let i = 1; i < funnel.length; i++) assert.ok(funnel[i].reached <= funnel[i - 1].reached);
  const drop = engine.dropOff("2025-01-01", AS_OF);
  assert.ok(Array.isArray(drop.rows));
  const times = engine.timeInStage(AS_OF);
  assert.equal(times.length, engine.stages().length);
  const cohorts = engine.cohorts(AS_OF);
  assert.ok(cohorts.length > 0 && cohorts.every((c) => c.size > 0));
  const sources = engine.conversionBySource(AS_OF);
  assert.equal(sources.reduce((a, s) => a + s.contacts, 0), 300);
  const risks = engine.riskList(AS_OF);
  assert.ok(risks.every((r) => r.reasons.length > 0 && typeof r.id === "string"));
});

test("what-if: an unchanged model moves nobody; a stricter one moves contacts", () => {
  const engine = loaded();
  const same = engine.whatIf(engine.model(), AS_OF);
  assert.equal(same.unchanged, 300);
  assert.deepEqual(same.moves, []);
  const model = engine.model();
  const loyal = model.stages.find((s) => s.id === "loyal");
  loyal.rule = "false";
  const w = engine.whatIf(model, AS_OF);
  const before = engine.select(AS_OF, { stages: ["loyal"] });
  const moved = w.moves.filter((m) => m.from === "loyal").flatMap((m) => m.contacts);
  assert.deepEqual(moved.sort(), before.sort());
  assert.equal(w.unchanged, 300 - moved.length);
});

test("validateModel returns every problem with its stage, line and column", () => {
  const engine = Engine.fromPreset("b2b");
  assert.deepEqual(validateModel(engine.model()), []);
  const model = engine.model();
  model.stages[0].rule = "deals_won >= (2";
  model.stages[2].rule = "nonsense_name > 3\n  and";
  const problems = validateModel(model);
  assert.ok(problems.length >= 2, JSON.stringify(problems));
  const first = problems.find((p) => p.stage === model.stages[0].id);
  assert.deepEqual([first.place, first.line, first.column], ["stage", 1, 16]);
  const second = problems.find((p) => p.stage === model.stages[2].id);
  assert.ok(second && second.line >= 1 && second.message.length > 0);
  // Text that is not JSON: one problem at its line and column.
  const [bad] = validateModel('{\n  "version": 1,\n  oops');
  assert.deepEqual([bad.place, bad.line], ["model", 3]);
  assert.throws(() => Engine.fromModel(model), (e) => {
    assert.ok(e instanceof ModelError && e instanceof LifecycleError && e instanceof Error);
    assert.equal(e.code, "INVALID_MODEL");
    assert.deepEqual(e.errors, problems);
    return true;
  });
});

test("validateModel names a declaration's place: window, field or kind, with its name", () => {
  const model = Engine.fromPreset("b2b").model();
  model.windows["30d"] = 5;
  model.fields.push({ name: "icp", type: "text" });
  model.kinds.push({ name: "any", direction: "client" });
  const problems = validateModel(model).map((p) => [p.place, p.name, p.stage, p.message]);
  assert.deepEqual(problems, [
    ["window", "30d", undefined, 'invalid window name "30d"'],
    ["field", "icp", undefined, "the field `icp` is declared twice"],
    ["kind", "any", undefined, "`any` is a kind group"],
  ]);
});

test("a model from JSON text works like the preset", () => {
  const a = Engine.fromPreset("funnel");
  const b = Engine.fromModel(JSON.stringify(a.model()));
  a.load(demo.contacts, demo.events);
  b.load(demo.contacts, demo.events);
  assert.deepEqual(b.classify(AS_OF), a.classify(AS_OF));
  assert.deepEqual(Engine.presets(), ["b2b", "messaging", "funnel", "hubspot"]);
});

test("input errors are InputErrors with a code and the place", () => {
  const engine = Engine.fromPreset("b2b");
  const check = (fn, code, place) =>
    assert.throws(fn, (e) => {
      assert.ok(e instanceof InputError, e.stack);
      assert.ok(e instanceof LifecycleError);
      assert.equal(e.name, "InputError");
      assert.equal(e.code, code);
      for (const [k, v] of Object.entries(place)) assert.equal(e[k], v, k);
      return true;
    });
  check(() => engine.classify("2025-02-30"), "INVALID_DATE", { field: "asOf" });
  check(() => engine.load([{ id: "a" }, { id: 5 }], []), "INVALID_INPUT", { index: 1, field: "contacts" });
  check(() => engine.load([{ id: "a" }, { id: "a" }], []), "DUPLICATE_CONTACT", { index: 1 });
  check(
    () => engine.load([{ id: "a" }], [{ contact: "a", date: "2025-01-01", kind: "x" }, { contact: "b", date: "2025-01-01", kind: "x" }]),
    "UNKNOWN_CONTACT",
    { index: 1, field: "events.contact" },
  );
  check(() => engine.load([{ id: "a" }], [{ contact: "a", date: "2025-01-01", kind: "nps", score: 11 }]), "INVALID_INPUT", { index: 0, field: "events.score" });
  check(() => engine.explain("nobody", AS_OF), "UNKNOWN_CONTACT", { field: "contactId" });
  check(() => Engine.fromPreset("b2c"), "UNKNOWN_PRESET", {});
  const cols = generateDemoColumns({ contacts: 5, seed: 1, asOf: AS_OF }).columns;
  check(() => engine.loadColumns([], cols), "INVALID_COLUMNS", { index: 0, field: "contact" });
  check(() => engine.loadColumns(generateDemo({ contacts: 5, seed: 1, asOf: AS_OF }).contacts, { ...cols, day: [1, 2] }), "INVALID_COLUMNS", { field: "day" });
  // Options objects: the wrong type, a bad value, a missing or unknown option.
  check(() => engine.load([], [], 5), "INVALID_INPUT", { field: "options" });
  check(() => engine.load([], [], { unknownContacts: 1 }), "INVALID_INPUT", { field: "options" });
  check(() => engine.addEvents([], { unknownContacts: "ignore" }), "INVALID_INPUT", { field: "unknownContacts" });
  check(() => generateDemo({ seed: 1, asOf: AS_OF }), "INVALID_INPUT", { field: "contacts" });
  check(() => generateDemo({ contacts: 1.5, asOf: AS_OF }), "INVALID_INPUT", { field: "contacts" });
  check(() => generateDemo({ contacts: 1_000_001, asOf: AS_OF }), "INVALID_INPUT", { field: "contacts" });
  check(() => generateDemo({ contacts: 1, seed: -1, asOf: AS_OF }), "INVALID_INPUT", { field: "seed" });
  check(() => generateDemo({ contacts: 1 }), "INVALID_INPUT", { field: "asOf" });
  check(() => generateDemo({ contacts: 1, asOf: "2025-13-01" }), "INVALID_DATE", { field: "asOf" });
  check(() => generateDemo({ contacts: 1, asOf: AS_OF, seeds: 2 }), "INVALID_INPUT", { field: "options" });
  check(() => generateDemo("5"), "INVALID_INPUT", { field: "options" });
  assert.deepEqual(generateDemo({ contacts: 4, asOf: AS_OF }), generateDemo({ contacts: 4, seed: 0, asOf: AS_OF }));
  // A failed load leaves the base as it was.
  engine.load([{ id: "kept" }], []);
  assert.throws(() => engine.load([{ id: "x" }, { id: "x" }], []));
  assert.equal(engine.contactCount, 1);
  assert.equal(engine.stageOf("kept", AS_OF), engine.classify(AS_OF).stageIds.at(-1));
});

test("unknown contacts in events can be created on request", () => {
  const engine = Engine.fromPreset("b2b");
  engine.load([], [{ contact: "new1", date: "2025-09-01", kind: "purchase", amount: 10 }], { unknownContacts: "create" });
  assert.equal(engine.contactCount, 1);
  assert.equal(engine.addEvents([{ contact: "new1", date: "2025-09-20", kind: "purchase" }]), 1);
  assert.equal(engine.eventCount, 2);
});

test("free() releases an engine, Symbol.dispose does the same, and a freed engine throws", () => {
  const engine = Engine.fromPreset("b2b");
  assert.equal(typeof engine[Symbol.dispose], "function");
  engine.free();
  assert.throws(() => engine.classify(AS_OF));
  // What `using engine = ...` calls at the end of its block (Node 24+, TypeScript).
  const inner = Engine.fromPreset("b2b");
  assert.equal(inner.contactCount, 0);
  inner[Symbol.dispose]();
  assert.throws(() => inner.contactCount);
  // The module is fine afterwards.
  const again = Engine.fromPreset("b2b");
  assert.equal(again.contactCount, 0);
  again.free();
});
