// A small app as a user writes it: the package bundled by Vite, run in a browser.
import init, { Engine, InputError, generateDemoColumns, monthEnds } from "customer-lifecycle";
import initIo, { importCsv } from "customer-lifecycle/io";

const out = document.getElementById("out");
try {
  await init();
  const demo = generateDemoColumns({ contacts: 2000, seed: 5, asOf: "2025-10-01" });
  const engine = Engine.fromPreset("b2b");
  engine.loadColumns(demo.contacts, demo.columns);
  const cls = engine.classify("2025-10-01");
  const trend = engine.trend(monthEnds("2022-10-01", "2025-09-30"));
  let error = null;
  try {
    engine.classify("not a date");
  } catch (e) {
    error = { isInputError: e instanceof InputError, code: e.code };
  }
  const why = engine.explain(demo.contacts[0].id, "2025-10-01");
  engine[Symbol.dispose]();
  // The import module: its own wasm, loaded on demand, throwing the same classes.
  await initIo();
  const plan = importCsv(new TextEncoder().encode("id;Название компании\n1;ООО «Альфа»\n"));
  let ioError = null;
  try {
    importCsv("not bytes");
  } catch (e) {
    ioError = { isInputError: e instanceof InputError, field: e.field };
  }
  out.textContent = JSON.stringify({
    contacts: cls.stages.length,
    total: cls.counts.reduce((a, b) => a + b, 0),
    stageIds: cls.stageIds,
    trendPoints: trend.points.length,
    explained: why.stage === cls.stageIds[cls.stages[0]],
    error,
    imported: plan.new_contacts.map((c) => c.company),
    ioError,
  });
} catch (e) {
  out.textContent = `failed: ${e.stack}`;
}
