// The contact list and the contact page: a dashboard tile leads to its
// contacts, search narrows the list, a contact explains its stage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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
    // The explanation speaks Russian too, in plain words: dates as 02.03.2025.
    const why = await page.getByTestId("explanation").innerText();
    assert.match(why, /активность клиента в последний раз: \d\d\.\d\d\.\d{4}, \d+ (день|дня|дней) назад — нужно больше 180 дн\. назад/);
    assert.doesNotMatch(why, /days ago|client activity/);
    await screenshot(page, "root-contact-ru");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-contact-ru-dark");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("adding an event by hand moves a sleeping contact at once, and the event is stored", async () => {
  const server = await startSite(SITES[1]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-sleeping").click();
    await page.getByTestId("contact-table").waitFor();
    await page.getByTestId("contact-row").first().click();
    const stage = page.getByTestId("contact-stage");
    await stage.waitFor();
    assert.equal(await stage.innerText(), "Sleeping");
    const steps = await page.getByTestId("timeline").locator("li").count();
    const events = await page.getByTestId("events").locator("tr").count();

    // A review needs a rating 1-5: a 7 is refused, nothing is stored.
    await page.getByTestId("event-kind").selectOption("review");
    await page.getByTestId("event-score").fill("7");
    await page.getByTestId("event-add").click();
    assert.match(await page.getByTestId("event-error").innerText(), /1–5/);
    assert.equal(await page.getByTestId("events").locator("tr").count(), events);

    // A won deal today: the contact is active again, with one more deal.
    await page.getByTestId("event-kind").selectOption("deal_won");
    await page.getByTestId("event-amount").fill("1 500,50");
    await page.getByTestId("event-note").fill("<img src=x onerror=alert(1)> renewal");
    await page.getByTestId("event-add").click();
    await page.getByTestId("event-added").waitFor();
    assert.notEqual(await stage.innerText(), "Sleeping");
    const moved = await stage.innerText();
    assert.ok(["New", "Developing", "Loyal"].includes(moved), moved);
    assert.equal(await page.getByTestId("timeline").locator("li").count(), steps + 1);
    const first = page.getByTestId("events").locator("tr").first();
    assert.match(await first.innerText(), /won deal[\s\S]*1,500\.5[\s\S]*<img src=x onerror=alert\(1\)> renewal/);
    assert.equal(await page.locator("img[src=x]").count(), 0, "the note stays text");
    await screenshot(page, "subpath-contact-event-added-en");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "subpath-contact-event-added-en-dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Stored: a reload reads it back from the browser database.
    await page.reload();
    await stage.waitFor();
    assert.equal(await stage.innerText(), moved);
    assert.equal(await page.getByTestId("events").locator("tr").count(), events + 1);
    // The reload of a deep link goes through the host's 404 page, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("segment filters live in the address and carry from the dashboard to the list, which exports what it shows", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-loyal").waitFor();
    const summaryCount = async () => number((await page.getByTestId("base-summary").innerText()).split(" ")[0]);
    const all = await summaryCount();
    assert.equal(all, 5000);

    // The most common source first, with its count.
    const option = page.getByTestId("filter-source").locator("option").nth(1);
    const source = await option.getAttribute("value");
    const sourceCount = number((await option.innerText()).replace(source, ""));
    await page.getByTestId("filter-source").selectOption(source);
    await page.waitForURL((url) => url.searchParams.get("source") === source);
    await page.getByTestId("period-30").click();
    await page.waitForURL((url) => url.searchParams.get("period") === "30" && url.searchParams.get("source") === source);
    assert.equal(await summaryCount(), sourceCount);
    assert.ok(sourceCount > 0 && sourceCount < all);
    let tiles = 0;
    for (const count of await page.locator('[data-testid^="tile-"] [data-testid="count"]').allInnerTexts()) tiles += number(count);
    assert.equal(tiles, sourceCount, "the tiles count the segment only");
    await screenshot(page, "root-dashboard-segment-en");

    // A tile keeps the segment: its list has exactly the tile's count.
    const loyal = number(await page.getByTestId("tile-loyal").getByTestId("count").innerText());
    await page.getByTestId("tile-loyal").click();
    await page.getByTestId("contact-table").waitFor();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("source"), source);
    assert.equal(url.searchParams.get("stage"), "loyal");
    assert.equal(number((await page.getByTestId("contact-count").innerText()).split(" ")[0]), loyal);
    assert.equal(await page.getByTestId("filter-source").inputValue(), source);

    // The export holds the rows shown, with their stage and why, neutralized for Excel.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-excel").click()]);
    const csv = readFileSync(await download.path(), "utf8");
    assert.ok(csv.startsWith("\ufeffid,name,"), "UTF-8 with a byte-order mark");
    const lines = csv.trimEnd().split("\r\n");
    assert.ok(lines[0].endsWith(",stage,stage_name,explanation"), lines[0]);
    assert.equal(lines.length - 1, loyal);
    assert.ok(lines.slice(1).every((l) => l.includes(",loyal,Loyal,")), "every row is loyal");
    const [json] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
    const rows = JSON.parse(readFileSync(await json.path(), "utf8"));
    assert.equal(rows.length, loyal);
    assert.ok(rows.every((r) => r.source === source && r.extra.stage === "loyal" && r.extra.explanation.includes("won deals — needs at least 4")));
    await screenshot(page, "root-contacts-segment-en");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("the stage column fits the longest stage name in English and Russian", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    // Every badge of the list is whole: none is wider than its cell.
    const clipped = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=contact-row] .badge")]
          .filter((badge) => badge.getBoundingClientRect().right > badge.parentElement.getBoundingClientRect().right + 0.5)
          .map((badge) => badge.textContent),
      );
    for (const [lang, longest] of [["ru", "Неквалифицирован"], ["en", "Unqualified"]]) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.goto(server.url + "contacts?stage=unqualified");
      await page.getByTestId("contact-row").first().waitFor();
      assert.equal(await page.getByTestId("contact-row").first().locator(".badge").innerText(), longest);
      assert.deepEqual(await clipped(), []);
      await page.goto(server.url + "contacts");
      await page.getByTestId("contact-row").first().waitFor();
      assert.deepEqual(await clipped(), []);
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(server.url + "contacts?stage=unqualified");
        await page.getByTestId("contact-row").first().waitFor();
        assert.deepEqual(await clipped(), []);
        await screenshot(page, `root-contacts-stages-${lang}-${scheme}`);
      }
    }
    // Deep links are answered by 404.html with status 404, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});
