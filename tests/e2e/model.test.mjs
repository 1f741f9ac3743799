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
      assert.equal(number(count.split(" shown")[0]), expected.loyal, count);

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
      assert.equal(await tile.locator("h3").innerText(), "Лояльный");
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
    await page.getByTestId("model-save").click();
    await page.getByTestId("model-message").waitFor();
    await page.getByTestId("nav-dashboard").click();
    const after = await tileCounts(page);
    const total = moved.reduce((sum, m) => sum + m.count, 0);
    assert.equal(after.sleeping, before.sleeping + total);

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
