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
  test(`${site.name}: the dashboard shows what the engine computes`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      const table = page.getByTestId("event-kinds");
      await table.waitFor();
      // Rows come from lifecycle-core: purchase is a win, message_out is not activity.
      const purchase = table.locator("tr", { hasText: "purchase" });
      assert.deepEqual(await purchase.locator("td").allInnerTexts(), ["purchase", "yes", "yes"]);
      const outgoing = table.locator("tr", { hasText: "message_out" });
      assert.deepEqual(await outgoing.locator("td").allInnerTexts(), ["message_out", "no", "no"]);
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
      await page.getByTestId("event-kinds").waitFor();
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
      await page.getByTestId("event-kinds").waitFor();
      assert.equal(await page.locator("h1").innerText(), "Обзор");
      assert.equal(await page.locator("html").getAttribute("lang"), "ru");
      await screenshot(page, `${site.name}-dashboard-ru-dark`);

      await page.getByTestId("lang-en").click();
      assert.equal(await page.locator("h1").innerText(), "Dashboard");
      await page.reload();
      await page.getByTestId("event-kinds").waitFor();
      assert.equal(await page.locator("h1").innerText(), "Dashboard", "the choice survives a reload");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}
