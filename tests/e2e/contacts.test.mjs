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
/** The first count of "Showing 994 of 5,000 contacts" ("Показано 994 из 5 000 контактов"). */
const shownOf = (text) => number(text.match(/\d[\d,\u00a0]*/)[0]);

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
      assert.match(count, /^Showing [\d,]+ of 5,000 contacts$/);
      assert.equal(shownOf(count), loyal, count);
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
      assert.ok((await page.getByTestId("events").locator("tbody tr").count()) >= 4);
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
    // The count reads as Russian puts it: the verb first, the noun agreeing
    // with the total after «из».
    const count = await page.getByTestId("contact-count").innerText();
    assert.match(count, /^Показан[о]? [\d\u00a0]+ из 5\u00a0000 контактов$/, count);
    assert.ok(shownOf(count) > 0, count);
    await screenshot(page, "root-contacts-sleeping-ru");
    // Excel with Russian regional settings splits on `;`: the Russian export
    // for Excel uses it, the stage names in Russian.
    const [excel] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-excel").click()]);
    const lines = readFileSync(await excel.path(), "utf8").trimEnd().split("\r\n");
    assert.ok(lines[0].startsWith("\ufeffid;name;company;"), lines[0]);
    assert.ok(lines[0].endsWith(";stage;stage_name;explanation"), lines[0]);
    assert.ok(lines.length > 1 && lines.slice(1).every((l) => l.includes(";sleeping;Спящий;")), lines[1]);
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
    const events = await page.getByTestId("events").locator("tbody tr").count();

    // A review needs a rating 1-5: a 7 is refused, nothing is stored.
    await page.getByTestId("event-kind").selectOption("review");
    await page.getByTestId("event-score").fill("7");
    await page.getByTestId("event-add").click();
    assert.match(await page.getByTestId("event-error").innerText(), /1–5/);
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), events);

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
    const first = page.getByTestId("events").locator("tbody tr").first();
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
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), events + 1);
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
    assert.equal(shownOf(await page.getByTestId("contact-count").innerText()), loyal);
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

    // Owner and tag live in the address too: both chosen on the dashboard,
    // the address alone opens the same segment, and a tile's list (and its
    // export) holds only contacts of that owner with that tag.
    await page.goto(server.url);
    await page.getByTestId("stage-tiles").waitFor();
    const owner = await page.getByTestId("filter-owner").locator("option").nth(1).getAttribute("value");
    await page.getByTestId("filter-owner").selectOption(owner);
    await page.waitForURL((url) => url.searchParams.get("owner") === owner);
    const tag = await page.getByTestId("filter-tag").locator("option").nth(1).getAttribute("value");
    await page.getByTestId("filter-tag").selectOption(tag);
    await page.waitForURL((url) => url.searchParams.get("owner") === owner && url.searchParams.get("tag") === tag);
    await page.waitForFunction((all) => !document.querySelector('[data-testid="base-summary"]').innerText.startsWith(all), "5,000");
    const segment = await summaryCount();
    assert.ok(segment > 0 && segment < all, `${segment} contacts of ${owner} tagged ${tag}`);
    await page.goto(page.url());
    await page.getByTestId("stage-tiles").waitFor();
    assert.equal(await page.getByTestId("filter-owner").inputValue(), owner);
    assert.equal(await page.getByTestId("filter-tag").inputValue(), tag);
    assert.equal(await summaryCount(), segment);
    let biggest = null;
    for (const t of await page.locator('[data-testid^="tile-"]').all()) {
      const n = number(await t.getByTestId("count").innerText());
      if (!biggest || n > biggest.n) biggest = { t, n };
    }
    await biggest.t.click();
    await page.getByTestId("contact-table").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("owner"), owner);
    assert.equal(new URL(page.url()).searchParams.get("tag"), tag);
    assert.equal(shownOf(await page.getByTestId("contact-count").innerText()), biggest.n);
    const [segmentJson] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-json").click()]);
    const segmentRows = JSON.parse(readFileSync(await segmentJson.path(), "utf8"));
    assert.equal(segmentRows.length, biggest.n);
    assert.ok(segmentRows.every((r) => r.owner === owner && r.tags.includes(tag)), "only the segment's contacts");
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

/** The rendered rows of the list, in their order, with what each column shows. */
const visibleRows = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="contact-row"]')]
      .map((row) => {
        const cells = [...row.querySelectorAll('[role="cell"]')];
        const number = (cell) => Number(cell.textContent.replace(/[^0-9-]/g, ""));
        return {
          index: Number(row.getAttribute("aria-rowindex")),
          name: row.querySelector("strong").textContent,
          stage: cells[1].textContent.trim(),
          last: cells[2].querySelector("time")?.getAttribute("datetime") ?? "",
          deals: number(cells[3]),
          revenue: number(cells[4]),
          source: cells[5].textContent,
          owner: cells[6].textContent,
        };
      })
      .sort((a, b) => a.index - b.index),
  );

/** Code-point order of lower-cased texts, as the engine sorts them. */
const textCmp = (a, b) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

test("every column sorts both ways, by click or key, and the order lives in the address", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.goto(server.url + "contacts");
    await page.getByTestId("contact-row").first().waitFor();
    // The stages in the model's order, as the stage filter lists them.
    const stageOrder = (await page.getByTestId("stage-filter").locator("option").allInnerTexts()).slice(1);
    const primary = {
      name: (a, b) => textCmp(a.name, b.name),
      stage: (a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage),
      // No activity ("") is the oldest; ISO dates compare as text.
      last: (a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : 0),
      deals: (a, b) => a.deals - b.deals,
      revenue: (a, b) => a.revenue - b.revenue,
      source: (a, b) => textCmp(a.source, b.source),
      owner: (a, b) => textCmp(a.owner, b.owner),
    };
    const first = { name: "ascending", stage: "ascending", last: "descending", deals: "descending", revenue: "descending", source: "ascending", owner: "ascending" };
    const table = page.getByTestId("contact-table");
    const total = Number(await table.getAttribute("aria-rowcount")) - 1;
    assert.equal(total, 5000);
    const header = (column) => page.getByRole("columnheader").filter({ has: page.getByTestId(`sort-${column}`) });

    // The rows at the top and at the bottom of the list are in order: each
    // row's value against the next's, ties by name (A to Z).
    const checkOrder = async (column, dir) => {
      const sign = dir === "ascending" ? 1 : -1;
      const viewport = page.locator(".viewport");
      for (const where of ["top", "bottom"]) {
        await viewport.evaluate((v, where) => (v.scrollTop = where === "top" ? 0 : v.scrollHeight), where);
        if (where === "bottom") await page.waitForFunction((n) => document.querySelector(`[data-testid="contact-row"][aria-rowindex="${n}"]`), total + 1);
        else await page.waitForFunction(() => document.querySelector('[data-testid="contact-row"][aria-rowindex="2"]'));
        const rows = await visibleRows(page);
        assert.ok(rows.length > 10, `${column} ${dir} ${where}: ${rows.length} rows`);
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1], rows[i]];
          assert.equal(b.index, a.index + 1);
          const c = sign * primary[column](a, b);
          assert.ok(c <= 0, `${column} ${dir} ${where}: ${JSON.stringify(a)} before ${JSON.stringify(b)}`);
          // Revenue shows rounded: equal figures may differ in cents.
          if (c === 0 && column !== "name" && column !== "revenue") {
            assert.ok(textCmp(a.name, b.name) <= 0, `${column} ${dir} ${where}, a tie by name: ${a.name} before ${b.name}`);
          }
        }
      }
      await viewport.evaluate((v) => (v.scrollTop = 0));
    };

    for (const column of Object.keys(primary)) {
      const button = page.getByTestId(`sort-${column}`);
      // A column's first click gives its first direction, the next turns it
      // round; the list opens sorted by name (A to Z), so a click on the name
      // turns that round.
      const dirs = [first[column], first[column] === "ascending" ? "descending" : "ascending"];
      if (column === "name") {
        assert.equal(await header("name").getAttribute("aria-sort"), "ascending");
        dirs.reverse();
      }
      for (const dir of dirs) {
        await button.click();
        const short = dir === "ascending" ? "asc" : "desc";
        await page.waitForURL((url) => url.searchParams.get("sort") === column && url.searchParams.get("dir") === short);
        assert.equal(await header(column).getAttribute("aria-sort"), dir);
        // Only the sorted column says so.
        assert.equal(await page.locator('[role="columnheader"][aria-sort]').count(), 1);
        await checkOrder(column, dir);
      }
    }
    // The address gives the same list back: its first ten rows.
    const topNames = async () => {
      await page.waitForFunction(() => document.querySelector('[data-testid="contact-row"][aria-rowindex="2"]'));
      return (await visibleRows(page)).filter((r) => r.index < 12).map((r) => r.name);
    };
    const url = page.url();
    const names = await topNames();
    await page.goto(server.url);
    await page.goto(url);
    assert.equal(await header("owner").getAttribute("aria-sort"), "descending");
    assert.deepEqual(await topNames(), names);
    await page.goto(server.url + "contacts?sort=revenue&dir=asc");
    await page.getByTestId("contact-row").first().waitFor();
    assert.equal(await header("revenue").getAttribute("aria-sort"), "ascending");
    await checkOrder("revenue", "ascending");

    // By keyboard: Enter and Space on a sort button turn the order round, and
    // Tab goes on from the headers to the first row's link.
    await page.getByTestId("sort-owner").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.searchParams.get("sort") === "owner" && u.searchParams.get("dir") === "asc");
    await page.keyboard.press("Space");
    await page.waitForURL((u) => u.searchParams.get("sort") === "owner" && u.searchParams.get("dir") === "desc");
    assert.equal(await header("owner").getAttribute("aria-sort"), "descending");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => ({
      tag: document.activeElement.tagName,
      row: document.activeElement.closest('[role="row"]')?.getAttribute("aria-rowindex"),
      name: document.activeElement.textContent,
    }));
    assert.deepEqual(focused, { tag: "A", row: "2", name: (await visibleRows(page))[0].name });
    await page.keyboard.press("Enter");
    await page.getByTestId("contact-name").waitFor();
    assert.equal(await page.getByTestId("contact-name").innerText(), focused.name);
    // Deep links are answered by 404.html with status 404, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

/** The cells of an RFC 4180 text: quoted cells, doubled quotes, CRLF lines. */
function parseCsv(text, delimiter = ",") {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

test("each export of a filtered list holds exactly its rows, in its profile's format, with awkward names intact", async () => {
  // Names with quotes, semicolons, commas, line breaks, formulas and markup.
  const NAMES = [
    `O"Brien; Ltd`,
    `Semi;colon, and comma`,
    `<img src=x onerror="window.__xss=1">`,
    `=HYPERLINK("http://evil.example","click")`,
    `+7 (900) 000-00-00`,
    `-minus`,
    `@at`,
    `'quoted'`,
    `Line\nbreak`,
    `Ёлка «кавычки»`,
    `  spaced  `,
  ];
  const cell = (s) => `"${s.replaceAll('"', '""')}"`;
  const lines = ["id,name,company,source,owner,created"];
  NAMES.forEach((name, i) => lines.push([`k${i}`, name, `Co ${i}`, "kept", "Анна", `2024-03-${String(i + 1).padStart(2, "0")}`].map(cell).join(",")));
  for (let i = 0; i < 9; i++) lines.push([`o${i}`, `Other ${i}`, "", "dropped", "Boris", "2024-01-01"].map(cell).join(","));
  const server = await startSite(SITES[1]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("welcome-import").click();
    await page.getByTestId("import-file").setInputFiles({ name: "awkward.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\r\n") + "\r\n") });
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("to-check").click();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();

    // The list filtered by source, sorted by name descending.
    await page.goto(server.url + "contacts?source=kept&sort=name&dir=desc");
    await page.getByTestId("contact-row").first().waitFor();
    const shown = shownOf(await page.getByTestId("contact-count").innerText());
    assert.equal(shown, NAMES.length);
    const order = (await visibleRows(page)).map((r) => r.name);
    assert.equal(order.length, NAMES.length);
    await screenshot(page, "subpath-contacts-awkward-en");

    const download = async (id) => {
      const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(id).click()]);
      assert.equal(await page.getByTestId("export-progress").count(), 0, "the progress bar is gone once done");
      return readFileSync(await file.path());
    };
    const header = ["id", "name", "company", "email", "phone", "source", "owner", "tags", "created", "stage", "stage_name", "explanation"];
    const expect = (rows, undo) => {
      assert.deepEqual(rows[0], header);
      const body = rows.slice(1);
      assert.equal(body.length, NAMES.length, "one line per row shown");
      // In the order shown, every name exactly as written.
      assert.deepEqual(body.map((r) => undo(r[1])), order);
      assert.deepEqual(body.map((r) => r[1]).map(undo).sort(), [...NAMES].sort());
      for (const r of body) {
        const i = Number(r[0].slice(1));
        assert.equal(r[5], "kept");
        assert.equal(r[6], "Анна");
        assert.equal(r[8], `2024-03-${String(i + 1).padStart(2, "0")}`, "ISO dates");
        assert.ok(r[9] && r[10] && r[11], `stage, its name and why: ${r.slice(9)}`);
      }
    };

    // Excel: UTF-8 with a byte-order mark, `,`, formulas neutralized by a
    // leading apostrophe (also on a cell that starts with one), which the
    // import takes off again.
    const excel = await download("export-excel");
    assert.deepEqual([...excel.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const excelText = excel.toString("utf8").slice(1);
    const excelRows = parseCsv(excelText);
    const unApostrophe = (s) => (s.startsWith("'") ? s.slice(1) : s);
    expect(excelRows, unApostrophe);
    const names = excelRows.slice(1).map((r) => r[1]);
    assert.ok(names.includes(`'=HYPERLINK("http://evil.example","click")`));
    assert.ok(names.includes(`'+7 (900) 000-00-00`) && names.includes(`'-minus`) && names.includes(`'@at`) && names.includes(`''quoted'`));
    assert.ok(excelText.includes(`"O""Brien; Ltd"`), "a quote is doubled inside a quoted cell");

    // Data: plain RFC 4180, no mark, every cell as it is.
    const data = await download("export-data");
    assert.notEqual(data[0], 0xef);
    const dataText = data.toString("utf8");
    expect(parseCsv(dataText), (s) => s);
    assert.ok(dataText.includes(`\r\nk3,"=HYPERLINK(""http://evil.example"",""click"")",`), "formulas stay as written");

    // JSON: the canonical form, names as strings.
    const json = JSON.parse((await download("export-json")).toString("utf8"));
    assert.equal(json.length, NAMES.length);
    assert.deepEqual(json.map((r) => r.name), order);
    assert.ok(json.every((r) => r.source === "kept" && r.owner === "Анна" && /^2024-03-\d\d$/.test(r.created) && r.extra.stage));
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});
