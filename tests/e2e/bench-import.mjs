// The import wizard with a large file, in headless Chromium: how long reading
// takes and the longest task that blocked the page while reading, and the same
// for the steps after it. A benchmark, run by hand on a release build (figures
// in docs/benchmarks.md):
//
//   scripts/build-site.sh && node tests/e2e/bench-import.mjs [megabytes] [unique] [demo] [confirm]
//
// The file repeats 20,000 contacts (so most rows are duplicates, skipped);
// with `unique`, every row is a new contact with its own id and e-mail. With
// `demo`, the demo base of 100,000 contacts (about 750,000 events) is loaded
// first, so that the import goes into it. With `confirm`, the import is then
// confirmed (the base rebuilt with it and written) and the wizard left for the
// dashboard; each phase's time and longest task are measured.
import { SITES, launchBrowser, startSite, openPage } from "./harness.mjs";

const megabytes = Number(process.argv[2] ?? 100);
const flags = new Set(process.argv.slice(3));
const unique = flags.has("unique");
const demo = flags.has("demo");
const confirm = flags.has("confirm");
const browser = await launchBrowser();
const server = await startSite(SITES[0]);
const { context, page, problems } = await openPage(browser);
const ms = (t) => Math.round(t);
try {
  if (demo) {
    await page.goto(server.url);
    await page.getByTestId("demo-size").selectOption("100000");
    await page.getByTestId("load-demo").click();
    await page.getByTestId("welcome").waitFor({ state: "detached", timeout: 600000 });
    await page.getByTestId("nav-import").click();
  } else {
    await page.goto(server.url + "import");
  }
  await page.getByTestId("import-drop").waitFor();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => [e.startTime, e.duration]))).observe({ type: "longtask", buffered: false });
  });
  const entries = async () => page.evaluate(() => window.__long.splice(0));
  const tasks = async () => (await entries()).map(([, d]) => ms(d));
  const now = () => page.evaluate(() => performance.now());
  // A contacts export of about `megabytes` MB, built in the page.
  const rows = await page.evaluateHandle(([megabytes, unique]) => {
    const block = (k) => {
      const n = (i) => (unique ? k * 20_000 : 0) + i + 1;
      return Array.from({ length: 20_000 }, (_, i) => `${n(i)};Клиент ${i + 1};ООО «Ромашка ${i + 1}»;c${n(i)}@example.com;+7 900 000-${String(i % 10000).padStart(4, "0")}\n`).join("");
    };
    const times = Math.max(1, Math.round((megabytes * 2 ** 20) / new TextEncoder().encode(block(0)).length));
    const data = new DataTransfer();
    data.items.add(new File(["id;ФИО;Компания;Email;Телефон\n", ...Array.from({ length: times }, (_, k) => block(k))], "large.csv", { type: "text/csv" }));
    return data;
  }, [megabytes, unique]);
  await tasks();
  const figures = {};
  let t = Date.now();
  await page.getByTestId("import-drop").dispatchEvent("drop", { dataTransfer: rows });
  await page.getByTestId("preview-table").waitFor({ timeout: 600000 });
  figures["read the file until the preview shows (ms)"] = Date.now() - t;
  let long = await tasks();
  figures["longest blocking task while reading (ms)"] = long.length ? Math.max(...long) : 0;
  figures["blocking tasks while reading"] = long.length;

  t = Date.now();
  const marks = [["to the columns", await now()]];
  await page.getByTestId("to-mapping").click();
  await page.getByTestId("mapping-table").waitFor();
  marks.push(["to the check", await now()]);
  await page.getByTestId("to-check").click();
  await page.getByTestId("check-progress").waitFor();
  marks.push(["checking", await now()]);
  await page.getByTestId("check-report").waitFor({ timeout: 600000 });
  marks.push(["report shown", await now()]);
  figures["columns and check until the report shows (ms)"] = Date.now() - t;
  const phase = (start) => marks.filter(([, at]) => at <= start).at(-1)?.[0] ?? "before";
  const later = await entries();
  figures["longest blocking task in the columns and the check (ms)"] = later.length ? ms(Math.max(...later.map(([, d]) => d))) : 0;
  figures["blocking tasks over 100 ms there (ms, in the phase they started in)"] = later
    .filter(([, d]) => d > 100)
    .map(([start, d]) => `${ms(d)} (${phase(start)})`)
    .join(", ");
  if (confirm) {
    // Confirming: the base rebuilt with the import and written, until the
    // report of what was saved shows.
    await entries();
    t = Date.now();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor({ timeout: 600000 });
    figures["confirm until the saved report shows (ms)"] = Date.now() - t;
    long = await tasks();
    figures["longest blocking task while confirming (ms)"] = long.length ? Math.max(...long) : 0;
    figures["blocking tasks over 100 ms while confirming (ms)"] = long.filter((d) => d > 100).join(", ");
    // Leaving the wizard: the plan and the table are let go.
    t = Date.now();
    await page.getByTestId("done-dashboard").click();
    await page.getByTestId("import-done").waitFor({ state: "detached" });
    await page.waitForTimeout(3000);
    figures["leaving the wizard, then 3 s (ms)"] = Date.now() - t;
    long = await tasks();
    figures["longest blocking task after leaving the wizard (ms)"] = long.length ? Math.max(...long) : 0;
    figures["blocking tasks over 100 ms after leaving (ms)"] = long.filter((d) => d > 100).join(", ");
  }
  console.log(JSON.stringify({ megabytes, unique, demo, ...figures }, null, 2));
  if (problems.length) console.error(problems);
} finally {
  await context.close();
  await server.close();
  await browser.close();
}
