// Property test of the JS boundary: random arguments to every export. Each call
// either returns or throws one of the package's errors (never a wasm trap, which
// would leave the module unusable), and the module keeps giving right answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as engineModule from "customer-lifecycle";
import * as io from "customer-lifecycle/io";

const lc = { ...io, ...engineModule };

// A small seeded generator (mulberry32), so that a failure can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(seed) {
  const r = rng(seed);
  const int = (n) => Math.floor(r() * n);
  const pick = (xs) => xs[int(xs.length)];
  const text = () =>
    pick([
      "", "2025-10-01", "2025-02-30", "0000-01-01", "9999-12-31", "+12345-01-01", "b2b", "c1",
      "deal_won", "purchase", "(".repeat(int(3000)), "not ".repeat(int(500)) + "icp", "[".repeat(int(2000)),
      "deals_won >= 2 and icp", "field.x in [\"a\"]", "\u0000", "😀", "__proto__", "=1+1",
      String.fromCharCode(...Array.from({ length: int(30) }, () => int(0x3000))),
    ]);
  const number = () => pick([0, -1, 1, 255, 256, 65535, 2 ** 32, NaN, Infinity, -0, 1.5, 1e300, int(1000)]);
  const typed = () => {
    const n = int(6);
    return pick([
      () => new Uint32Array(Array.from({ length: n }, () => int(10))),
      () => new Int32Array(Array.from({ length: n }, () => pick([1, 739000, -5, 2 ** 31 - 1]))),
      () => new Uint16Array(Array.from({ length: n }, () => pick([0, 1439, 1440, 65535]))),
      () => new Uint8Array(Array.from({ length: n }, () => int(256))),
      () => new Float64Array(Array.from({ length: n }, () => number())),
      () => Array.from({ length: n }, () => int(5)),
    ])();
  };
  const value = (depth = 0) => {
    const kinds = ["undefined", "null", "bool", "number", "text", "text", "array", "object", "contact", "event", "columns", "bigint", "typed"];
    switch (pick(depth > 2 ? kinds.slice(0, 5) : kinds)) {
      case "undefined": return undefined;
      case "null": return null;
      case "bool": return r() < 0.5;
      case "number": return number();
      case "text": return text();
      case "bigint": return 10n;
      case "typed": return typed();
      case "array": return Array.from({ length: int(4) }, () => value(depth + 1));
      case "object": {
        const o = {};
        for (let i = 0; i < int(4); i++) o[pick(["id", "contact", "date", "kind", "stages", "rule", "filter", "contacts", "asOf", "seed", "version", text()])] = value(depth + 1);
        return o;
      }
      case "contact": return { id: pick(["c1", "c2", "", text()]), tags: pick([[], ["a"], value(depth + 1)]), fields: pick([{}, { x: { type: "number", value: number() } }, value(depth + 1)]) };
      case "event": return { contact: pick(["c1", "c2", text()]), date: text(), kind: pick(["purchase", "nps", "", text()]), score: pick([undefined, int(12), number()]), amount: pick([undefined, number()]) };
      case "columns": {
        const c = { contact: typed(), day: typed(), time: typed(), kind: typed(), score: typed(), amount: typed(), channel: typed(), note: typed(), kinds: pick([["purchase"], [], [1]]), strings: pick([[], ["email"]]) };
        if (r() < 0.3) delete c[pick(Object.keys(c))];
        return c;
      }
    }
  };
  return { int, pick, value, text };
}

const AS_OF = "2025-10-01";
const demo = lc.generateDemo({ contacts: 60, seed: 3, asOf: AS_OF });
const reference = (() => {
  const e = lc.Engine.fromPreset("b2b");
  e.load(demo.contacts, demo.events);
  const cls = e.classify(AS_OF);
  e.free();
  return cls;
})();

function stillWorks() {
  const e = lc.Engine.fromPreset("b2b");
  try {
    e.load(demo.contacts, demo.events);
    assert.deepEqual(e.classify(AS_OF), reference);
  } finally {
    e.free();
  }
}

const METHODS = [
  ["load", 3], ["loadColumns", 2], ["addEvents", 2], ["classify", 1], ["stageOf", 2], ["explain", 2],
  ["history", 2], ["select", 2], ["stageCounts", 2], ["stageChange", 3], ["trend", 2],
  ["transitions", 3], ["funnel", 2], ["dropOff", 3], ["timeInStage", 2], ["cohorts", 2],
  ["conversionBySource", 2], ["riskList", 2], ["whatIf", 2], ["setModel", 1],
];
const FREE = [
  ["validateModel", 1], ["monthEnds", 2], ["dayNumber", 1], ["dateOfDay", 1], ["previewCsv", 2],
  ["importCsv", 3], ["importJson", 4], ["exportContactsCsv", 2], ["exportEventsCsv", 2],
  ["exportContactsJson", 1], ["exportEventsJson", 1], ["generateDemo", 1], ["generateDemoColumns", 1],
];

test("no random input traps the module", () => {
  const g = generator(20261124);
  const engine = lc.Engine.fromPreset("b2b");
  engine.load(demo.contacts.slice(0, 20), demo.events.filter((e) => demo.contacts.slice(0, 20).some((c) => c.id === e.contact)));
  let thrown = 0;
  for (let i = 0; i < 3000; i++) {
    const [name, arity] = g.pick(g.int(3) === 0 ? FREE : METHODS);
    let args = Array.from({ length: arity }, () => g.value());
    if (name === "previewCsv" || name === "importCsv") {
      args[0] = new TextEncoder().encode(String(g.text()) + "\n" + String(g.text()));
    }
    if ((name === "generateDemo" || name === "generateDemoColumns") && g.int(2) === 0) {
      args[0] = { contacts: g.int(50), seed: g.int(5), asOf: g.text() };
    }
    const call = FREE.some(([n]) => n === name) ? () => lc[name](...args) : () => engine[name](...args);
    try {
      call();
    } catch (e) {
      thrown++;
      const desc = `${name}(${args.map((a) => { try { return JSON.stringify(a)?.slice(0, 80); } catch { return String(a); } }).join(", ")})`;
      assert.ok(
        e instanceof lc.LifecycleError || (e instanceof Error && /null pointer passed to rust|expected|Cannot convert|is not a|BigInt/.test(e.message) && !(e instanceof WebAssembly.RuntimeError)),
        `${desc} threw ${e?.stack ?? e}`,
      );
      if (e instanceof lc.LifecycleError) assert.equal(typeof e.code, "string");
    }
    if (i % 250 === 0) stillWorks();
  }
  stillWorks();
  assert.ok(thrown > 100, `only ${thrown} calls failed: the generator is too tame`);
  engine.free();
});
