// The package's TypeScript declarations, checked two ways with `tsc --noEmit` in
// strict mode against the built package:
// - tests/npm/types/api.ts uses every export with its documented types, and its
//   `@ts-expect-error` lines prove that wrong shapes are rejected;
// - what the package really returns, written out as TypeScript literals, must
//   satisfy the declared types: a field the declarations lack, a missing
//   required field or a wrong tag or type is a compile error. So the generated
//   declarations are checked against serde's actual output, not only against
//   themselves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  Engine,
  LifecycleError,
  eventKinds,
  generateDemo,
  generateDemoColumns,
  monthEnds,
  validateModel,
} from "customer-lifecycle";
import { exportEventsCsv, importCsv, importJson, previewCsv } from "customer-lifecycle/io";

const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

function compile(project) {
  const r = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

test("the typings accept the documented use and reject wrong types", () => {
  const r = compile(fileURLToPath(new URL("./types/tsconfig.json", import.meta.url)));
  assert.ok(r.ok, r.output);
});

/** A JS value as a TypeScript expression: literals, typed arrays as `new Xxx([...])`. */
function literal(v) {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (ArrayBuffer.isView(v)) return `new ${v.constructor.name}([${Array.from(v).map(literal).join(", ")}])`;
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  assert.equal(Object.getPrototypeOf(v), Object.prototype, "a plain object");
  return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(", ")} }`;
}

/** The package's answers on a small base, each with the type it is declared to have. */
function answers() {
  const asOf = "2025-10-01";
  const demo = generateDemo({ contacts: 30, seed: 3, asOf });
  const engine = Engine.fromPreset("b2b");
  engine.load(demo.contacts, demo.events);
  const id = demo.contacts[0].id;
  const stricter = engine.model();
  stricter.stages[0].rule = "deals_won >= 1";
  const enc = (s) => new TextEncoder().encode(s);
  const existing = { contacts: demo.contacts, events: demo.events };
  const out = [
    ["EventKindInfo[]", eventKinds()],
    ["string[]", Engine.presets()],
    ["LifecycleModel", engine.model()],
    ["StageInfo[]", engine.stages()],
    ["DemoData", demo],
    ["DemoColumns", generateDemoColumns({ contacts: 5, seed: 1, asOf })],
    ["ClassificationResult", engine.classify(asOf)],
    ["Explanation", engine.explain(id, asOf, "ru")],
    ["StageHistory", engine.history(id, asOf)],
    ["StageCount[]", engine.stageCounts(asOf, { stages: ["new"], filter: null })],
    ["StageChange[]", engine.stageChange("2025-01-01", asOf)],
    ["Trend", engine.trend(monthEnds("2025-06-01", asOf))],
    ["TransitionMatrix", engine.transitions("2025-01-01", asOf)],
    ["FunnelStep[]", engine.funnel(asOf)],
    ["DropOff", engine.dropOff("2025-01-01", asOf)],
    ["StageTime[]", engine.timeInStage(asOf)],
    ["Cohort[]", engine.cohorts(asOf)],
    ["SourceRow[]", engine.conversionBySource(asOf)],
    ["Risk[]", engine.riskList(asOf)],
    ["WhatIfResult", engine.whatIf(stricter, asOf)],
    ["ModelProblem[]", validateModel('{"version": 1, "id": "m", "name": {"en": "M", "ru": "M"}, "stages": [{"id": "a", "label": {"en": "A", "ru": "A"}, "colour": "#000000", "kind": "open", "rule": "deals_won >="}], "funnel": ["b"], "icp": "true"}')],
    ["CsvPreview", previewCsv(enc('id,name\n1,"Alpha\n2,Beta,extra\n'))],
    ["CsvPreview", previewCsv(enc("id,created,employees\n1,03/04/2025,80\n"))],
    ["ImportPlan", importCsv(enc("id,name,created\nC0000001,Renamed,2025-01-02\nnew-1,New,not a date\n\n"), { duplicates: "skip" }, existing)],
    ["ImportPlan", importCsv(enc("contact_id,date,time,kind,amount,score\nnobody,2025-01-03,10:30,visit,,\n" + `${id},2025-01-04,,deal_won,12x,\n${id},2025-01-05,,nps,,9\n${id},2025-01-06,09:15,deal_won,1200.5,\n`), { kind: "events", unknown_contacts: "report" }, existing)],
    ["ImportPlan", importJson(JSON.stringify(demo.events.slice(0, 3)), "events", {}, existing)],
  ];
  // The errors: their code and, for input errors, the place (their own properties
  // but `name` and `code`), or a model's problems.
  const columns = { contact: new Uint32Array([3]), day: new Int32Array([1]), time: new Uint16Array([0]), kind: new Uint8Array([0]), score: new Uint8Array([255]), amount: new Float64Array([NaN]), channel: new Uint32Array([0xffffffff]), note: new Uint32Array([0xffffffff]), kinds: ["visit"], strings: [] };
  const third = [{ column: 2, header: "x", target: { target: "note" }, reason: "user" }];
  const failing = [
    () => engine.load([{ id: "a" }, { id: "" }], []),
    () => engine.load([{ id: "a" }], [{ contact: "b", date: "2025-01-01", kind: "visit" }]),
    () => engine.load([{ id: "a" }, 7], []),
    () => engine.classify("2025-13-01"),
    () => engine.loadColumns([{ id: "a" }], columns),
    () => Engine.fromPreset("nope"),
    () => importJson("[1,", "events"),
    () => importCsv(enc("id,name\n1,A\n"), { mapping: third }),
    () => exportEventsCsv([], { delimiter: ":" }),
    () => Engine.fromModel("{"),
    () => engine.select(asOf, { filter: "deals_won >=" }),
  ];
  for (const f of failing) {
    let error;
    try {
      f();
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof LifecycleError, String(f));
    const { name, code, ...place } = Object.fromEntries(Object.entries(error));
    out.push(["ErrorCode", code]);
    if (name === "ModelError") out.push(["ModelProblem[]", place.errors]);
    else out.push(["InputErrorPlace", place]);
  }
  engine.free();
  return out;
}

test("what the package returns satisfies its declared types", () => {
  const values = answers();
  const names = [...new Set(values.map(([type]) => type.replace("[]", "")).filter((t) => t !== "string"))];
  const dir = fileURLToPath(new URL("./types/.runtime/", import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  try {
    const lines = [`import type { ${names.join(", ")} } from "customer-lifecycle";`];
    values.forEach(([type, value], i) => lines.push(`export const v${i} = ${literal(value)} satisfies ${type};`));
    writeFileSync(`${dir}values.ts`, lines.join("\n") + "\n");
    writeFileSync(`${dir}tsconfig.json`, JSON.stringify({ extends: "../tsconfig.json", files: ["values.ts"] }));
    const r = compile(`${dir}tsconfig.json`);
    assert.ok(r.ok, r.output);

    // The check can fail: a field the declarations do not have is an error.
    const [, explanation] = values.find(([type]) => type === "Explanation");
    writeFileSync(`${dir}values.ts`, `import type { Explanation } from "customer-lifecycle";\nexport const e = ${literal({ ...explanation, asOf: "2025-10-01" })} satisfies Explanation;\n`);
    const wrong = compile(`${dir}tsconfig.json`);
    assert.ok(!wrong.ok && wrong.output.includes("asOf"), wrong.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
