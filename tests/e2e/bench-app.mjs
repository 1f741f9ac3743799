// The app with a large base, in headless Chromium: how long loading and the
// main views take, the longest task that blocked the page, and how smoothly
// the 100,000-row contact list scrolls. A benchmark, run by hand on a release
// build (figures in docs/benchmarks.md):
//
//   scripts/build-site.sh && node tests/e2e/bench-app.mjs [contacts]
import { SITES, launchBrowser, startSite, openPage } from "./harness.mjs";

const contacts = Number(process.argv[2] ?? 100000);
const browser = await launchBrowser();
const server = await startSite(SITES[0]);
const { context, page, problems } = await openPage(browser);
const ms = (t) => Math.round(t);
try {
  await page.goto(server.url);
  await page.getByTestId("load-demo").waitFor();
  // Long tasks (> 50 ms of main-thread work without a break), as the browser reports them.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  });
  let lastTasks = [];
  const longest = async () => {
    const tasks = await page.evaluate(() => window.__long.splice(0));
    lastTasks = tasks.map(ms);
    return tasks.length ? ms(Math.max(...tasks)) : 0;
  };
  const figures = {};

  await page.getByTestId("demo-size").selectOption(String(contacts));
  let t = Date.now();
  await page.getByTestId("load-demo").click();
  await page.getByTestId("stage-tiles").waitFor({ timeout: 600000 });
  figures["generate, store and show the dashboard (ms)"] = Date.now() - t;
  figures["longest blocking task while loading (ms)"] = await longest();
  figures["blocking tasks while loading, in order (ms)"] = lastTasks.join(", ");

  t = Date.now();
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByTestId("contact-row").first().waitFor();
  figures["open the contact list (ms)"] = Date.now() - t;
  figures["longest blocking task opening the list (ms)"] = await longest();

  // Scroll the whole list in 2 s, one step per frame, and time the frames.
  const frames = await page.evaluate(async () => {
    const viewport = document.querySelector(".viewport");
    const gaps = [];
    const start = performance.now();
    let last = start;
    while (performance.now() - start < 2000) {
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      gaps.push(now - last);
      last = now;
      viewport.scrollTop = ((now - start) / 2000) * viewport.scrollHeight;
    }
    gaps.sort((a, b) => a - b);
    return { frames: gaps.length, p50: gaps[gaps.length >> 1], p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1] };
  });
  figures["scroll frames in 2 s"] = frames.frames;
  figures["frame time p50 / p95 / max (ms)"] = `${ms(frames.p50)} / ${ms(frames.p95)} / ${ms(frames.max)}`;

  t = Date.now();
  await page.getByTestId("contact-search").fill("Петров");
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="contact-row"] strong')].every((n) => n.textContent.includes("Петров")));
  figures["search 100k contacts as you type (ms)"] = Date.now() - t;

  await page.getByRole("link", { name: "Dashboard" }).click();
  t = Date.now();
  await page.getByTestId("period-365").click();
  await page.waitForURL(/period=365/);
  await page.getByTestId("stage-tiles").waitFor();
  figures["switch the dashboard period (ms)"] = Date.now() - t;
  figures["longest blocking task after loading (ms)"] = await longest();

  console.log(JSON.stringify({ contacts, ...figures }, null, 2));
  if (problems.length) console.error(problems);
} finally {
  await context.close();
  await server.close();
  await browser.close();
}
