// The contact list and the contact page: a dashboard tile leads to its
// contacts, search narrows the list, a contact explains its stage.
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

const number = (text) => Number(text.replace(/[^0-9]/g, ""));

for (const site of SITES) {
  test(`${site.name}: from a stage tile to its contacts and to one contact's explanation`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(server.url);
      await page.getByTestId("load-demo").click();
      const tile = page.getByTestId("tile-loyal");
      await tile.waitFor();
      const loyal = number(await tile.getByTestId("count").innerText());

      await tile.click();
      await page.getByTestId("contact-table").waitFor();
      const url = new URL(page.url());
      assert.equal(url.pathname, `${site.prefix}contacts`);
      assert.equal(url.searchParams.get("stage"), "loyal");
      const count = await page.getByTestId("contact-count").innerText();
      assert.equal(number(count.split(" shown")[0]), loyal, count);
      const badges = await page.getByTestId("contact-row").locator(".badge").allInnerTexts();
      assert.ok(badges.length > 5 && badges.length < 40, `only the visible rows are rendered (${badges.length})`);
      assert.ok(badges.every((b) => b === "Loyal"), badges.join(","));
      await screenshot(page, `${site.name}-contacts-loyal-en`);

      // Search narrows to the contacts whose name, company, e-mail or id match.
      const firstName = (await page.getByTestId("contact-row").first().locator("strong").innerText()).trim();
      await page.getByTestId("contact-search").fill(firstName);
      await page.waitForFunction(
        (name) => [...document.querySelectorAll('[data-testid="contact-row"] strong')].every((n) => n.textContent.includes(name)),
        firstName,
      );
      assert.equal(new URL(page.url()).searchParams.get("q"), firstName);

      await page.getByTestId("contact-row").first().click();
      await page.getByTestId("explanation").waitFor();
      assert.equal(await page.getByTestId("contact-name").innerText(), firstName);
      assert.equal(await page.getByTestId("contact-stage").innerText(), "Loyal");
      // The explanation ends with the stage that matched, with its reasons.
      const last = page.getByTestId("explanation").locator(".check").last();
      assert.match(await last.getAttribute("class"), /matched/);
      assert.match(await last.innerText(), /Loyal/);
      assert.ok((await page.getByTestId("timeline").locator("li").count()) >= 2, "a loyal contact went through stages");
      assert.ok((await page.getByTestId("events").locator("tr").count()) >= 4);
      await screenshot(page, `${site.name}-contact-en`);

      // The contact page is a deep link of its own.
      const contactUrl = page.url();
      await page.goto(contactUrl);
      await page.getByTestId("explanation").waitFor();
      assert.equal(await page.getByTestId("contact-name").innerText(), firstName);
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("the contact pages in Russian", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-sleeping").click();
    await page.getByTestId("contact-table").waitFor();
    assert.match(await page.getByTestId("contact-count").innerText(), /показано из 5\u00a0000/);
    await screenshot(page, "root-contacts-sleeping-ru");
    await page.getByTestId("contact-row").first().click();
    await page.getByTestId("explanation").waitFor();
    assert.equal(await page.locator("h2").first().innerText(), "Почему эта стадия");
    await screenshot(page, "root-contact-ru");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
