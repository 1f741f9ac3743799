// The lifecycle model page: edit a rule and watch contacts move. The what-if
// preview appears as the rule is typed, a broken rule shows its error in place
// and blocks Save, the saved model changes the dashboard and the contact list,
// and it is still the model after a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SCREENSHOTS, SITES, launchBrowser, startSite, openPage, screenshot as save } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** A full-page screenshot from the top, so the sticky bars sit where they belong. */
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name);
}

const number = (text) => Number(text.replace(/[^0-9]/g, ""));
const STAGES = ["lost", "sleeping", "loyal", "developing", "new", "qualified", "unqualified"];

async function tileCounts(page) {
  const tiles = page.getByTestId("stage-tiles");
  await tiles.waitFor();
  const counts = {};
  for (const id of STAGES) {
    counts[id] = number(await tiles.getByTestId(`tile-${id}`).getByTestId("count").innerText());
  }
  return counts;
}

/** The what-if's moves as { from, to, count } by the stage labels shown. */
async function moves(page) {
  const out = [];
  for (const move of await page.getByTestId("whatif-move").all()) {
    const badges = await move.locator(".move-path .badge").allInnerTexts();
    out.push({ from: badges[0], to: badges[1], count: number(await move.getByTestId("whatif-count").innerText()) });
  }
  return out;
}

const LABELS = {
  lost: "Lost", sleeping: "Sleeping", loyal: "Loyal", developing: "Developing",
  new: "New", qualified: "Qualified", unqualified: "Unqualified",
};

for (const site of SITES) {
  test(`${site.name}: edit a rule, see who would move, save, and the dashboard follows`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId("load-demo").click();
      const before = await tileCounts(page);

      await page.getByTestId("nav-model").click();
      assert.equal(new URL(page.url()).pathname, `${site.prefix}model`);
      const stages = page.getByTestId("stage");
      await stages.first().waitFor();
      assert.equal(await stages.count(), 7);
      assert.equal(await page.getByTestId("preset-b2b").getAttribute("aria-pressed"), "true");
      assert.equal(await page.getByTestId("whatif-idle").count(), 1);
      assert.ok(await page.getByTestId("model-save").isDisabled(), "nothing to save yet");

      // Loyal with 3 won deals instead of 4: some developing contacts move up.
      const loyal = stages.nth(2);
      assert.equal(await loyal.getByTestId("stage-id").inputValue(), "loyal");
      const rule = loyal.getByTestId("stage-rule");
      assert.equal(await rule.inputValue(), "deals_won >= 4 and active_windows(30d, 6) >= 3");
      await rule.fill("deals_won >= 3 and active_windows(30d, 6) >= 3");
      await page.getByTestId("whatif-move").first().waitFor();
      const moved = await moves(page);
      const toLoyal = moved.find((m) => m.from === "Developing" && m.to === "Loyal");
      assert.ok(toLoyal && toLoyal.count > 0, JSON.stringify(moved));
      assert.ok(moved.every((m) => m.to === "Loyal"), `only moves into loyal: ${JSON.stringify(moved)}`);
      const text = await page.getByTestId("whatif-text").first().innerText();
      assert.match(text, /^[\d,]+ contacts? would move from Developing to Loyal$/);
      const movingTotal = number(await page.getByTestId("whatif-moving").innerText());
      assert.equal(movingTotal, moved.reduce((sum, m) => sum + m.count, 0));
      assert.equal(movingTotal + number(await page.getByTestId("whatif-unchanged").innerText()), 5000);
      assert.equal(await page.getByTestId("preset-b2b").getAttribute("aria-pressed"), "false");

      // A move opens to its contacts (at most 200 listed), each a link to the contact.
      const first = page.getByTestId("whatif-move").first();
      await first.locator("summary").click();
      const links = first.getByTestId("whatif-contact");
      assert.equal(await links.count(), Math.min(moved[0].count, 200));
      const href = await links.first().getAttribute("href");
      assert.ok(href.startsWith(`${site.prefix}contacts/`), href);
      assert.equal(await page.getByTestId("model-save").isDisabled(), false);
      await screenshot(page, `${site.name}-model-whatif-en`);

      // A broken rule: the error in place with its position and the text
      // marked, Save disabled, no preview.
      await rule.fill("deals_won = 3 and active_windows(30d, 6) >= 3");
      const error = loyal.getByTestId("rule-error");
      await error.waitFor();
      assert.equal(await error.getByTestId("rule-error-pos").innerText(), "line 1, character 11");
      assert.equal(await error.getByTestId("rule-error-message").innerText(), "unexpected `=`");
      assert.equal(await error.getByTestId("rule-error-span").innerText(), "=");
      assert.equal(await rule.getAttribute("aria-invalid"), "true");
      assert.ok(await page.getByTestId("model-save").isDisabled(), "no saving a broken model");
      assert.match(await page.getByTestId("model-status").innerText(), /Problems to fix: 1/);
      await page.getByTestId("whatif-blocked").waitFor();
      await screenshot(page, `${site.name}-model-error-en`);

      // Fixed again: the same preview, and Save.
      await rule.fill("deals_won >= 3 and active_windows(30d, 6) >= 3");
      await page.getByTestId("whatif-move").first().waitFor();
      assert.equal(await loyal.getByTestId("rule-error").count(), 0);
      assert.deepEqual(await moves(page), moved);
      await page.getByTestId("model-save").click();
      await page.getByTestId("model-message").waitFor();
      assert.match(await page.getByTestId("model-message").innerText(), /^Saved/);
      await page.getByTestId("whatif-idle").waitFor();
      assert.ok(await page.getByTestId("model-save").isDisabled());

      // The dashboard: every stage changed by exactly the moves shown.
      const expected = { ...before };
      const idOf = Object.fromEntries(Object.entries(LABELS).map(([id, label]) => [label, id]));
      for (const m of moved) {
        expected[idOf[m.from]] -= m.count;
        expected[idOf[m.to]] += m.count;
      }
      await page.getByTestId("nav-dashboard").click();
      assert.deepEqual(await tileCounts(page), expected);
      assert.equal(expected.loyal, before.loyal + toLoyal.count);

      // The contact list agrees.
      await page.getByTestId("tile-loyal").click();
      await page.getByTestId("contact-table").waitFor();
      const count = await page.getByTestId("contact-count").innerText();
      // "Showing 1,234 of 5,000 contacts": the first number.
      assert.equal(number(count.match(/\d[\d,]*/)[0]), expected.loyal, count);

      // After a reload the saved model is still the one in use.
      await page.goto(server.url + "model");
      const again = page.getByTestId("stage").nth(2).getByTestId("stage-rule");
      await again.waitFor();
      assert.equal(await again.inputValue(), "deals_won >= 3 and active_windows(30d, 6) >= 3");
      await page.getByTestId("nav-dashboard").click();
      assert.deepEqual(await tileCounts(page), expected);
      // Deep links are answered by 404.html with status 404, as on GitHub Pages.
      assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test(`${site.name}: presets, stage edits and discarding; Russian labels everywhere`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId("load-demo").click();
      await page.getByTestId("stage-tiles").waitFor();
      await page.goto(server.url + "model");
      const stages = page.getByTestId("stage");
      await stages.first().waitFor();

      // A preset loads into the editor, not into the app.
      await page.getByTestId("preset-messaging").click();
      assert.equal(await stages.count(), 5);
      assert.equal(await page.getByTestId("preset-messaging").getAttribute("aria-pressed"), "true");
      await page.getByTestId("whatif-move").first().waitFor();
      await page.getByTestId("model-reset").click();
      assert.equal(await stages.count(), 7);
      await page.getByTestId("whatif-idle").waitFor();

      // A new stage has the rule `false`: nobody would move, and the page says so.
      await page.getByTestId("add-stage").click();
      await page.getByTestId("whatif-nothing").waitFor();
      assert.equal(await page.getByTestId("whatif-moving").innerText(), "0");
      await page.getByTestId("model-reset").click();

      // Order, add, rename, and a duplicate id refused in place.
      await stages.nth(0).getByTestId("stage-down").click();
      assert.equal(await stages.nth(0).getByTestId("stage-id").inputValue(), "sleeping");
      assert.equal(await stages.nth(1).getByTestId("stage-id").inputValue(), "lost");
      assert.ok(await stages.nth(0).getByTestId("stage-up").isDisabled());
      assert.ok(await stages.nth(7 - 1).getByTestId("stage-down").isDisabled());
      await page.getByTestId("add-stage").click();
      assert.equal(await stages.count(), 8);
      assert.equal(await stages.nth(6).getByTestId("stage-id").inputValue(), "stage_1");
      await stages.nth(6).getByTestId("stage-id").fill("loyal");
      await stages.nth(6).getByTestId("id-refused").waitFor();
      await stages.nth(6).getByTestId("stage-id").fill("vip");
      assert.equal(await stages.nth(6).getByTestId("id-refused").count(), 0);
      await stages.nth(6).getByTestId("stage-label-en").fill("");
      await stages.nth(6).getByTestId("stage-problem").waitFor();
      assert.ok(await page.getByTestId("model-save").isDisabled());
      await stages.nth(6).getByTestId("stage-label-en").fill("VIP");
      await stages.nth(6).getByTestId("stage-delete").click();
      assert.equal(await stages.count(), 7);
      await page.getByTestId("model-reset").click();
      assert.equal(await stages.nth(0).getByTestId("stage-id").inputValue(), "lost");

      // Russian: the page, the stage names and the what-if sentence.
      await page.getByTestId("lang-ru").click();
      assert.equal(await page.locator("h1").innerText(), "Модель жизненного цикла");
      assert.equal(await stages.nth(2).locator(".stage-title").innerText(), "Лояльный");
      await stages.nth(2).getByTestId("stage-rule").fill("deals_won >= 3 and active_windows(30d, 6) >= 3");
      await page.getByTestId("whatif-move").first().waitFor();
      assert.match(
        await page.getByTestId("whatif-text").first().innerText(),
        /^[\d\u00a0]+ контакт(а|ов)? перейд(ёт|ут) из «Развивающийся» в «Лояльный»$/,
      );
      await page.getByTestId("whatif-move").first().locator("summary").click();
      await screenshot(page, `${site.name}-model-whatif-ru`);
      await page.emulateMedia({ colorScheme: "dark" });
      await screenshot(page, `${site.name}-model-whatif-ru-dark`);
      await page.getByTestId("lang-en").click();
      await stages.nth(2).getByTestId("stage-rule").fill("deals_won >= 3 and\nactive_windowz(30d, 6) >= 3");
      await stages.nth(2).getByTestId("rule-error").waitFor();
      assert.equal(await stages.nth(2).getByTestId("rule-error-span").innerText(), "active_windowz");
      await screenshot(page, `${site.name}-model-error-en-dark`);
      await page.getByTestId("model-reset").click();

      // The saved model is the dashboard's, with Russian labels.
      await page.getByTestId("lang-ru").click();
      await page.getByTestId("nav-dashboard").click();
      const tile = page.getByTestId("tile-loyal");
      await tile.waitFor();
      assert.equal(await tile.locator("h2").innerText(), "Лояльный");
      // Deep links are answered by 404.html with status 404, as on GitHub Pages.
      assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("root: a saved model reaches other tabs, goes into a backup and comes back from it", async () => {
  const site = SITES[0];
  const server = await startSite(site);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    const before = await tileCounts(page);
    const other = await context.newPage();
    await other.goto(server.url);
    assert.deepEqual(await tileCounts(other), before);

    // Sleeping after 90 quiet days instead of 180, saved in the first tab.
    await page.getByTestId("nav-model").click();
    const sleeping = page.getByTestId("stage").nth(1);
    await sleeping.getByTestId("stage-rule").fill("has_activity and days_since_last_activity > 90");
    await page.getByTestId("whatif-move").first().waitFor();
    const moved = await moves(page);
    assert.ok(moved.length > 0 && moved.every((m) => m.to === "Sleeping"), JSON.stringify(moved));
    // Its Russian name and its colour changed in the same save.
    await sleeping.getByTestId("stage-label-ru").fill("Затихший");
    await sleeping.getByTestId("stage-colour").fill("#ff8800");
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").waitFor();
    await page.getByTestId("nav-dashboard").click();
    const after = await tileCounts(page);
    const total = moved.reduce((sum, m) => sum + m.count, 0);
    assert.equal(after.sleeping, before.sleeping + total);
    const tile = page.getByTestId("tile-sleeping");
    assert.equal(await tile.evaluate((el) => el.style.getPropertyValue("--stage-colour")), "#ff8800");
    await page.getByTestId("lang-ru").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tile-sleeping"] h2')?.textContent.trim() === "Затихший");
    await page.getByTestId("lang-en").click();

    // The other tab follows.
    const otherSleeping = other.getByTestId("tile-sleeping").getByTestId("count");
    await other.waitForFunction(
      ([el, want]) => Number(el.innerText.replace(/[^0-9]/g, "")) === want,
      [await otherSleeping.elementHandle(), after.sleeping],
      { timeout: 3000 },
    );
    await other.close();

    // Backup, delete everything, restore: the model comes back with the base.
    await page.goto(server.url + "settings");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("backup-download").click(),
    ]);
    const backupPath = await download.path();
    await page.getByTestId("delete-all").click();
    await page.getByTestId("delete-confirm").click();
    await page.getByTestId("danger-message").waitFor();
    await page.getByTestId("restore-file").setInputFiles(backupPath);
    await page.getByTestId("backup-message").filter({ hasText: "Restored: 5,000 contacts" }).waitFor();
    await page.reload();
    await page.getByTestId("nav-dashboard").click();
    assert.deepEqual(await tileCounts(page), after);
    await page.getByTestId("nav-model").click();
    assert.equal(
      await page.getByTestId("stage").nth(1).getByTestId("stage-rule").inputValue(),
      "has_activity and days_since_last_activity > 90",
    );
    assert.equal(await page.getByTestId("stage").nth(1).getByTestId("stage-label-ru").inputValue(), "Затихший");
    assert.equal(await page.getByTestId("stage").nth(1).getByTestId("stage-colour").inputValue(), "#ff8800");
    // Deep links are answered by 404.html with status 404, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// Errors in the user's language: with the page in Russian, a rule's syntax error
// and an unknown name are explained in Russian in place, with their line and
// character and the hint; switching to English changes the words, not the place.
test("root: rule errors are shown in Russian with their position", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.getByTestId("nav-model").click();
    const loyal = page.getByTestId("stage").nth(2);
    const rule = loyal.getByTestId("stage-rule");
    const error = loyal.getByTestId("rule-error");

    await rule.fill("deals_won = 3 and active_windows(30d, 6) >= 3");
    await error.waitFor();
    assert.equal(await error.getByTestId("rule-error-pos").innerText(), "строка 1, символ 11");
    assert.equal(await error.getByTestId("rule-error-message").innerText(), "лишний знак `=`");
    assert.equal(await error.locator(".rule-problem-hint").innerText(), "Подсказка: для сравнения пишите `==`");
    assert.equal(await error.getByTestId("rule-error-span").innerText(), "=");
    assert.match(await page.getByTestId("model-status").innerText(), /Нужно исправить: 1/);

    await rule.fill("deals_won >= 3 and\n  active_windowz(30d, 6) >= 3");
    await error.getByTestId("rule-error-message").filter({ hasText: "неизвестная метрика" }).waitFor();
    assert.equal(await error.getByTestId("rule-error-pos").innerText(), "строка 2, символ 3");
    assert.equal(await error.getByTestId("rule-error-message").innerText(), "неизвестная метрика `active_windowz`");
    assert.match(await error.locator(".rule-problem-hint").innerText(), /^Подсказка: известные имена: deals_won, /);
    assert.equal(await error.getByTestId("rule-error-span").innerText(), "active_windowz");
    await screenshot(page, "root-model-rule-error-ru");
    await loyal.screenshot({ path: join(SCREENSHOTS, "root-model-rule-error-ru-stage.png") });

    await page.getByTestId("lang-en").click();
    await error.getByTestId("rule-error-message").filter({ hasText: "unknown metric" }).waitFor();
    assert.equal(await error.getByTestId("rule-error-pos").innerText(), "line 2, character 3");
    assert.equal(await error.getByTestId("rule-error-message").innerText(), "unknown metric `active_windowz`");
    assert.match(await error.locator(".rule-problem-hint").innerText(), /^Hint: known names: deals_won, /);
    await screenshot(page, "root-model-rule-error-en");
    await loyal.screenshot({ path: join(SCREENSHOTS, "root-model-rule-error-en-stage.png") });
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The rest of the model: the funnel order, the ICP, the time windows and the
// declared custom fields and kinds.

/** The dashboard funnel's steps, top to bottom, by stage id. */
async function dashboardFunnel(page) {
  const funnel = page.getByTestId("funnel");
  await funnel.waitFor();
  const ids = await funnel.locator('g[data-testid^="funnel-"]').evaluateAll((gs) => gs.map((g) => g.dataset.testid));
  return ids.map((id) => id.replace(/^funnel-/, ""));
}

/** The funnel editor's steps, top to bottom, by stage id. */
async function editorFunnel(page) {
  return page.getByTestId("funnel-step").evaluateAll((lis) => lis.map((li) => li.dataset.stage));
}

for (const site of SITES) {
  test(`${site.name}: the funnel order, edited and saved, is the dashboard's funnel order`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId("load-demo").click();
      const start = ["unqualified", "qualified", "new", "developing", "loyal"];
      assert.deepEqual(await dashboardFunnel(page), start);

      await page.getByTestId("nav-model").click();
      const editor = page.getByTestId("funnel-editor");
      await editor.getByTestId("funnel-step").first().waitFor();
      assert.deepEqual(await editorFunnel(page), start);
      assert.ok(await editor.getByTestId("funnel-up").first().isDisabled());
      assert.ok(await editor.getByTestId("funnel-down").last().isDisabled());

      // Down from the keyboard: the focus stays on the moved step.
      await editor.locator('[data-stage="unqualified"]').getByTestId("funnel-down").focus();
      await page.keyboard.press("Enter");
      assert.deepEqual(await editorFunnel(page), ["qualified", "unqualified", "new", "developing", "loyal"]);
      await page.waitForFunction(() =>
        document.activeElement?.dataset.testid === "funnel-down" &&
        document.activeElement.closest("[data-testid=funnel-step]")?.dataset.stage === "unqualified");
      await page.keyboard.press("Enter");
      assert.deepEqual(await editorFunnel(page), ["qualified", "new", "unqualified", "developing", "loyal"]);
      // The focus comes back in the next animation frame, on the same button.
      await page.waitForFunction(() =>
        document.activeElement?.dataset.testid === "funnel-down" &&
        document.activeElement.closest("[data-testid=funnel-step]")?.dataset.stage === "unqualified");

      // Out and back in: a removed step is offered again and goes last.
      await editor.locator('[data-stage="new"]').getByTestId("funnel-remove").click();
      assert.deepEqual(await editorFunnel(page), ["qualified", "unqualified", "developing", "loyal"]);
      const offered = await editor.getByTestId("funnel-add-select").locator("option").evaluateAll((os) => os.map((o) => o.value));
      assert.deepEqual(offered, ["lost", "sleeping", "new"]);
      await editor.getByTestId("funnel-add-select").selectOption("new");
      await editor.getByTestId("funnel-add").click();
      const order = ["qualified", "unqualified", "developing", "loyal", "new"];
      assert.deepEqual(await editorFunnel(page), order);

      // The order changes the report, not anyone's stage.
      await page.getByTestId("whatif-nothing").waitFor();
      assert.equal(await page.getByTestId("whatif-changed").innerText(), "Funnel order");
      assert.equal(await page.getByTestId("whatif-moving").innerText(), "0");
      await page.getByTestId("model-save").click();
      await page.getByTestId("model-message").waitFor();

      await page.getByTestId("nav-dashboard").click();
      assert.deepEqual(await dashboardFunnel(page), order);
      await page.reload();
      assert.deepEqual(await dashboardFunnel(page), order);
      await page.goto(server.url + "model");
      await page.getByTestId("funnel-step").first().waitFor();
      assert.deepEqual(await editorFunnel(page), order);
      assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("root: an ICP by a field condition moves contacts between Qualified and Unqualified; a broken ICP shows its error in place", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    const before = await tileCounts(page);
    await page.getByTestId("nav-model").click();
    const icp = page.getByTestId("icp");
    const rule = icp.getByTestId("icp-rule");
    await rule.waitFor();
    assert.equal(await rule.inputValue(), "field.icp == true");
    const inIcp = number(await icp.getByTestId("icp-before").innerText());
    assert.ok(inIcp > 0 && inIcp < 5000, `${inIcp}`);
    assert.equal(await icp.getByTestId("icp-after").count(), 0);
    // The demo's ICP is a target industry with 50+ people: any industry widens it.
    await rule.fill("field.employees >= 50");
    await page.getByTestId("whatif-move").first().waitFor();
    const moved = await moves(page);
    assert.ok(moved.length === 1 && moved[0].from === "Unqualified" && moved[0].to === "Qualified", JSON.stringify(moved));
    // "3,610 contacts +573": the count, then the change.
    const after = number((await icp.getByTestId("icp-after").innerText()).split(" ")[0]);
    assert.ok(after > inIcp, `${after} > ${inIcp}`);
    assert.equal(number(await icp.getByTestId("icp-before").innerText()), inIcp);
    assert.match(await icp.getByTestId("icp-after").innerText(), /contacts \+[\d,]+$/);
    await screenshot(page, "root-model-icp-en");

    // A syntax error: in place, with its line and character; no saving, no preview.
    await rule.fill("field.employees = 50");
    const error = icp.getByTestId("rule-error");
    await error.waitFor();
    assert.equal(await error.getByTestId("rule-error-pos").innerText(), "line 1, character 17");
    assert.equal(await error.getByTestId("rule-error-message").innerText(), "unexpected `=`");
    assert.equal(await error.getByTestId("rule-error-span").innerText(), "=");
    assert.equal(await rule.getAttribute("aria-invalid"), "true");
    assert.ok(await page.getByTestId("model-save").isDisabled());
    await page.getByTestId("whatif-blocked").waitFor();
    // `icp` inside the ICP is refused too, at its place.
    await rule.fill("field.employees >= 50 and\nicp");
    await icp.getByTestId("rule-error-pos").filter({ hasText: "line 2, character 1" }).waitFor();

    await rule.fill("field.employees >= 50");
    await page.getByTestId("whatif-move").first().waitFor();
    assert.equal(await icp.getByTestId("rule-error").count(), 0);
    assert.deepEqual(await moves(page), moved);
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").waitFor();
    await page.getByTestId("nav-dashboard").click();
    const now = await tileCounts(page);
    assert.equal(now.qualified, before.qualified + moved[0].count);
    assert.equal(now.unqualified, before.unqualified - moved[0].count);
    await page.reload();
    await page.getByTestId("nav-model").click();
    await page.getByTestId("icp-rule").waitFor();
    assert.equal(await page.getByTestId("icp-rule").inputValue(), "field.employees >= 50");
    assert.equal(number(await page.getByTestId("icp-before").innerText()), after);
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("root: a custom kind, declared with its direction, can be used in a rule; built-in names are refused", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.goto(server.url + "model");
    const qualified = page.getByTestId("stage").nth(5);
    const rule = qualified.getByTestId("stage-rule");
    await rule.waitFor();
    const kinds = page.getByTestId("kinds");
    assert.equal(await kinds.getByTestId("kinds-none").count(), 1);

    // Not declared yet: the rule says so in place.
    await rule.fill("icp and has(inbound_request, quote_request, tender_invite, webinar)");
    await qualified.getByTestId("rule-error").waitFor();
    assert.equal(await qualified.getByTestId("rule-error-message").innerText(), "unknown event kind `webinar`");
    assert.equal(await qualified.getByTestId("rule-error-span").innerText(), "webinar");

    // A built-in name and a group are refused where they were typed.
    await kinds.getByTestId("kind-new-name").fill("deal_won");
    await kinds.getByTestId("kind-add").click();
    assert.match(await kinds.getByTestId("kind-add-error").innerText(), /`deal_won` is a built-in kind/);
    await kinds.getByTestId("kind-new-name").fill("activity");
    await kinds.getByTestId("kind-new-name").press("Enter");
    assert.match(await kinds.getByTestId("kind-add-error").innerText(), /`activity` is a kind group/);
    assert.equal(await kinds.getByTestId("kind").count(), 0);

    // Declared: the rule is fine, and the kind shows where it is used.
    await kinds.getByTestId("kind-new-name").fill("webinar");
    await kinds.getByTestId("kind-new-direction").selectOption("company");
    await kinds.getByTestId("kind-new-name").press("Enter");
    const webinar = kinds.locator('[data-testid=kind][data-name="webinar"]');
    await webinar.waitFor();
    assert.equal(await kinds.getByTestId("kind-add-error").count(), 0);
    assert.equal(await webinar.getByTestId("kind-direction").inputValue(), "company");
    assert.equal(await qualified.getByTestId("rule-error").count(), 0);
    assert.match(await webinar.getByTestId("used-by").innerText(), /Used in:\s+Qualified/);
    // Declared twice: refused.
    await kinds.getByTestId("kind-new-name").fill("webinar");
    await kinds.getByTestId("kind-add").click();
    assert.match(await kinds.getByTestId("kind-add-error").innerText(), /already declared/);
    await kinds.scrollIntoViewIfNeeded();
    await save(page, "root-model-kinds-en");
    // Nobody has webinars yet: nobody moves.
    await page.getByTestId("whatif-nothing").waitFor();
    await webinar.getByTestId("kind-direction").selectOption("client");
    await webinar.getByTestId("kind-win").check();
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").waitFor();

    await page.reload();
    const again = page.locator('[data-testid=kind][data-name="webinar"]');
    await again.waitFor();
    assert.equal(await again.getByTestId("kind-direction").inputValue(), "client");
    assert.ok(await again.getByTestId("kind-win").isChecked());
    assert.equal(
      await page.getByTestId("stage").nth(5).getByTestId("stage-rule").inputValue(),
      "icp and has(inbound_request, quote_request, tender_invite, webinar)",
    );
    // Removing the kind the rule uses brings the rule's error back, and blocks Save.
    await again.getByTestId("kind-remove").click();
    await page.getByTestId("stage").nth(5).getByTestId("rule-error").waitFor();
    assert.ok(await page.getByTestId("model-save").isDisabled());
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("root: a shorter sleeping window moves contacts; a bad number of days is refused in place; fields are declared", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    const before = await tileCounts(page);
    await page.getByTestId("nav-model").click();
    const windows = page.getByTestId("windows");
    const sleeping = windows.locator('[data-testid=window][data-name="sleeping"]');
    const days = sleeping.getByTestId("window-days");
    await days.waitFor();
    assert.equal(await days.inputValue(), "180");
    assert.match(await sleeping.getByTestId("used-by").innerText(), /Used in:\s+Sleeping/);

    // Refused text alone can be discarded: the input shows the model's value again.
    await days.fill("");
    await sleeping.getByTestId("window-error").waitFor();
    assert.ok(await page.getByTestId("model-save").isDisabled());
    await page.getByTestId("model-reset").click();
    assert.equal(await sleeping.getByTestId("window-error").count(), 0);
    assert.equal(await days.inputValue(), "180");
    assert.equal(await page.getByTestId("model-status").innerText(), "The saved model is in the editor.");

    await days.fill("90");
    await page.getByTestId("whatif-move").first().waitFor();
    const moved = await moves(page);
    assert.ok(moved.length > 0 && moved.every((m) => m.to === "Sleeping"), JSON.stringify(moved));
    const total = moved.reduce((sum, m) => sum + m.count, 0);
    assert.equal(await page.getByTestId("whatif-changed").innerText(), "Time windows");

    // Zero days: refused where it was typed; the model keeps 90, Save waits.
    await days.fill("0");
    await sleeping.getByTestId("window-error").waitFor();
    assert.match(await sleeping.getByTestId("window-error").innerText(), /0 days is out of range/);
    assert.equal(await days.getAttribute("aria-invalid"), "true");
    assert.ok(await page.getByTestId("model-save").isDisabled());
    assert.match(await page.getByTestId("model-status").innerText(), /Problems to fix: 1/);
    await days.fill("90");
    assert.equal(await sleeping.getByTestId("window-error").count(), 0);
    assert.deepEqual(await moves(page), moved);

    // A new window, then one of the same name refused.
    await windows.getByTestId("window-new-name").fill("trial");
    await windows.getByTestId("window-new-days").fill("14");
    await windows.getByTestId("window-add").click();
    const trial = windows.locator('[data-testid=window][data-name="trial"]');
    await trial.waitFor();
    assert.equal(await trial.getByTestId("window-days").inputValue(), "14");
    assert.match(await trial.getByTestId("used-by").innerText(), /Not used by any rule/);
    await windows.getByTestId("window-new-name").fill("trial");
    await windows.getByTestId("window-add").click();
    assert.match(await windows.getByTestId("window-add-error").innerText(), /already has a window `trial`/);

    // A rule on a field the contacts have but the model does not declare:
    // fine with this data, and one click declares it with its type.
    const fields = page.getByTestId("fields");
    await page.getByTestId("stage").nth(2).getByTestId("stage-rule").fill("deals_won >= 4 and active_windows(30d, 6) >= 3 and field.employees >= 1");
    await fields.getByTestId("undeclared-fields").waitFor();
    assert.match(await fields.getByTestId("undeclared-fields").innerText(), /field\.employees\s*·\s*Number/);
    await fields.getByTestId("field-declare").click();
    const employees = fields.locator('[data-testid=field][data-name="employees"]');
    await employees.waitFor();
    assert.equal(await employees.getByTestId("field-type").inputValue(), "number");
    assert.equal(await fields.getByTestId("undeclared-fields").count(), 0);
    await fields.getByTestId("field-new-name").fill("2nd");
    await fields.getByTestId("field-add").click();
    assert.match(await fields.getByTestId("field-add-error").innerText(), /invalid field name "2nd"/);
    await screenshot(page, "root-model-parts-en");
    await page.getByTestId("lang-ru").click();
    assert.match(await sleeping.getByTestId("used-by").innerText(), /Используется в:\s+Спящий/);
    // Days in the right Russian form.
    assert.equal(await sleeping.getByTestId("window-unit").innerText(), "дней");
    await trial.getByTestId("window-days").fill("21");
    await trial.getByTestId("window-unit").filter({ hasText: /^день$/ }).waitFor();
    await trial.getByTestId("window-days").fill("14");
    await screenshot(page, "root-model-parts-ru");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-model-parts-ru-dark");
    await page.getByTestId("lang-en").click();
    await screenshot(page, "root-model-parts-en-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").waitFor();
    await page.getByTestId("nav-dashboard").click();
    const after = await tileCounts(page);
    assert.equal(after.sleeping, before.sleeping + total);
    await page.reload();
    await page.getByTestId("nav-model").click();
    const again = page.locator('[data-testid=window][data-name="sleeping"]').getByTestId("window-days");
    await again.waitFor();
    assert.equal(await again.inputValue(), "90");
    assert.equal(await page.locator('[data-testid=window][data-name="trial"]').getByTestId("window-days").inputValue(), "14");
    assert.equal(await page.locator('[data-testid=field][data-name="employees"]').count(), 1);
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("root: kinds found in the data are offered for declaring; renaming a kind or window rewrites the rules, and contacts move as the what-if said", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    // Events of two custom kinds the model does not declare.
    await page.goto(server.url + "import");
    await page.getByTestId("import-file").setInputFiles({
      name: "events.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "id,date,kind\nc1,2026-01-10,demo_call\nc1,2026-01-12,demo_call\nc2,2026-01-15,demo_call\nc3,2026-01-16,webinar\n",
      ),
    });
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("mapping-table").waitFor();
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();

    await page.goto(server.url + "model");
    const kinds = page.getByTestId("kinds");
    const found = kinds.getByTestId("undeclared-kinds");
    await found.waitFor();
    assert.deepEqual(
      (await found.getByTestId("found-kind").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim()),
      ["demo_call · 3 events Declare", "webinar · 1 event Declare"],
    );
    await found.locator('[data-testid=found-kind][data-name="demo_call"]').getByTestId("kind-declare").click();
    const demo = kinds.locator('[data-testid=kind][data-name="demo_call"]');
    await demo.waitFor();
    assert.deepEqual(await found.getByTestId("found-kind").allInnerTexts().then((t) => t.length), 1);
    await kinds.scrollIntoViewIfNeeded();
    await screenshot(page, "root-model-kinds-found-en");
    await page.getByTestId("lang-ru").click();
    assert.match(await found.innerText(), /Типы событий из ваших данных, которых нет в модели:\s+webinar\s+·\s+1 событие/);
    await screenshot(page, "root-model-kinds-found-ru");
    await page.getByTestId("lang-en").click();

    // A rule that uses the kind: the two contacts with demo calls go to the first stage.
    const first = page.getByTestId("stage").first();
    const firstLabel = await first.getByTestId("stage-label-en").inputValue();
    await first.getByTestId("stage-rule").fill("has(demo_call)");
    await page.getByTestId("whatif-move").first().waitFor();
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").filter({ hasText: "Saved" }).waitFor();
    await page.goto(server.url + `contacts`);
    await page.getByTestId("contact-table").waitFor();
    const stageOf = async (id) => {
      await page.goto(server.url + `contacts/${id}`);
      await page.getByTestId("explanation").waitFor();
      return (await page.getByTestId("contact-stage").innerText()).trim();
    };
    assert.equal(await stageOf("c1"), firstLabel);
    assert.equal(await stageOf("c2"), firstLabel);

    // Renamed: the rule follows; nobody has events of the new name, so the
    // what-if says the two contacts would leave the first stage.
    await page.goto(server.url + "model");
    const row = page.locator('[data-testid=kind][data-name="demo_call"]');
    await row.getByTestId("rename").click();
    await row.getByTestId("rename-input").fill("deal_won");
    await row.getByTestId("rename-apply").click();
    assert.match(await row.getByTestId("rename-error").innerText(), /`deal_won` is a built-in kind/);
    await row.getByTestId("rename-input").fill("demo meeting");
    await row.getByTestId("rename-apply").click();
    const renamed = page.locator('[data-testid=kind][data-name="demo meeting"]');
    await renamed.waitFor();
    assert.equal(await page.getByTestId("stage").first().getByTestId("stage-rule").inputValue(), 'has("demo meeting")');
    assert.match(await renamed.getByTestId("used-by").innerText(), new RegExp(`Used in:\\s+${firstLabel}`));
    await page.getByTestId("whatif-move").first().waitFor();
    const moved = await moves(page);
    assert.deepEqual(moved.map((m) => [m.from, m.count]), [[firstLabel, 2]]);
    await screenshot(page, "root-model-rename-en");
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").filter({ hasText: "Saved" }).waitFor();
    assert.equal(await stageOf("c1"), moved[0].to);
    assert.equal(await stageOf("c2"), moved[0].to);

    // Windows: the sleeping window is refused with its reason; another is
    // renamed and the rule that uses it follows.
    await page.goto(server.url + "model");
    const windows = page.getByTestId("windows");
    const sleeping = windows.locator('[data-testid=window][data-name="sleeping"]');
    await sleeping.getByTestId("rename").click();
    await sleeping.getByTestId("rename-input").fill("quiet");
    await sleeping.getByTestId("rename-apply").click();
    assert.match(await sleeping.getByTestId("rename-error").innerText(), /`sleeping` cannot be renamed: it also sets the risk list/);
    await page.getByTestId("lang-ru").click();
    assert.match(await sleeping.getByTestId("rename-error").innerText(), /окно `sleeping` нельзя переименовать/);
    await screenshot(page, "root-model-rename-ru");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-model-rename-ru-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.getByTestId("lang-en").click();
    await windows.getByTestId("window-new-name").fill("trial");
    await windows.getByTestId("window-new-days").fill("400");
    await windows.getByTestId("window-add").click();
    await page.getByTestId("stage").first().getByTestId("stage-rule").fill('has("demo meeting") or days_since_last_activity < window.trial');
    const trial = windows.locator('[data-testid=window][data-name="trial"]');
    await trial.getByTestId("rename").click();
    await trial.getByTestId("rename-input").fill("recent");
    await trial.getByTestId("rename-input").press("Enter");
    await windows.locator('[data-testid=window][data-name="recent"]').waitFor();
    assert.equal(
      await page.getByTestId("stage").first().getByTestId("stage-rule").inputValue(),
      'has("demo meeting") or days_since_last_activity < window.recent',
    );
    assert.equal(await page.getByTestId("stage").first().getByTestId("rule-error").count(), 0);
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-model-rename-en-dark");
    assert.deepEqual(problems.filter((p) => !p.includes("status of 404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});
