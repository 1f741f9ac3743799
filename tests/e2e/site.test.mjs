// The built site, served at "/" and under "/lifecycle/": pages render what the
// engine computes, deep links work, language switches and is remembered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SITES, launchBrowser, startSite, openPage, screenshot } from "./harness.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of SITES) {
  test(`${site.name}: the dashboard shows stages the engine computed`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId("welcome").waitFor();
      await screenshot(page, `${site.name}-welcome-en`);
      await page.getByTestId("load-demo").click();
      const tiles = page.getByTestId("stage-tiles");
      await tiles.waitFor();

      // One tile per b2b stage, and together they hold the whole demo base.
      const ids = ["lost", "sleeping", "loyal", "developing", "new", "qualified", "unqualified"];
      let total = 0;
      for (const id of ids) {
        const text = await tiles.getByTestId(`tile-${id}`).getByTestId("count").innerText();
        const count = Number(text.replace(/[^0-9]/g, ""));
        assert.ok(count > 0, `the demo base has ${id} contacts`);
        total += count;
      }
      assert.equal(total, 5000);
      assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/);
      assert.equal(await page.getByTestId("trend-chart").locator("rect").count() > 50, true);

      // The funnel narrows step by step; the drop-off view and the risk list
      // are filled.
      const reached = [];
      for (const step of await page.getByTestId("funnel").locator('g[data-testid^="funnel-"]').all()) {
        reached.push(Number((await step.locator("text.value").textContent()).replace(/[^0-9]/g, "")));
      }
      assert.ok(reached.length >= 4, `funnel steps: ${reached}`);
      assert.deepEqual([...reached].sort((a, b) => b - a), reached, "each step reached by no more than the one before");
      assert.ok((await page.getByTestId("drop-off").locator('g[data-testid^="dropoff-"]').count()) >= 4);
      const risks = page.getByTestId("risk-list").locator("tbody tr");
      assert.ok((await risks.count()) > 0 && (await risks.count()) <= 10);

      // The period lives in the address.
      await page.getByTestId("period-365").click();
      assert.equal(new URL(page.url()).searchParams.get("period"), "365");
      assert.equal(await page.getByTestId("period-365").getAttribute("aria-pressed"), "true");
      await screenshot(page, `${site.name}-dashboard-en`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test(`${site.name}: a deep link opens its page, and an unknown one says so`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url + "settings");
      await page.getByTestId("settings-language").waitFor();
      assert.equal(await page.locator("h1").innerText(), "Settings");
      await screenshot(page, `${site.name}-settings-en`);

      // Navigation inside the app keeps the base path.
      await page.getByTestId("nav-dashboard").click();
      await page.getByTestId("welcome").waitFor();
      assert.equal(new URL(page.url()).pathname, site.prefix);

      await page.goto(server.url + "no/such/page");
      await page.getByTestId("not-found").waitFor();
      await screenshot(page, `${site.name}-not-found-en`);
      // GitHub Pages answers unknown paths with 404.html and status 404; that
      // network error is expected, nothing else is.
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test(`${site.name}: Russian from the browser, switchable and remembered`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser, { locale: "ru-RU", colorScheme: "dark" });
    try {
      await page.goto(server.url);
      await page.getByTestId("welcome").waitFor();
      assert.equal(await page.getByTestId("welcome-import").innerText(), "Импортировать файл");
      await screenshot(page, `${site.name}-welcome-ru-dark`);
      await page.getByTestId("load-demo").click();
      await page.getByTestId("stage-tiles").waitFor();
      assert.equal(await page.locator("h1").innerText(), "Обзор");
      assert.match(await page.getByTestId("base-summary").innerText(), /^5\u00a0000 контактов/);
      assert.equal(await page.locator("html").getAttribute("lang"), "ru");
      // The risk list says why in Russian too.
      const why = (await page.getByTestId("risk-list").locator("tbody tr td:last-child").allInnerTexts()).join("\n");
      assert.match(why, /нет активности клиента \d+ дн\.|последняя оценка NPS \d/);
      assert.doesNotMatch(why, /client activity|latest NPS|latest review/);
      await screenshot(page, `${site.name}-dashboard-ru-dark`);

      await page.getByTestId("lang-en").click();
      assert.equal(await page.locator("h1").innerText(), "Dashboard");
      await page.reload();
      await page.getByTestId("stage-tiles").waitFor();
      assert.equal(await page.locator("h1").innerText(), "Dashboard", "the choice survives a reload");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("the theme and the language can be chosen in the settings and are remembered", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU", colorScheme: "light" });
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-theme").selectOption("dark");
    assert.equal(await page.locator("html").getAttribute("data-theme"), "dark");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), "rgb(15, 18, 32)");
    await page.reload();
    await page.getByTestId("settings-theme").waitFor();
    assert.equal(await page.locator("html").getAttribute("data-theme"), "dark", "remembered");
    await page.getByTestId("storage-used").waitFor();
    await screenshot(page, "root-settings-ru-dark");
    await page.getByTestId("nav-contacts").click();
    await page.getByTestId("contact-table").waitFor();
    await screenshot(page, "root-contacts-ru-dark");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-theme").selectOption("system");
    assert.equal(await page.locator("html").getAttribute("data-theme"), null);
    assert.equal(await background(), "rgb(246, 247, 251)", "the system's light scheme again");

    // The language chosen on the settings page: the whole page switches, the
    // select shows it, and it is remembered over the browser's Russian.
    const language = page.getByTestId("settings-language");
    assert.equal(await language.inputValue(), "ru");
    assert.equal(await page.locator("h1").innerText(), "Настройки");
    await language.selectOption("en");
    assert.equal(await page.locator("h1").innerText(), "Settings");
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal(await page.getByTestId("nav-contacts").innerText(), "Contacts");
    await page.reload();
    await language.waitFor();
    assert.equal(await language.inputValue(), "en", "remembered");
    assert.equal(await page.locator("h1").innerText(), "Settings");
    await language.selectOption("ru");
    assert.equal(await page.locator("h1").innerText(), "Настройки");
    assert.equal(await page.locator("html").getAttribute("lang"), "ru");
    // Reloading a deep link is answered by 404.html, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("the default period chosen in the settings is the dashboard's, remembered, and the address still wins", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    assert.equal(await page.getByTestId("period-90").getAttribute("aria-pressed"), "true");
    await page.goto(`${server.url}settings`);
    await page.getByTestId("settings-period").selectOption("180");
    await page.goto(server.url);
    await page.getByTestId("stage-tiles").waitFor();
    assert.equal(await page.getByTestId("period-180").getAttribute("aria-pressed"), "true");
    await page.reload();
    await page.getByTestId("stage-tiles").waitFor();
    assert.equal(await page.getByTestId("period-180").getAttribute("aria-pressed"), "true");
    await page.goto(`${server.url}?period=30`);
    await page.getByTestId("stage-tiles").waitFor();
    assert.equal(await page.getByTestId("period-30").getAttribute("aria-pressed"), "true");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a notice reads in the language switched to after it was shown", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url + "settings");
    await page.getByTestId("restore-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    const message = page.getByTestId("backup-message");
    await message.filter({ hasText: /^notes\.json: This JSON file is not a Lifecycle backup/ }).waitFor();
    await page.getByTestId("backup-download").click();
    await message.filter({ hasText: "There is no data to back up yet." }).waitFor();
    await page.getByTestId("restore-file").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await message.filter({ hasText: /^notes\.json: This JSON file/ }).waitFor();
    await page.getByTestId("delete-all").click();
    await page.getByTestId("delete-confirm").click();
    const deleted = page.getByTestId("danger-message");
    assert.equal(await deleted.innerText(), "All data deleted.");

    // The same notices, now in Russian, without being shown again.
    await page.getByTestId("lang-ru").click();
    await message.filter({ hasText: /^notes\.json: Этот файл JSON — не резервная копия Lifecycle/ }).waitFor();
    assert.equal(await deleted.innerText(), "Все данные удалены.");
    await screenshot(page, "root-settings-notice-ru");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-settings-notice-ru-dark");
    await page.getByTestId("lang-en").click();
    await message.filter({ hasText: /^notes\.json: This JSON file is not a Lifecycle backup/ }).waitFor();
    await screenshot(page, "root-settings-notice-en-dark");
    // Deep links are answered by 404.html with status 404, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// Every page in both languages and both themes: the language the browser asks
// for, the theme it prefers, the navigation in that language, and a screenshot
// of each (tests/screenshots/root-page-<page>-<lang>-<theme>.png) to look at.
const NAV = {
  en: ["Dashboard", "Contacts", "Import", "Model", "Settings"],
  ru: ["Обзор", "Контакты", "Импорт", "Модель", "Настройки"],
};
// Each page's name leads the document's title (tabs, bookmarks, history).
const TITLES = {
  en: { dashboard: "Dashboard", contacts: "Contacts", model: "Lifecycle model", import: "Import", settings: "Settings", "not-found": "Page not found" },
  ru: { dashboard: "Обзор", contacts: "Контакты", model: "Модель жизненного цикла", import: "Импорт", settings: "Настройки", "not-found": "Страница не найдена" },
};
for (const [lang, locale] of [["en", "en-US"], ["ru", "ru-RU"]]) {
  for (const theme of ["light", "dark"]) {
    test(`every page in ${lang}, ${theme}`, async () => {
      const server = await startSite(SITES[0]);
      const { context, page, problems } = await openPage(browser, { locale, colorScheme: theme });
      try {
        await page.goto(server.url);
        await page.getByTestId("welcome").waitFor();
        await screenshot(page, `root-page-welcome-${lang}-${theme}`);
        await page.getByTestId("load-demo").click();
        await page.getByTestId("stage-tiles").waitFor();
        const pages = [
          ["dashboard", "", "stage-tiles"],
          ["contacts", "contacts", "contact-row"],
          ["model", "model", "stages"],
          ["import", "import", "import-drop"],
          ["settings", "settings", "settings-language"],
          ["not-found", "no/such/page", "not-found"],
        ];
        for (const [name, path, ready] of pages) {
          await page.goto(server.url + path);
          await page.getByTestId(ready).first().waitFor();
          assert.equal(await page.locator("html").getAttribute("lang"), lang, name);
          const nav = await Promise.all(
            ["dashboard", "contacts", "import", "model", "settings"].map((id) => page.getByTestId(`nav-${id}`).innerText()),
          );
          assert.deepEqual(nav.map((t) => t.trim()), NAV[lang], name);
          await page.waitForFunction((want) => document.title === want, `${TITLES[lang][name]} \u2014 Lifecycle`);
          // The page's background follows the preferred theme.
          const dark = await page.evaluate(() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
            return (r + g + b) / 3 < 128;
          });
          assert.equal(dark, theme === "dark", `${name}: the ${theme} theme`);
          await screenshot(page, `root-page-${name}-${lang}-${theme}`);
          if (name === "contacts") {
            await page.getByTestId("contact-row").first().click();
            await page.getByTestId("contact-stage").waitFor();
            const contactName = await page.getByTestId("contact-name").innerText();
            await page.waitForFunction((want) => document.title === want, `${contactName} \u2014 Lifecycle`);
            await screenshot(page, `root-page-contact-${lang}-${theme}`);
          }
        }
        assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
}
