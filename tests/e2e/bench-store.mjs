// The app's first open of a stored base in a freshly launched Chromium: how
// long from the start of `Store::open` to the base loaded into the engine
// (`Store::load_base`), with 100,000 contacts and 1,000,000 events stored. A
// benchmark, run by hand on a release build (figures in docs/benchmarks.md):
//
//   scripts/build-site.sh && node tests/e2e/bench-store.mjs [runs]
//
// It also prints the store's own marks of each step of the load
// (`lifecycle:store:<step>`, see docs/storage.md), the main-thread long tasks
// during the load, and with BENCH_PROFILE=1 the CPU profile of the first run.
// For experiments: BENCH_CHROMIUM_ARGS (extra switches), BENCH_SETTLE_MS (wait
// after the launch before opening the app), BENCH_DIST (another build).
//
// The base is stored once in a disk-backed profile: the app's 100,000-contact
// demo (about 751,000 events), topped up to exactly 1,000,000 events by an
// import of an events file through the import wizard. The browser is then
// closed, and each run launches a NEW browser on the same profile and opens
// the app: the database is opened and read for the first time in that browser
// process. The app marks the start of its open (`lifecycle:store-open`) and
// the end of its first load (`lifecycle:store-loaded`) on the page's
// performance timeline, and the end of the open alone
// (`lifecycle:store-opened`); the run reads them once the dashboard shows,
// then reloads the page and reads them again (the browser now warm).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SITES, BROWSER_ARGS, startSite } from "./harness.mjs";

const runs = Number(process.argv[2] ?? 7);
const CONTACTS = 100_000;
const EVENTS = 1_000_000;
const profile = mkdtempSync(join(tmpdir(), "lifecycle-bench-store-"));
// One server for every run: the origin (and so the database) stays the same.
// BENCH_DIST: another build of the site to measure (say, of an older commit).
const server = await startSite(process.env.BENCH_DIST ? { ...SITES[0], dist: process.env.BENCH_DIST } : SITES[0]);
const launch = () =>
  chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    // Extra Chromium switches for experiments, e.g. BENCH_CHROMIUM_ARGS="--js-flags=--no-liftoff".
    args: [...BROWSER_ARGS, ...(process.env.BENCH_CHROMIUM_ARGS ?? "").split(" ").filter(Boolean)],
  });
const firstPage = async (context) => {
  // Records the page's long tasks (main-thread tasks over 50 ms) from its start.
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) window.__longTasks.push([t.startTime, t.duration]);
    }).observe({ type: "longtask", buffered: true });
  });
  return context.pages()[0] ?? (await context.newPage());
};

/** The commit record of the app's database: [contacts, events, contact chunks, event chunks, generation]. */
const storedCounts = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("lifecycle");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction("meta").objectStore("meta").get("base");
          get.onsuccess = () => {
            db.close();
            resolve(get.result ?? [0, 0, 0, 0, 0]);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );

try {
  // Store the base.
  let t = Date.now();
  let context = await launch();
  let page = await firstPage(context);
  await page.goto(server.url);
  await page.getByTestId("demo-size").selectOption(String(CONTACTS));
  await page.getByTestId("load-demo").click();
  await page.getByTestId("stage-tiles").waitFor({ timeout: 600000 });
  const demo = await storedCounts(page);
  const missing = EVENTS - demo[1];
  if (missing > 0) {
    // Calls and meetings of the demo contacts in 2025, one file.
    await page.getByTestId("nav-import").click();
    await page.getByTestId("import-drop").waitFor();
    const file = await page.evaluateHandle(([missing, contacts]) => {
      const kinds = ["call", "meeting"];
      const rows = [];
      for (let i = 0; i < missing; i++) {
        const id = `C${String((i % contacts) + 1).padStart(7, "0")}`;
        const day = String((i % 28) + 1).padStart(2, "0");
        const month = String(((i >> 5) % 12) + 1).padStart(2, "0");
        rows.push(`${id},2025-${month}-${day},${kinds[i & 1]}\n`);
      }
      const data = new DataTransfer();
      data.items.add(new File(["contact_id,date,kind\n", ...rows], "top-up.csv", { type: "text/csv" }));
      return data;
    }, [missing, CONTACTS]);
    await page.getByTestId("import-drop").dispatchEvent("drop", { dataTransfer: file });
    await page.getByTestId("preview-table").waitFor({ timeout: 600000 });
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("mapping-table").waitFor();
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor({ timeout: 600000 });
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor({ timeout: 600000 });
  }
  const stored = await storedCounts(page);
  await context.close();
  if (stored[0] !== CONTACTS || stored[1] !== EVENTS) {
    throw new Error(`stored ${stored[0]} contacts and ${stored[1]} events, not ${CONTACTS} and ${EVENTS}`);
  }
  console.log(`stored ${stored[0]} contacts, ${stored[1]} events in ${stored[2]} + ${stored[3]} chunks (${Date.now() - t} ms)`);

  const figures = { openLoad: [], open: [], navigationToOpen: [], navigationToLoaded: [], reloadOpenLoad: [], launch: [], wasmFetched: [] };
  /** Per step of the store's first load: ms since the step before (the first since `Store::open` returned). */
  const steps = new Map();
  const reloadSteps = new Map();
  const addSteps = (into, marks) => {
    let before = marks.opened;
    for (const { name, at } of marks.steps) {
      if (!into.has(name)) into.set(name, []);
      into.get(name).push(at - before);
      before = at;
    }
    if (!into.has("to the app's mark")) into.set("to the app's mark", []);
    into.get("to the app's mark").push(marks.loaded - before);
  };
  /** The app's marks once the dashboard shows, ms after navigation start. */
  const marks = async (page) => {
    await page.getByTestId("stage-tiles").waitFor({ timeout: 600000 });
    const found = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime;
      // The store's steps of its first load (`lifecycle:store:<step>`, in order).
      const steps = [];
      for (const mark of performance.getEntriesByType("mark")) {
        if (mark.name.startsWith("lifecycle:store:") && !steps.some((s) => s.name === mark.name)) {
          steps.push({ name: mark.name.slice("lifecycle:store:".length), at: mark.startTime });
        }
      }
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      return {
        open: at("lifecycle:store-open"),
        opened: at("lifecycle:store-opened"),
        loaded: at("lifecycle:store-loaded"),
        primed: at("lifecycle:store-primed"),
        steps,
        wasmFetched: wasm?.responseEnd,
        longTasks: window.__longTasks ?? [],
      };
    });
    if ([found.open, found.opened, found.loaded].some((v) => v === undefined)) throw new Error(`marks missing: ${JSON.stringify(found)}`);
    return found;
  };
  for (let run = 0; run < runs; run++) {
    t = Date.now();
    context = await launch();
    page = await firstPage(context);
    figures.launch.push(Date.now() - t);
    // BENCH_SETTLE_MS: wait that long after the launch before opening the app
    // (the database is still opened first by the app), to tell the browser's
    // own start-up apart from the first use of the database.
    if (process.env.BENCH_SETTLE_MS) await new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS)));
    // BENCH_PROFILE=1: a CPU profile of the first run's cold page (self time by function).
    const cdp = process.env.BENCH_PROFILE && run === 0 ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    await page.goto(server.url);
    const cold = await marks(page);
    if (cdp) {
      const { profile } = await cdp.send("Profiler.stop");
      const self = new Map();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const gaps = profile.timeDeltas;
      profile.samples.forEach((id, i) => {
        const f = byId.get(id).callFrame;
        const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (gaps[i + 1] ?? 0) / 1000);
      });
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
      for (const [key, ms] of top) console.log(`  profile: ${ms.toFixed(1)} ms ${key}`);
    }
    const counts = await storedCounts(page);
    if (counts[1] !== EVENTS) throw new Error(`run ${run}: ${counts[1]} events stored`);
    // The same page reloaded: the browser process and its database are warm.
    await page.reload();
    const warm = await marks(page);
    await context.close();
    figures.openLoad.push(cold.loaded - cold.open);
    figures.open.push(cold.opened - cold.open);
    figures.navigationToOpen.push(cold.open);
    figures.navigationToLoaded.push(cold.loaded);
    figures.reloadOpenLoad.push(warm.loaded - warm.open);
    if (cold.wasmFetched !== undefined) figures.wasmFetched.push(cold.wasmFetched);
    addSteps(steps, cold);
    addSteps(reloadSteps, warm);
    // Main-thread long tasks between the open's start and the base loaded.
    const inside = (m) =>
      m.longTasks
        .filter(([start, duration]) => start + duration > m.open && start < m.loaded)
        .map(([start, duration]) => `${Math.round(start - m.open)}+${Math.round(duration)}`)
        .join(" ");
    console.log(`  long tasks (ms after the open's start + duration): new browser ${inside(cold)} | after a reload ${inside(warm)}`);
    console.log(
      `run ${run + 1}: open + load ${Math.round(cold.loaded - cold.open)} ms (of it the open ${Math.round(cold.opened - cold.open)} ms; ` +
        `open starts ${Math.round(cold.open)} ms after navigation; the decoders primed ${Math.round(cold.primed - cold.open)} ms after it); ` +
        `after a reload ${Math.round(warm.loaded - warm.open)} ms`,
    );
  }
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const r = (v) => Math.round(v);
    return `min ${r(sorted[0])} / median ${r(sorted[sorted.length >> 1])} / max ${r(sorted[sorted.length - 1])}`;
  };
  console.log(`\n${runs} runs, each in a newly launched Chromium (${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}):`);
  console.log(`  open the database and load it into the engine (ms): ${summary(figures.openLoad)}`);
  console.log(`  of which Store::open (ms): ${summary(figures.open)}`);
  console.log(`  the same after reloading the page in that browser (ms): ${summary(figures.reloadOpenLoad)}`);
  console.log(`  navigation start to the open (ms): ${summary(figures.navigationToOpen)}`);
  console.log(`  navigation start to the base loaded (ms): ${summary(figures.navigationToLoaded)}`);
  console.log(`  navigation start to the wasm fetched (ms): ${summary(figures.wasmFetched)}`);
  console.log(`  browser launch (ms): ${summary(figures.launch)}`);
  console.log(`  the load step by step, ms since the step before (Store::open returned -> ...), new browser | after a reload:`);
  for (const [name, values] of steps) {
    console.log(`    ${name}: ${summary(values)} | ${reloadSteps.has(name) ? summary(reloadSteps.get(name)) : "-"}`);
  }
} finally {
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
