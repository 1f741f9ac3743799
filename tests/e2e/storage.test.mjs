// The app's data lives in the browser's database: it survives reloads, reaches
// other tabs, backs up and restores, and is never half-written when a tab dies
// mid-write or the disk is full.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { SITES, BROWSER_ARGS, launchBrowser, startSite, openPage, screenshot } from "./harness.mjs";

const site = SITES[0];
let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startSite(site);
});
after(async () => {
  await server?.close();
  await browser?.close();
});

/** The number of contacts the dashboard shows, or 0 on the welcome page. */
async function shownContacts(page) {
  await page.locator('[data-testid="welcome"], [data-testid="base-summary"]').first().waitFor();
  if (await page.getByTestId("welcome").count()) return 0;
  const text = await page.getByTestId("base-summary").innerText();
  return Number(text.split(" ")[0].replace(/[^0-9]/g, ""));
}

async function loadDemo(page) {
  await page.goto(server.url);
  await page.getByTestId("load-demo").click();
  await page.getByTestId("stage-tiles").waitFor();
}

test("the base survives a reload", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await loadDemo(page);
    await page.reload();
    assert.equal(await shownContacts(page), 5000);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a change in one tab reaches the other within a second", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    const other = await context.newPage();
    await other.goto(server.url);
    await other.getByTestId("welcome").waitFor();
    await loadDemo(page);
    await other.getByTestId("stage-tiles").waitFor({ timeout: 1000 });
    assert.equal(await shownContacts(other), 5000);

    await page.goto(server.url + "settings");
    await page.getByTestId("delete-all").click();
    await page.getByTestId("delete-confirm").click();
    await other.getByTestId("welcome").waitFor({ timeout: 1000 });
    // Deep links are answered by 404.html, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});

test("back up, delete everything, restore, and find everything again", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await loadDemo(page);
    const tilesBefore = await page.getByTestId("stage-tiles").innerText();
    await page.goto(server.url + "settings");
    await page.getByTestId("storage-used").waitFor();
    await screenshot(page, "root-settings-backup-en");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("backup-download").click(),
    ]);
    const backupPath = await download.path();
    assert.match(download.suggestedFilename(), /^lifecycle-backup-\d{4}-\d{2}-\d{2}\.json$/);

    // A foreign file and a backup cut in half are refused, and the stored base
    // stays exactly as it was.
    await page.getByTestId("restore-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    const message = page.getByTestId("backup-message");
    await message.filter({ hasText: /^notes\.json: .*not a Lifecycle backup/ }).waitFor();
    await screenshot(page, "root-settings-restore-refused-en");
    const whole = readFileSync(backupPath);
    await page.getByTestId("restore-file").setInputFiles({
      name: "cut.json",
      mimeType: "application/json",
      buffer: whole.subarray(0, Math.floor(whole.length / 2)),
    });
    await message.filter({ hasText: /^cut\.json: / }).waitFor();
    await page.goto(server.url);
    assert.equal(await shownContacts(page), 5000);
    assert.equal(await page.getByTestId("stage-tiles").innerText(), tilesBefore);

    await page.goto(server.url + "settings");
    await page.getByTestId("delete-all").click();
    await page.getByTestId("delete-confirm").click();
    await page.getByTestId("danger-message").waitFor();
    await page.goto(server.url);
    assert.equal(await shownContacts(page), 0);

    // The same foreign file on an empty base changes nothing either.
    await page.goto(server.url + "settings");
    await page.getByTestId("restore-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await message.filter({ hasText: /^notes\.json: .*not a Lifecycle backup/ }).waitFor();

    await page.getByTestId("restore-file").setInputFiles(backupPath);
    await message.filter({ hasText: "Restored: 5,000 contacts" }).waitFor();
    await page.goto(server.url);
    assert.equal(await shownContacts(page), 5000);
    assert.equal(await page.getByTestId("stage-tiles").innerText(), tilesBefore);
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});

/** A disk-backed Chromium profile: quotas apply to these, not to in-memory contexts. */
async function persistentContext() {
  const profile = mkdtempSync(join(tmpdir(), "lifecycle-quota-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: BROWSER_ARGS,
  });
  return { context, dispose: async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  } };
}

test("a full disk gives a clear error and keeps the data from before", async () => {
  // First, in a profile without limits: how much the demo base takes, and a
  // backup of it.
  const measure = await persistentContext();
  let used;
  let backupPath;
  try {
    const page = await measure.context.newPage();
    await loadDemo(page);
    used = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
    await page.goto(server.url + "settings");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("backup-download").click(),
    ]);
    backupPath = join(mkdtempSync(join(tmpdir(), "lifecycle-backup-")), "backup.json");
    await download.saveAs(backupPath);
  } finally {
    await measure.dispose();
  }
  assert.ok(used > 100_000, `the demo base takes ${used} bytes`);

  // Then a profile whose quota holds the base once but not twice: a restore
  // writes the new base beside the old one until it commits, so it must fail.
  const tight = await persistentContext();
  try {
    const page = await tight.context.newPage();
    const cdp = await tight.context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    // Chromium reads an origin's quota when the origin first uses storage.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: Math.round(used * 1.5) });
    await loadDemo(page);
    await page.goto(server.url + "settings");
    await page.getByTestId("restore-file").setInputFiles(backupPath);
    const message = page.getByTestId("backup-message");
    await message.filter({ hasText: /quota is exhausted.*nothing was changed/ }).waitFor();
    await screenshot(page, "root-settings-quota-error-en");
    await page.goto(server.url);
    assert.equal(await shownContacts(page), 5000, "the base from before is intact");
    await page.reload();
    assert.equal(await shownContacts(page), 5000, "and still readable after a reload");
  } finally {
    await tight.dispose();
  }
});

/**
 * Ends a tab mid-write: even runs close it as a user does (`page.close`, which
 * lands only when the page's script yields, so on a busy machine it can land
 * late); odd runs kill its renderer at once (DevTools' `Page.crash`), as a
 * crash or a killed process does.
 */
async function endTab(context, page, run) {
  if (run % 2 === 0) {
    await page.close({ runBeforeUnload: false });
    return "closed";
  }
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent("crash");
  cdp.send("Page.crash").catch(() => {});
  await crashed;
  await page.close();
  return "killed";
}

test("a tab closed in the middle of a write leaves all or nothing", async () => {
  // Each run starts from an empty database, begins making and writing a demo
  // base of 20,000 contacts, and closes or kills the tab (`endTab`) after a
  // random delay within the time a whole load takes here (measured first); the
  // next tab must find 0 or 20,000. Twelve runs, and up to twelve more while
  // one outcome has not yet happened.
  const start = async (page) => {
    await page.goto(server.url);
    await page.getByTestId("demo-size").selectOption("20000");
    await page.getByTestId("load-demo").click();
  };
  const calibration = await browser.newContext();
  const first = await calibration.newPage();
  await first.goto(server.url);
  await first.getByTestId("demo-size").selectOption("20000");
  const t0 = Date.now();
  await first.getByTestId("load-demo").click();
  await first.getByTestId("stage-tiles").waitFor();
  // From the click to the dashboard: the write ends somewhere before.
  const whole = Date.now() - t0;
  await calibration.close();

  const seen = { before: 0, after: 0 };
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let run = 0; run < 24 && (run < 12 || !(seen.before && seen.after)); run++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await start(page);
      await page.waitForTimeout(Math.floor(random() * whole));
      await endTab(context, page, run);

      const next = await context.newPage();
      await next.goto(server.url);
      const count = await shownContacts(next);
      assert.ok(count === 0 || count === 20000, `run ${run}: found ${count} contacts`);
      seen[count === 0 ? "before" : "after"] += 1;
    } finally {
      await context.close();
    }
  }
  // Both outcomes happened, so the closes did land mid-way.
  assert.ok(seen.before > 0 && seen.after > 0, JSON.stringify({ ...seen, whole }));
});

/**
 * What is stored, as the app reads it back: the counts of the commit record
 * and the checksum of a backup the app writes of what it loaded (a hash of
 * every contact, event and the model, whatever chunks they were stored in).
 */
async function storedState(page) {
  await page.goto(server.url + "settings");
  await page.getByTestId("storage-used").waitFor();
  const counts = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("lifecycle");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction("meta").objectStore("meta").get("base");
          get.onsuccess = () => {
            open.result.close();
            const [contacts, events] = get.result ?? [0, 0];
            resolve({ contacts, events });
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("backup-download").click()]);
  const backup = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(backup.contacts.length, counts.contacts, "the app loaded every stored contact");
  assert.equal(backup.events.length, counts.events, "and every stored event");
  return { ...counts, checksum: backup.checksum };
}

/**
 * A contacts file that changes a stored demo base: new company names for its
 * first 500 contacts and 60,000 new contacts (a write long enough that a close
 * lands inside it even on a busy machine).
 */
function changingImport() {
  const rows = ["id;ФИО;Компания;Email"];
  for (let i = 1; i <= 500; i++) rows.push(`C${String(i).padStart(7, "0")};Клиент ${i};ООО «Перемена ${i}»;changed${i}@example.com`);
  for (let i = 1; i <= 60000; i++) rows.push(`N${i};Новый ${i};АО «Новое ${i % 700}»;n${i}@example.com`);
  return { name: "changes.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n") + "\n") };
}

/** Loads the 5,000-contact demo, then takes the import up to its last button. */
async function baseAndImportReady(page) {
  await loadDemo(page);
  await page.getByTestId("nav-import").click();
  await page.getByTestId("import-file").setInputFiles(changingImport());
  await page.getByTestId("preview-table").waitFor();
  await page.getByTestId("to-mapping").click();
  await page.getByTestId("mapping-table").waitFor();
  await page.getByTestId("to-check").click();
  await page.getByTestId("check-report").waitFor({ timeout: 60000 });
}

test("a tab closed in the middle of an import onto a stored base leaves it exactly as before or as after", async (t) => {
  // The two possible outcomes, measured once: the demo base as stored, and
  // the same base after the whole import; and how long the import takes from
  // its last click until the app says it is done.
  const calibration = await browser.newContext();
  let beforeState;
  let afterState;
  let whole;
  try {
    const page = await calibration.newPage();
    await baseAndImportReady(page);
    const t0 = Date.now();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor({ timeout: 60000 });
    whole = Date.now() - t0;
    afterState = await storedState(page);
    const fresh = await browser.newContext();
    try {
      const other = await fresh.newPage();
      await loadDemo(other);
      beforeState = await storedState(other);
    } finally {
      await fresh.close();
    }
  } finally {
    await calibration.close();
  }
  assert.equal(beforeState.contacts, 5000);
  assert.equal(afterState.contacts, 65000);
  assert.notEqual(afterState.checksum, beforeState.checksum);

  // Each run: the base stored, the import started, the tab closed or killed
  // (`endTab`) after a random delay within the time the import takes; a new tab must find
  // exactly one of the two states, checksum and all. Twelve runs, and up to
  // twelve more while one outcome has not yet happened (on a busy machine a
  // close can take longer to land than the whole import).
  const seen = { before: 0, after: 0 };
  const closes = [];
  let seed = 4242;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let run = 0; run < 24 && (run < 12 || !(seen.before && seen.after)); run++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await baseAndImportReady(page);
      const delay = Math.floor(random() * whole);
      await page.getByTestId("confirm-import").click();
      await page.waitForTimeout(delay);
      const how = await endTab(context, page, run);

      const next = await context.newPage();
      const state = await storedState(next);
      const outcome = state.checksum === beforeState.checksum ? "before" : state.checksum === afterState.checksum ? "after" : null;
      assert.ok(outcome, `run ${run} (closed after ${delay} ms): found ${JSON.stringify(state)}`);
      assert.deepEqual(state, outcome === "before" ? beforeState : afterState, `run ${run}`);
      seen[outcome] += 1;
      closes.push(`${how} after ${delay} ms: ${outcome}`);
    } finally {
      await context.close();
    }
  }
  t.diagnostic(`the import takes ${whole} ms; ${closes.join(", ")}`);
  // Both outcomes happened, so the closes did land mid-way.
  assert.ok(seen.before > 0 && seen.after > 0, JSON.stringify({ whole, closes }));
});

test("a newer version in another tab: this tab lets go and asks for a reload", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await loadDemo(page);
    // Another tab opens the database with a newer schema version, as a newer
    // release of the app would.
    const other = await context.newPage();
    await other.goto(server.url + "no-such-page");
    const upgraded = await other.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open("lifecycle", 99);
          request.onsuccess = () => {
            const version = request.result.version;
            request.result.close();
            resolve(version);
          };
          request.onerror = () => reject(request.error);
          request.onblocked = () => reject(new Error("blocked: the first tab kept its connection"));
        }),
    );
    assert.equal(upgraded, 99);
    await page.getByTestId("outdated").waitFor({ timeout: 1000 });
    assert.match(await page.getByTestId("outdated").innerText(), /updated in another tab/);
    await screenshot(page, "root-dashboard-outdated-en");

    // After a reload this (older) app cannot open the newer database and says so.
    await page.reload();
    await page.getByTestId("db-error").waitFor();
    assert.match(await page.getByTestId("db-error").innerText(), /newer version of Lifecycle/);
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});

// Errors in the user's language: with the page in Russian, a refused backup is
// explained in Russian (a broken one with its line and character), and so is a
// full disk.
test("in Russian: a refused backup and a full disk are explained in Russian", async () => {
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url + "settings");
    const message = page.getByTestId("backup-message");
    await page.getByTestId("restore-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await message.filter({ hasText: /^notes\.json: Этот файл JSON/ }).waitFor();
    assert.equal(
      await message.innerText(),
      "notes.json: Этот файл JSON — не резервная копия Lifecycle (в нём нет \"format\": " +
        "\"lifecycle-backup\"); выберите файл, скачанный кнопкой «Скачать резервную копию»",
    );
    await page.getByTestId("restore-file").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{\n  "format": "lifecycle-backup",\n  "version": }'),
    });
    await message.filter({ hasText: /^broken\.json: / }).waitFor();
    assert.equal(
      await message.innerText(),
      "broken.json: Это не резервная копия Lifecycle: файл не в формате JSON (строка 3, символ 14)",
    );
    await screenshot(page, "root-settings-restore-refused-ru");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }

  const measure = await persistentContext();
  let used;
  let backupPath;
  try {
    const page = await measure.context.newPage();
    await loadDemo(page);
    used = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
    await page.goto(server.url + "settings");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("backup-download").click(),
    ]);
    backupPath = join(mkdtempSync(join(tmpdir(), "lifecycle-backup-")), "backup.json");
    await download.saveAs(backupPath);
  } finally {
    await measure.dispose();
  }
  const tight = await persistentContext();
  try {
    const page = await tight.context.newPage();
    const cdp = await tight.context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: Math.round(used * 1.5) });
    await loadDemo(page);
    await page.getByTestId("lang-ru").click();
    await page.goto(server.url + "settings");
    await page.getByTestId("restore-file").setInputFiles(backupPath);
    const message = page.getByTestId("backup-message");
    await message.filter({ hasText: /Место в хранилище браузера закончилось/ }).waitFor();
    assert.equal(
      await message.innerText(),
      "Место в хранилище браузера закончилось: освободите место или удалите старые данные; " +
        "ничего не изменено",
    );
    await screenshot(page, "root-settings-quota-error-ru");
    await page.goto(server.url);
    assert.equal(await shownContacts(page), 5000, "the base from before is intact");
  } finally {
    await tight.dispose();
  }
});

// Persistence and usage: the settings page says what the browser says, and
// asking for persistent storage shows the browser's answer, whichever it is.
test("the settings show the browser's persistence and usage, and asking shows its answer", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await loadDemo(page);
    await page.goto(server.url + "settings");
    const shown = page.getByTestId("storage-persistent");
    await shown.waitFor();
    const browserSays = () => page.evaluate(() => navigator.storage.persisted());
    const on = "On: the browser will not evict your data under storage pressure.";
    const off = "Off: the browser may evict the data when disk space runs low.";
    assert.equal(await shown.innerText(), (await browserSays()) ? on : off);
    // Usage and quota as the browser estimates them, in megabytes.
    const { usage, quota } = await page.evaluate(() => navigator.storage.estimate());
    const used = await page.getByTestId("storage-used").innerText();
    const megabytes = [...used.matchAll(/([\d,.]+) MB/g)].map((m) => Number(m[1].replace(/,/g, "")));
    assert.equal(megabytes.length, 2, used);
    assert.ok(usage > 0 && megabytes[0] > 0, used);
    assert.ok(Math.abs(megabytes[1] - quota / 1e6) / (quota / 1e6) < 0.05 || Math.abs(megabytes[1] - quota / 2 ** 20) / (quota / 2 ** 20) < 0.05, `${used} vs ${quota} bytes`);
    if (!(await browserSays())) {
      await page.getByTestId("ask-persist").click();
      // Granted: the fact turns on and the button goes; declined: the page says so.
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="storage-persistent"]')?.textContent.startsWith("On") ||
          document.body.textContent.includes("The browser declined."),
      );
      const granted = await browserSays();
      assert.equal(await shown.innerText(), granted ? on : off);
      assert.equal(await page.getByText("The browser declined.").count(), granted ? 0 : 1);
    }
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});

// ---- An edit onto a base another tab replaced (issue 7) ----------------------
/** The stored commit record, [contacts, events, contact chunks, event chunks, generation]. */
/** A record of the app's database: the commit record by default. */
const storedRecord = (page, store = "meta", key = "base") =>
  page.evaluate(
    ([store, key]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("lifecycle");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction(store).objectStore(store).get(key);
          get.onsuccess = () => {
            db.close();
            resolve(get.result ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [store, key],
  );
const commitRecord = (page) => storedRecord(page);

/** This tab no longer hears other tabs' announcements, as in the moment between another tab's write and its announcement arriving. */
const deafToOtherTabs = (page) =>
  page.addInitScript(() => {
    Object.defineProperty(BroadcastChannel.prototype, "onmessage", { configurable: true, get: () => null, set: () => {} });
  });

/** On the import page: a file of two new contacts, mapped as suggested and checked, up to the check's report. */
async function checkTwoNewContacts(page, name) {
  await page.getByTestId("import-file").setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: Buffer.from("id,name,company\nnew-1,Nora New,Newco\nnew-2,Ned New,Newco\n"),
  });
  await page.getByTestId("to-mapping").click();
  await page.getByTestId("to-check").click();
  await page.getByTestId("check-report").waitFor();
}

test("an event added in a tab whose base another tab replaced is refused, nothing is written, and a reload is offered", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await deafToOtherTabs(page);
    await loadDemo(page);
    await page.getByTestId("tile-loyal").click();
    await page.getByTestId("contact-row").first().click();
    await page.getByTestId("add-event").waitFor();
    const contactUrl = page.url();
    const events = await page.getByTestId("events").locator("tbody tr").count();

    // The other tab deletes everything and stores a base again.
    const other = await context.newPage();
    await other.goto(server.url + "settings");
    await other.getByTestId("delete-all").click();
    await other.getByTestId("delete-confirm").click();
    await other.getByTestId("danger-message").waitFor();
    await other.goto(server.url);
    await other.getByTestId("load-demo").click();
    await other.getByTestId("stage-tiles").waitFor();
    const stored = await commitRecord(other);

    // This tab still shows the base it read; its event is refused.
    await page.getByTestId("event-note").fill("written in a stale tab");
    await page.getByTestId("event-add").click();
    const error = page.getByTestId("event-error");
    await error.waitFor();
    assert.match(await error.innerText(), /^The event was not added: The data was changed in another tab since this page read it: reload this page and try again; nothing was written$/);
    const banner = page.getByTestId("outdated");
    await banner.waitFor();
    assert.match(await banner.innerText(), /The data was changed in another tab, so nothing was saved here\. Reload this page/);
    await page.getByTestId("lang-ru").click();
    assert.match(await error.innerText(), /^Событие не добавлено: Данные изменились в другой вкладке/);
    assert.match(await banner.innerText(), /Данные изменились в другой вкладке, поэтому здесь ничего не сохранено/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "root-contact-changed-elsewhere-ru");
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), events);
    assert.deepEqual(await commitRecord(page), stored, "nothing was written");

    // A model saved from this tab is refused the same way: the other tab's
    // model stays stored.
    const model = await storedRecord(page, "models", "active");
    await page.getByTestId("nav-model").click();
    await page.getByTestId("preset-messaging").click();
    await page.getByTestId("model-save").click();
    const message = page.getByTestId("model-message");
    await message.waitFor();
    assert.match(await message.innerText(), /Данные изменились в другой вкладке/);
    assert.equal(await storedRecord(page, "models", "active"), model, "the model was not written");
    assert.deepEqual(await commitRecord(page), stored);
    await page.goBack();

    // The reload shows the stored base, onto which the event goes.
    await banner.getByRole("button").click();
    await page.getByTestId("add-event").waitFor();
    assert.equal(page.url(), contactUrl);
    assert.equal(await page.getByTestId("outdated").count(), 0);
    const now = await page.getByTestId("events").locator("tbody tr").count();
    await page.getByTestId("event-note").fill("written after the reload");
    await page.getByTestId("event-add").click();
    await page.getByTestId("event-added").waitFor();
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), now + 1);
    const after = await commitRecord(page);
    assert.equal(after[1], stored[1] + 1);
    assert.equal(after[4], stored[4] + 1);
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});
test("an import into a base another tab changed since is refused and writes nothing", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await deafToOtherTabs(page);
    await loadDemo(page);
    await page.getByTestId("nav-import").click();
    await checkTwoNewContacts(page, "more.csv");

    // Meanwhile the other tab adds an event by hand.
    const other = await context.newPage();
    await other.goto(server.url + "contacts?stage=loyal");
    await other.getByTestId("contact-row").first().click();
    await other.getByTestId("event-add").click();
    await other.getByTestId("event-added").waitFor();
    const stored = await commitRecord(other);

    // The import, made from the base this tab read, would drop that event.
    await page.getByTestId("confirm-import").click();
    const error = page.getByTestId("check-error");
    await error.waitFor();
    assert.match(await error.innerText(), /The data was changed in another tab since this page read it/);
    await page.getByTestId("outdated").waitFor();
    assert.deepEqual(await commitRecord(page), stored, "nothing was written");
    assert.equal(await page.getByTestId("import-done").count(), 0);
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});
test("an import into an empty base is refused once another tab has stored a base meanwhile", async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await deafToOtherTabs(page);
    // Nothing stored yet: the page shows no base, and the import is checked against none.
    await page.goto(server.url + "import");
    await checkTwoNewContacts(page, "first.csv");

    // Meanwhile the other tab stores the demo base.
    const other = await context.newPage();
    await loadDemo(other);
    const stored = await commitRecord(other);
    assert.equal(stored[0], 5000);

    // Confirmed, the import would replace the other tab's 5,000 contacts with 2.
    await page.getByTestId("confirm-import").click();
    const error = page.getByTestId("check-error");
    await error.waitFor();
    assert.match(await error.innerText(), /The data was changed in another tab since this page read it/);
    await page.getByTestId("outdated").waitFor();
    assert.deepEqual(await commitRecord(page), stored, "nothing was written");
    assert.equal(await page.getByTestId("import-done").count(), 0);

    // After the reload the page shows the other tab's base.
    await page.getByTestId("outdated").getByRole("button").click();
    await page.getByTestId("nav-dashboard").click();
    assert.equal(await shownContacts(page), 5000);
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
  }
});
// ---- end: an edit onto a base another tab replaced ---------------------------
