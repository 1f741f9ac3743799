// The contact page: its explanation is plain words (no rule syntax) with the
// contact's own values in both languages, every stage of its timeline has a
// date, a deep link without data or with an unknown id says so, and an event
// is added with a date typed the way the app's language writes dates.
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

// What the rule language looks like; none of it may reach the page.
const RULE_SYNTAX = /field\.|window\.|>=|<=|==|!=|[=<>\[\]_]|\b(deals_won|active_windows|days_since|has_activity)\b/;
const EN_DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/;
const RU_DATE = /^\d\d\.\d\d\.\d{4}$/;

/** The texts of the timeline's dates, newest first. */
const timelineDates = (page) => page.getByTestId("timeline").locator("li time").allInnerTexts();

/** The contact's own fields as [label, value], in the order shown. */
const factsOf = (page) => page.locator("dl.facts dt.field-name").evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));

/** The kinds of the contact's events, as the events table shows them. */
const eventKinds = (page) => page.getByTestId("events").locator("tr td:nth-child(2)").allInnerTexts();

test("a demo contact's explanation is plain words with its own values, in English and Russian; every stage in its timeline has a date", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-loyal").click();
    await page.getByTestId("contact-table").waitFor();
    await page.getByTestId("contact-row").first().click();
    const explanation = page.getByTestId("explanation");
    await explanation.waitFor();

    // English: the matched stage says how many deals were won, which is what
    // the events table holds, and what the rule needs.
    const wins = (await eventKinds(page)).filter((k) => k === "won deal" || k === "purchase").length;
    const en = await explanation.innerText();
    assert.doesNotMatch(en, RULE_SYNTAX, en);
    assert.match(en, new RegExp(`\\b${wins} won deals — needs at least 4`), en);
    const windows = en.match(/active in (\d+) of the last 6 30-day periods — needs at least 3/);
    assert.ok(windows && Number(windows[1]) >= 3, en);
    assert.match(en, /last client activity [A-Z][a-z]{2} \d{1,2}, \d{4}, (today|1 day ago|\d+ days ago) — needs more than 365 days ago/, en);

    // The events table names its columns; the details show the contact's
    // own fields, which the rules read.
    assert.deepEqual(await page.getByTestId("events").locator("thead th").allTextContents(), ["Date", "Event", "Details"]);
    // named in words (the demo's fields are well known), yes/no in words.
    let fields = Object.fromEntries(await factsOf(page));
    assert.deepEqual(Object.keys(fields), ["Employees", "Matches the ICP", "Industry", "Region"]);
    assert.match(fields["Matches the ICP"], /^(Yes|No)$/);
    assert.match(fields.Employees, /^\d{1,3}(,\d{3})*$/);

    // Every entry of the timeline has a date; the oldest (the stage before
    // the first event) says since or until when.
    let dates = await timelineDates(page);
    assert.ok(dates.length >= 2, dates.join(" | "));
    for (const d of dates.slice(0, -1)) assert.match(d, EN_DATE);
    assert.match(dates.at(-1), /^(since|before) [A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    await screenshot(page, "root-contact-page-en");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-contact-page-en-dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Russian, after switching: the same values in Russian words.
    await page.getByTestId("lang-ru").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="explanation"] h2')?.textContent === "Почему эта стадия");
    const ru = await explanation.innerText();
    assert.doesNotMatch(ru, RULE_SYNTAX, ru);
    assert.match(ru, new RegExp(`выигранных сделок: ${wins} — нужно не меньше 4`), ru);
    assert.match(ru, new RegExp(`активность в ${windows[1]} из последних 6 периодов по 30 дней — нужно не меньше 3`), ru);
    assert.match(ru, /активность клиента в последний раз: \d\d\.\d\d\.\d{4}, (сегодня|\d+ (день|дня|дней) назад) — нужно больше 365 дн\. назад/, ru);
    // No English word is left but the stage verdicts' own.
    assert.doesNotMatch(ru, /\b(won|deals|needs|days|ago|last|client|activity|active|yes|no)\b/, ru);
    fields = Object.fromEntries(await factsOf(page));
    assert.deepEqual(Object.keys(fields), ["Число сотрудников", "Соответствует ICP", "Отрасль", "Регион"]);
    assert.match(fields["Соответствует ICP"], /^(Да|Нет)$/);
    assert.equal(await page.locator("section.card h2").nth(1).innerText(), "Сведения");
    dates = await timelineDates(page);
    for (const d of dates.slice(0, -1)) assert.match(d, RU_DATE);
    assert.match(dates.at(-1), /^(с|до) \d\d\.\d\d\.\d{4}$/);
    await screenshot(page, "root-contact-page-ru");
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot(page, "root-contact-page-ru-dark");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a contact's address with no data, or with an unknown id, says so and leads on", async () => {
  const site = SITES[1];
  const server = await startSite(site);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    // Nothing stored yet: a message in Russian with the way to the welcome.
    await page.goto(`${server.url}contacts/c42`);
    const empty = page.getByTestId("contact-no-data");
    await empty.waitFor();
    assert.match(await empty.innerText(), /Контактов пока нет[\s\S]*пока нет данных[\s\S]*Перейти на стартовую страницу[\s\S]*Импорт файла/);
    await screenshot(page, "subpath-contact-no-data-ru");
    await page.getByTestId("lang-en").click();
    assert.match(await empty.innerText(), /No contacts yet[\s\S]*no data in this browser yet[\s\S]*Go to the welcome page/);
    await screenshot(page, "subpath-contact-no-data-en");
    await page.getByTestId("to-welcome").click();
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-loyal").waitFor();

    // An id no contact has: named in the message, with the way to the list.
    await page.goto(`${server.url}contacts/nobody-here`);
    const missing = page.getByTestId("contact-missing");
    await missing.waitFor();
    assert.match(await missing.innerText(), /Page not found[\s\S]*no contact with the id “nobody-here”[\s\S]*All contacts/);
    await page.getByTestId("lang-ru").click();
    assert.match(await missing.innerText(), /Страница не найдена[\s\S]*Контакта с id «nobody-here» нет/);
    await screenshot(page, "subpath-contact-unknown-ru");
    await page.getByTestId("to-contacts").click();
    await page.getByTestId("contact-table").waitFor();
    assert.equal(new URL(page.url()).pathname, `${site.prefix}contacts`);
    // The deep links go through the host's 404 page, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("an event's date is typed as the app's language writes dates; a bad one is refused with its reason", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("tile-sleeping").click();
    await page.getByTestId("contact-table").waitFor();
    await page.getByTestId("contact-row").first().click();
    const stage = page.getByTestId("contact-stage");
    await stage.waitFor();
    const sleeping = await stage.innerText();
    const events = await page.getByTestId("events").locator("tbody tr").count();

    // The field shows today as Russian writes it, whatever the browser's locale.
    const date = page.getByTestId("event-date");
    assert.equal(await date.getAttribute("type"), "text");
    const today = await date.inputValue();
    assert.match(today, RU_DATE);
    assert.equal(await date.getAttribute("placeholder"), "ДД.ММ.ГГГГ");

    // Not a date, and a day that does not exist: refused, nothing stored.
    await page.getByTestId("event-kind").selectOption("deal_won");
    await date.fill("32.13.2026");
    await page.getByTestId("event-add").click();
    const error = page.getByTestId("event-error");
    assert.equal(await error.innerText(), "«32.13.2026» — не дата. Напишите день, месяц и год, например 25.11.2026.");
    await date.fill("30.02.2026");
    await page.getByTestId("event-add").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="event-error"]')?.textContent.includes("Такого дня нет"));
    assert.match(await error.innerText(), /Такого дня нет: «30\.02\.2026»/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "root-contact-bad-date-ru");
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), events);
    assert.equal(await stage.innerText(), sleeping);

    // Today typed the Russian way: the won deal wakes the contact at once.
    await date.fill(today);
    await page.getByTestId("event-add").click();
    await page.getByTestId("event-added").waitFor();
    assert.notEqual(await stage.innerText(), sleeping);
    assert.equal(await page.getByTestId("events").locator("tbody tr").count(), events + 1);
    assert.match(await page.getByTestId("events").locator("tbody tr").first().innerText(), new RegExp(`^${today.replaceAll(".", "\\.")}\\s+выигранная сделка`));
    assert.equal((await timelineDates(page))[0], today, "the new stage is dated the day typed");

    // A form half filled in when the language switches (the page is drawn
    // again in English): what was typed stays, and the date is rewritten the
    // English way.
    await page.getByTestId("event-kind").selectOption("call");
    await page.getByTestId("event-note").fill("half typed");
    await page.getByTestId("lang-en").click();
    await page.waitForFunction(() => /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/.test(document.querySelector('[data-testid="event-date"]').value));
    assert.equal(await date.getAttribute("placeholder"), "Mon D, YYYY");
    assert.equal(await page.getByTestId("event-note").inputValue(), "half typed");
    assert.equal(await page.getByTestId("event-kind").inputValue(), "call");
    // Another contact's page starts a new form.
    await page.goBack();
    await page.getByTestId("contact-row").nth(1).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="event-note"]')?.value === "");
    assert.equal(await page.getByTestId("event-kind").inputValue(), "deal_won");
    assert.match(await date.inputValue(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The contact's own fields: well-known ones named in the page's language,
// any other as its column was headed; yes/no, numbers and dates written the
// language's way, following a switch.
test("a contact's own fields are named and written in the page's language", async () => {
  const server = await startSite(SITES[1]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("welcome-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "fields.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,name,employees,icp,Annual Budget,industry,founded\nf1,Fiona Field,12500,yes,1250000.5,Retail,2019-05-04\nf2,Gus Grant,40,no,900,Retail,2020-01-31\n"),
    });
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("to-check").click();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    await page.goto(`${server.url}contacts/f1`);
    await page.getByTestId("contact-name").waitFor();
    const facts = () =>
      page.locator("dl.facts dt.field-name").evaluateAll((dts) =>
        dts.map((dt) => [dt.dataset.field, dt.textContent, dt.nextElementSibling.textContent]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      );
    assert.deepEqual(await facts(), [
      ["annual_budget", "Annual budget", "1,250,000.5"],
      ["employees", "Employees", "12,500"],
      ["founded", "Founded", "May 4, 2019"],
      ["icp", "Matches the ICP", "Yes"],
      ["industry", "Industry", "Retail"],
    ]);
    await page.getByTestId("lang-ru").click();
    await page.waitForFunction(() => document.querySelector('dt[data-field="icp"]')?.textContent === "Соответствует ICP");
    assert.deepEqual(await facts(), [
      ["annual_budget", "Annual budget", "1\u00a0250\u00a0000,5"],
      ["employees", "Число сотрудников", "12\u00a0500"],
      ["founded", "Founded", "04.05.2019"],
      ["icp", "Соответствует ICP", "Да"],
      ["industry", "Отрасль", "Retail"],
    ]);
    await page.goto(`${server.url}contacts/f2`);
    await page.getByTestId("contact-name").waitFor();
    assert.equal(await page.locator('dt[data-field="icp"] + dd').innerText(), "Нет");
    // The Russian explanation names the field as the details do, not by its key.
    const qualified = page.locator("ol.checks > li.check").filter({ hasText: /^\s*Квалифицирован/ });
    assert.match(await qualified.innerText(), /Соответствует ICP: нет — нужно «да»/);
    assert.doesNotMatch(await qualified.innerText(), /поле «icp»/);
    // A contact without events says so instead of an empty table.
    assert.equal(await page.getByTestId("events-none").innerText(), "Событий пока нет — добавьте первое выше.");
    assert.equal(await page.getByTestId("events").isVisible(), false);
    await screenshot(page, "subpath-contact-fields-ru");
    // The deep links go through the host's 404 page, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});
