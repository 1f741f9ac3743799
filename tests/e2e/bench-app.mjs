// The app with a large base, in headless Chromium: how long loading and the
// main views take, the longest task that blocked the page, how smoothly the
// 100,000-row contact list scrolls, and how long the export, a new event
// and a saved model (each until the stages are computed again), a backup and
// its restore block the page. A benchmark, run by hand on a release
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
  // Long tasks (> 50 ms of main-thread work without a break), as the browser
  // reports them: in this page, and in every page opened after it.
  const watchLongTasks = () => {
    window.__long = [];
    new PerformanceObserver((list) => window.__long.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: false });
  };
  await page.evaluate(watchLongTasks);
  await page.addInitScript(watchLongTasks);
  let lastTasks = [];
  const longest = async () => {
    const tasks = await page.evaluate(() => window.__long.splice(0));
    lastTasks = tasks.map(ms);
    return tasks.length ? ms(Math.max(...tasks)) : 0;
  };
  // Each figure is also written to stderr as it is taken, to follow a run.
  const figures = new Proxy({}, {
    set(target, key, value) {
      console.error(`${key}: ${value}`);
      target[key] = value;
      return true;
    },
  });

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

  // Time in the page from a change until the stage tiles show other numbers.
  const untilTilesChange = async (change) => {
    const before = await page.evaluate(() => document.querySelector('[data-testid="stage-tiles"]')?.innerText ?? "");
    const t0 = await page.evaluate(() => performance.now());
    await change();
    await page.waitForFunction(
      (b) => {
        const tiles = document.querySelector('[data-testid="stage-tiles"]');
        return tiles && tiles.innerText !== b;
      },
      before,
      { timeout: 60000 },
    );
    return ms((await page.evaluate(() => performance.now())) - t0);
  };
  const periods = [];
  for (const days of [30, 90, 365]) {
    periods.push(await untilTilesChange(() => page.getByTestId(`period-${days}`).click()));
  }
  figures["change the period until the tiles change, 30 / 90 / 365 days (ms)"] = periods.join(" / ");
  const source = page.getByTestId("filter-source");
  const first = await source.locator("option").nth(1).getAttribute("value");
  const second = await source.locator("option").nth(2).getAttribute("value");
  figures["filter by source until the tiles change, two sources and back to all (ms)"] = [
    await untilTilesChange(() => source.selectOption(first)),
    await untilTilesChange(() => source.selectOption(second)),
    await untilTilesChange(() => source.selectOption("")),
  ].join(" / ");
  figures["longest blocking task changing period and filters (ms)"] = await longest();

  // Opening the app with the base stored: from the navigation (the page's time
  // origin) until the stage tiles are in the page, three times.
  await page.addInitScript(() => {
    const look = () => {
      if (!window.__tilesAt && document.querySelector('[data-testid="stage-tiles"] .tile')) {
        window.__tilesAt = performance.now();
      }
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true });
  });
  const opens = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(server.url);
    await page.getByTestId("stage-tiles").waitFor({ timeout: 60000 });
    opens.push(ms(await page.evaluate(() => window.__tilesAt)));
  }
  figures["open the app with the base stored, to the rendered dashboard (ms)"] = opens.join(" / ");

  // The model page's what-if: from typing a rule until the moves show. The
  // page waits for the typing to pause before it computes (the debounce is
  // part of the figure).
  await page.goto(server.url + "model");
  const rule = page.getByTestId("stage").nth(2).getByTestId("stage-rule");
  await rule.waitFor({ timeout: 60000 });
  await longest();
  const whatifs = [];
  for (const text of ["deals_won >= 3 and active_windows(30d, 6) >= 3", "deals_won >= 5 and active_windows(30d, 6) >= 3"]) {
    const t0 = await page.evaluate(() => performance.now());
    await rule.fill(text);
    await page.waitForFunction(() => document.querySelector('[data-testid="whatif-move"]'), null, { polling: "raf" });
    whatifs.push(ms((await page.evaluate(() => performance.now())) - t0));
    await rule.fill("deals_won >= 4 and active_windows(30d, 6) >= 3");
    await page.getByTestId("whatif-idle").waitFor();
  }
  figures["what-if of a rule edit, from typing until the moves show (ms)"] = whatifs.join(" / ");
  figures["longest blocking task of the what-if (ms)"] = await longest();

  // The heavy flows of the other pages: from the click until it is done, and
  // the longest task that blocked the page meanwhile.
  const flow = async (name, run) => {
    await longest();
    const t0 = Date.now();
    const result = await run();
    figures[`${name} (ms)`] = Date.now() - t0;
    figures[`longest blocking task: ${name} (ms)`] = await longest();
    return result;
  };
  await page.goto(server.url + "contacts");
  await page.getByTestId("contact-row").first().waitFor({ timeout: 60000 });
  for (const [id, what] of [["export-excel", "CSV for Excel"], ["export-json", "JSON"]]) {
    await flow(`export all contacts, ${what}`, async () => {
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 600000 }), page.getByTestId(id).click()]);
      await download.path();
    });
  }
  // After adding an event or saving a model the app shows the change at once,
  // then computes the base's stages and histories in steps (storage.rs,
  // show_and_warm_up) and marks the end with "lifecycle:warmed-up": these
  // flows are timed until that mark, and their longest task is the longest
  // of the whole warm-up.
  const warmUps = () => page.evaluate(() => performance.getEntriesByName("lifecycle:warmed-up").length);
  const untilWarm = async (before) => {
    await page.waitForFunction((n) => performance.getEntriesByName("lifecycle:warmed-up").length > n, before, { timeout: 600000 });
  };
  await page.getByTestId("contact-row").first().click();
  await page.getByTestId("event-kind").waitFor({ timeout: 60000 });
  await page.getByTestId("event-kind").selectOption("deal_won");
  await page.getByTestId("event-amount").fill("1500");
  let warm = await warmUps();
  await flow("add an event on a contact page, until warmed up", async () => {
    const t0 = Date.now();
    await page.getByTestId("event-add").click();
    await page.getByTestId("event-added").waitFor({ timeout: 60000 });
    figures["add an event on a contact page, until shown (ms)"] = Date.now() - t0;
    await untilWarm(warm);
  });

  // Saving a model: the messaging preset, then b2b back.
  await page.getByRole("link", { name: "Model" }).click();
  for (const preset of ["messaging", "b2b"]) {
    await page.getByTestId(`preset-${preset}`).click({ timeout: 60000 });
    // The preview of the preset first: not part of saving it.
    await page
      .locator('[data-testid="whatif-moving"], [data-testid="whatif-nothing"], [data-testid="whatif-blocked"]')
      .first()
      .waitFor({ timeout: 600000 });
    warm = await warmUps();
    await flow(`save the ${preset} model, until warmed up`, async () => {
      await page.getByTestId("model-save").click();
      await untilWarm(warm);
    });
  }
  // Through the app's own link: a fresh load of the settings page would
  // offer the backup before the stored base is read.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByTestId("backup-download").waitFor({ timeout: 60000 });
  const backup = await flow("download a backup", async () => {
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 600000 }), page.getByTestId("backup-download").click()]);
    return download.path();
  });
  await flow("restore that backup", async () => {
    await page.getByTestId("restore-file").setInputFiles(backup);
    await page.getByTestId("backup-message").waitFor({ timeout: 600000 });
  });
  figures["restore's message"] = await page.getByTestId("backup-message").innerText();

  console.log(JSON.stringify({ contacts, ...figures }, null, 2));
  if (problems.length) console.error(problems);
} finally {
  await context.close();
  await server.close();
  await browser.close();
}
