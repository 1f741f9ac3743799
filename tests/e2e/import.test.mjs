// The import wizard: CRM exports in, through preview, columns and check, into
// the stored base; files with errors cannot be applied without consent, and
// cancelling leaves the stored data as it was.
//
// The expected stages are those of the native test
// crates/lifecycle-io/tests/it/wizard.rs (russian_crm_exports_end_in_the_expected_stages),
// which classifies the same two fixtures with the b2b model on the same day.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SITES, launchBrowser, startSite, openPage, screenshot } from "./harness.mjs";

const FIXTURES = join(ROOT, "tests", "fixtures", "import");
const fixture = (name) => join(FIXTURES, name);
/** The day the stages are computed on (the deals are of late 2025). */
const TODAY = new Date("2026-01-15T10:00:00");

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const number = (text) => Number(text.replace(/[^0-9]/g, ""));
const stat = async (page, id) => number(await page.getByTestId(`report-${id}`).locator(".stat-value").innerText());

/** Uploads `file` through the file input and waits for the preview. */
async function upload(page, file) {
  await page.getByTestId("import-file").setInputFiles(file);
  await page.getByTestId("preview-table").waitFor();
}

/** From the preview through the columns to the finished check. */
async function check(page) {
  await page.getByTestId("to-mapping").click();
  await page.getByTestId("mapping-table").waitFor();
  await page.getByTestId("to-check").click();
  await page.getByTestId("check-report").waitFor();
}

for (const site of SITES) {
  test(`${site.name}: a Russian CRM's Windows-1251 exports with ';' end in the expected stages`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
    await page.clock.setFixedTime(TODAY);
    try {
      await page.goto(server.url);
      await page.getByTestId("welcome").waitFor();
      await page.getByTestId("welcome-import").click();
      await page.getByTestId("import-drop").waitFor();
      assert.equal(new URL(page.url()).pathname, `${site.prefix}import`);
      assert.equal(await page.locator("h1").innerText(), "Импорт файла");

      // amoCRM contacts: detection, preview and the suggested columns.
      await upload(page, fixture("amocrm_contacts_cp1251.csv"));
      assert.match(await page.getByTestId("detected-encoding").innerText(), /^определено: Windows-1251$/);
      assert.match(await page.getByTestId("detected-delimiter").innerText(), /^определено: Точка с запятой ;$/);
      assert.equal(await page.getByTestId("import-encoding").inputValue(), "windows1251");
      assert.equal(await page.getByTestId("import-delimiter").inputValue(), ";");
      assert.equal(await page.getByTestId("import-kind").inputValue(), "contacts");
      assert.equal(await page.getByTestId("preview-table").locator("tbody tr").count(), 6);
      assert.match(await page.getByTestId("preview-table").innerText(), /ООО «Альфа»/, "decoded from Windows-1251");
      await page.getByTestId("to-mapping").click();
      assert.equal(await page.getByTestId("mapping-row").count(), 12);
      const targets = [];
      for (let i = 0; i < 12; i++) targets.push(await page.getByTestId(`target-${i}`).inputValue());
      assert.deepEqual(targets, [
        "id", "name", "company", "phone", "email", "owner", "created", "source", "tags", "custom", "custom", "custom",
      ]);
      assert.equal(await page.getByTestId("type-10").inputValue(), "number");
      assert.equal(await page.getByTestId("type-11").inputValue(), "bool");

      // The check accounts for every row: 6 = 3 + 0 + 1 + 2.
      await page.getByTestId("to-check").click();
      await page.getByTestId("check-report").waitFor();
      assert.deepEqual(
        [await stat(page, "read"), await stat(page, "added"), await stat(page, "updated"), await stat(page, "skipped"), await stat(page, "errors")],
        [6, 3, 0, 1, 2],
      );
      assert.match(await page.getByTestId("report-balance").innerText(), /6 = 3 \+ 0 \+ 1 \+ 2: учтена каждая строка/);
      const errors = await page.getByTestId("error-row").allInnerTexts();
      assert.equal(errors.length, 2);
      assert.match(errors[0], /^5\t/);
      assert.match(errors[1], /^6\tДата создания\t31\.13\.2025\t/);
      assert.match(await page.getByTestId("skipped-row").innerText(), /^7\tid «1001» уже есть в строке 2$/);
      // Rows with errors are left out only with consent.
      assert.equal(await page.getByTestId("confirm-import").isDisabled(), true);
      await page.getByTestId("must-accept").waitFor();
      await page.getByTestId("accept-errors").check();
      await page.getByTestId("confirm-import").click();
      await page.getByTestId("import-done").waitFor();
      assert.match(await page.getByTestId("done-total").innerText(), /\b3 контакта/);
      assert.match(await page.getByTestId("applied").innerText(), /Добавлено контактов: 3/);

      await page.getByTestId("done-dashboard").click();
      await page.getByTestId("stage-tiles").waitFor();
      assert.match(await page.getByTestId("base-summary").innerText(), /^3 контакта/);
      assert.equal(number(await page.getByTestId("tile-unqualified").getByTestId("count").innerText()), 3);

      // Bitrix24 deals into that base: statuses mapped, won and lost deals become events.
      await page.getByTestId("nav-import").click();
      await upload(page, fixture("bitrix_deals_cp1251.csv"));
      assert.match(await page.getByTestId("detected-encoding").innerText(), /Windows-1251/);
      assert.match(await page.getByTestId("detected-delimiter").innerText(), /;/);
      assert.equal(await page.getByTestId("import-kind").inputValue(), "deals");
      await page.getByTestId("to-mapping").click();
      const statuses = page.getByTestId("status-row");
      assert.equal(await statuses.count(), 3);
      const meanings = [];
      for (const row of await statuses.all()) meanings.push([(await row.locator("td").first().innerText()).trim(), await row.locator("select").inputValue()]);
      assert.deepEqual(meanings, [
        ["Успешно реализовано", "won"],
        ["Закрыто и не реализовано", "lost"],
        ["Переговоры", "open"],
      ]);
      await page.getByTestId("to-check").click();
      await page.getByTestId("check-report").waitFor();
      assert.deepEqual(
        [await stat(page, "read"), await stat(page, "added"), await stat(page, "skipped"), await stat(page, "errors")],
        [6, 3, 1, 2],
      );
      assert.match(await page.getByTestId("skipped-row").innerText(), /сделка ещё открыта \(статус «Переговоры»\)/);
      await page.getByTestId("accept-errors").check();
      await page.getByTestId("confirm-import").click();
      await page.getByTestId("import-done").waitFor();
      assert.match(await page.getByTestId("applied").innerText(), /Добавлено контактов: 1[\s\S]*Добавлено событий: 3/);

      await page.getByTestId("done-dashboard").click();
      await page.getByTestId("stage-tiles").waitFor();
      assert.match(await page.getByTestId("base-summary").innerText(), /^4 контакта/);
      const count = async (id) => number(await page.getByTestId(`tile-${id}`).getByTestId("count").innerText());
      assert.equal(await count("new"), 2, "ООО «Альфа» and ООО «Новый клиент» won one deal each");
      assert.equal(await count("unqualified"), 2, "АО «Вектор» lost its deal; ИП Ёлкин has none");
      // Nobody of the four is a customer going quiet: the empty list says so.
      assert.equal(await page.getByTestId("risk-empty").innerText(), "Сейчас никто не в зоне риска.");
      await screenshot(page, `${site.name}-import-dashboard-ru`);

      // The contact list shows the same stages, and the data survives a reload.
      await page.getByTestId("tile-new").click();
      await page.getByTestId("contact-table").waitFor();
      const companies = await page.getByTestId("contact-row").locator("small").allInnerTexts();
      assert.deepEqual(companies.map((n) => n.trim()).sort(), ["ООО «Альфа»", "ООО «Новый клиент»"]);
      assert.deepEqual(await page.getByTestId("contact-row").locator(".badge").allInnerTexts(), ["Новый", "Новый"]);
      await page.reload();
      await page.getByTestId("contact-table").waitFor();
      assert.equal(await page.getByTestId("contact-row").count(), 2);
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test(`${site.name}: a file with an error row cannot be applied, and cancelling leaves the stored data as it was`, async () => {
    const server = await startSite(site);
    const { context, page, problems } = await openPage(browser, { colorScheme: "dark" });
    try {
      await page.goto(server.url);
      await page.getByTestId("load-demo").click();
      await page.getByTestId("stage-tiles").waitFor();
      assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/);

      // Dropped on the drop zone rather than picked.
      await page.getByTestId("nav-import").click();
      const text = readFileSync(fixture("unterminated_quote_row57.csv"), "utf8");
      const data = await page.evaluateHandle((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "unterminated_quote_row57.csv", { type: "text/csv" }));
        return data;
      }, text);
      await page.getByTestId("import-drop").dispatchEvent("drop", { dataTransfer: data });
      await page.getByTestId("preview-table").waitFor();
      assert.equal(await page.getByTestId("import-file-name").innerText(), "unterminated_quote_row57.csv");
      assert.match(await page.getByTestId("detected-encoding").innerText(), /^detected: UTF-8$/);
      assert.match(await page.getByTestId("detected-delimiter").innerText(), /^detected: Comma ,$/);
      await check(page);
      assert.equal(await stat(page, "read"), 69);
      assert.equal(await stat(page, "errors"), 1);
      const error = await page.getByTestId("error-row").innerText();
      assert.match(error, /^57\tname\t"Broken quote\trow 57, column 2 \(line 57\): a quoted cell is opened but never closed/);
      assert.equal(await page.getByTestId("confirm-import").isDisabled(), true, "cannot be applied as it is");
      await page.getByTestId("must-accept").waitFor();
      await screenshot(page, `${site.name}-import-error-row-en-dark`);
      await page.getByTestId("cancel-import").click();
      await page.getByTestId("import-drop").waitFor();

      // A large file: the check runs in steps with a progress bar, and can be cancelled.
      const rows = ["id,name,company,email"];
      for (let i = 1; i <= 300_000; i++) rows.push(`${i},Name ${i},Company ${i},c${i}@example.com`);
      await page.getByTestId("import-file").setInputFiles({
        name: "large.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(rows.join("\n")),
      });
      await page.getByTestId("preview-table").waitFor();
      await page.getByTestId("to-mapping").click();
      // The check first reads the base the file goes into (its 5,000
      // contacts), then checks the rows: each phase with its own bar.
      await page.evaluate(() => {
        window.__phases = [];
        new MutationObserver(() => {
          const phase = document.querySelector("[data-testid=check-phase]")?.textContent;
          const max = document.querySelector("[data-testid=check-progress] [role=progressbar]")?.getAttribute("aria-valuemax");
          const text = document.querySelector("[data-testid=check-progress-text]")?.textContent;
          if (phase && window.__phases.at(-1)?.[0] !== phase) window.__phases.push([phase, max, text]);
        }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      });
      await page.getByTestId("to-check").click();
      const progress = page.getByTestId("check-progress");
      await page.getByTestId("check-phase").filter({ hasText: "Checking rows" }).waitFor();
      assert.equal(await progress.locator("[role=progressbar]").getAttribute("aria-valuemax"), "300000");
      const phases = await page.evaluate(() => window.__phases);
      assert.deepEqual(phases.slice(0, 2).map(([phase, max]) => [phase, max]), [["Reading the base…", "5000"], ["Checking rows…", "300000"]]);
      assert.equal(phases[0][2], "0 of 5,000 contacts of the base");
      await page.screenshot({ path: `${ROOT}/tests/screenshots/${site.name}-import-progress-en-dark.png` });
      await page.getByTestId("check-cancel").click();
      await page.getByTestId("mapping-table").waitFor();
      assert.equal(await page.getByTestId("check-report").count(), 0, "the cancelled check reports nothing");

      // Every row checked, the report being put together (the planning's
      // tables of 300,000 contacts freed in steps): Cancel still stops it.
      // Clicked from the page as soon as the heading says so, before the
      // next step can run.
      const heard = page.evaluate(
        () =>
          new Promise((resolve) => {
            const seen = new MutationObserver(() => {
              const phase = document.querySelector("[data-testid=check-phase]");
              if (phase?.textContent.includes("Every row is checked")) {
                seen.disconnect();
                const [done, total] = ["aria-valuenow", "aria-valuemax"].map((a) => document.querySelector("[data-testid=check-progress] [role=progressbar]").getAttribute(a));
                document.querySelector("[data-testid=check-cancel]").click();
                resolve({ text: phase.textContent, done, total });
              }
            });
            seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
      );
      await page.getByTestId("to-check").click();
      const final = await heard;
      assert.deepEqual(final, { text: "Every row is checked; putting the report together…", done: "300000", total: "300000" });
      await page.getByTestId("mapping-table").waitFor();
      assert.equal(await page.getByTestId("check-report").count(), 0, "a check cancelled in its final phase reports nothing");
      await page.getByTestId("cancel-import").click();

      await page.getByTestId("nav-dashboard").click();
      await page.getByTestId("stage-tiles").waitFor();
      assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/);
      await page.reload();
      await page.getByTestId("stage-tiles").waitFor();
      assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/, "the stored base is unchanged");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("dates that read both ways ask for the day/month order, and the choice is used", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("nav-import").click();
    await page.getByTestId("import-file").setInputFiles({
      name: "slashes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,name,created\n1,Ann,03/04/2025\n2,Bob,05/06/2025\n"),
    });
    await page.getByTestId("to-mapping").click();
    const card = page.getByTestId("date-order");
    await card.waitFor();
    assert.match(await card.innerText(), /created\s+Month first: 12\/31\/2025\s+no date decides it: please confirm/);
    await page.getByTestId("date-order-select").selectOption("day");
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor();
    assert.equal(await stat(page, "added"), 2);
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    await page.goto(server.url + "contacts/1");
    await page.getByTestId("explanation").waitFor();
    assert.match(await page.locator(".facts").innerText(), /Apr 3, 2025/, "03/04/2025 read day first");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// Every step of the wizard in both languages and both themes, for people to look at.
for (const [lang, locale] of [["en", "en-US"], ["ru", "ru-RU"]]) {
  for (const scheme of ["light", "dark"]) {
    test(`screenshots of every step: ${lang}, ${scheme}`, async () => {
      const server = await startSite(SITES[0]);
      const { context, page, problems } = await openPage(browser, { locale, colorScheme: scheme });
      await page.clock.setFixedTime(TODAY);
      const shot = (step) => screenshot(page, `root-import-${step}-${lang}-${scheme}`);
      try {
        await page.goto(server.url + "import");
        await page.getByTestId("import-drop").waitFor();
        await shot("1-file");
        await upload(page, fixture("bitrix_deals_cp1251.csv"));
        await shot("2-preview");
        await page.getByTestId("to-mapping").click();
        await page.getByTestId("statuses").waitFor();
        await shot("3-columns");
        await page.getByTestId("to-check").click();
        await page.getByTestId("check-report").waitFor();
        await shot("4-check");
        await page.getByTestId("accept-errors").check();
        await page.getByTestId("confirm-import").click();
        await page.getByTestId("import-done").waitFor();
        await shot("5-done");
        // The deep link is answered by 404.html, as on GitHub Pages.
        assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }
}

// Errors in the user's language: with the page in Russian, a cell that is not a
// number is reported in Russian with its row, column and value, and switching to
// English turns the same report into English.
test("root: a non-number amount is reported in Russian with its row and column", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  await page.clock.setFixedTime(TODAY);
  try {
    await page.goto(server.url + "import");
    await page.getByTestId("import-file").setInputFiles({
      name: "events.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,date,kind,amount\nc1,2025-03-02,deal_won,1200\nc2,2025-03-05,deal_won,сто тысяч\n"),
    });
    await page.getByTestId("preview-table").waitFor();
    assert.equal(await page.getByTestId("import-kind").inputValue(), "events");
    await check(page);
    const row = page.getByTestId("error-row");
    assert.equal(await row.count(), 1);
    const cells = await row.locator("td").allInnerTexts();
    assert.deepEqual(cells, [
      "3",
      "amount",
      "сто тысяч",
      "«сто тысяч» — не число; пишите так: 1234.56, 1 234,56 или 1,234.56",
    ]);
    await page.getByTestId("errors").scrollIntoViewIfNeeded();
    await screenshot(page, "root-import-error-ru");
    await page.getByTestId("lang-en").click();
    await row.locator("td.message").filter({ hasText: "is not a number" }).waitFor();
    assert.equal(
      await row.locator("td.message").innerText(),
      "«сто тысяч» is not a number; write it as 1234.56, 1 234,56 or 1,234.56",
    );
    await screenshot(page, "root-import-error-en");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("root: a check the file cannot pass says why, and the notice follows a switch of language", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "en-US" });
  try {
    await page.goto(server.url + "import");
    // An events file with no date column: the check is refused before any row.
    await page.getByTestId("import-file").setInputFiles({
      name: "calls.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,kind\nc1,call\nc2,meeting\n"),
    });
    await page.getByTestId("preview-table").waitFor();
    await page.getByTestId("import-kind").selectOption("events");
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("mapping-table").waitFor();
    await page.getByTestId("to-check").click();
    const notice = page.getByTestId("check-error");
    await notice.filter({ hasText: "Events files need a column for the date" }).waitFor();
    await page.getByTestId("lang-ru").click();
    await notice.filter({ hasText: "нужен столбец для даты" }).waitFor();
    assert.match(await notice.innerText(), /^В файле событий нужен столбец для даты; сопоставьте/);
    await page.getByTestId("lang-en").click();
    await notice.filter({ hasText: "Events files need a column for the date" }).waitFor();
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// Reading a file: a slice of 2 MiB at a time (READ_SLICE_BYTES in
// pages/import/mod.rs) with a repaint between slices, a progress bar and Cancel.

const HEADER = "id,name,company,email\n";
/** About 850 KB of contact rows. */
const ROWS_BLOCK = Array.from({ length: 20_000 }, (_, i) => `${i + 1},Name ${i + 1},Company ${i + 1},c${i + 1}@example.com\n`).join("");
/** The size of a file of HEADER and `times` ROWS_BLOCKs. */
const builtSize = (times) => HEADER.length + times * ROWS_BLOCK.length;

/** Drops a file of HEADER and `times` ROWS_BLOCKs, built in the page. */
async function dropBuilt(page, name, times) {
  const data = await page.evaluateHandle(({ name, head, block, times }) => {
    const data = new DataTransfer();
    data.items.add(new File([head, ...Array(times).fill(block)], name, { type: "text/csv" }));
    return data;
  }, { name, head: HEADER, block: ROWS_BLOCK, times });
  await page.getByTestId("import-drop").dispatchEvent("drop", { dataTransfer: data });
}

test("a 73 MB file is read in slices while the page keeps painting, and Cancel mid-read changes nothing", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/);
    await page.getByTestId("nav-import").click();
    await page.getByTestId("import-drop").waitFor();

    await dropBuilt(page, "large-export.csv", 80);
    // Watched from inside the page, frame by frame: the bar must be seen at two
    // different points of the file in two painted frames (a read in one block
    // would show nothing between 0 and the preview); on such a frame, still
    // mid-read, Cancel is clicked.
    const seen = await page.evaluate(() => new Promise((resolve, reject) => {
      const values = [];
      let frames = 0;
      const frame = () => {
        frames += 1;
        if (document.querySelector('[data-testid="preview-table"]')) {
          reject(new Error(`the whole file was read before Cancel; bar values seen: ${values}`));
          return;
        }
        const bar = document.querySelector('[data-testid="read-progress"] [role="progressbar"]');
        if (bar) {
          const now = Number(bar.getAttribute("aria-valuenow"));
          const max = Number(bar.getAttribute("aria-valuemax"));
          if (values.at(-1) !== now) values.push(now);
          if (values.filter((v) => v > 0).length >= 2 && now < max) {
            const text = document.querySelector('[data-testid="read-progress-text"]').textContent;
            document.querySelector('[data-testid="read-cancel"]').click();
            resolve({ values, max, text, frames });
            return;
          }
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }));
    const size = builtSize(80);
    assert.equal(seen.max, size, "the bar's maximum is the file's size in bytes");
    assert.ok(seen.values.every((v, i) => i === 0 || v > seen.values[i - 1]), `the bar only moves forward: ${seen.values}`);
    assert.ok(seen.values.every((v) => v % (2 * 1024 * 1024) === 0), `whole slices are read: ${seen.values}`);
    assert.match(seen.text, new RegExp(`^\\d+(\\.\\d)? MB of ${Math.round(size / 2 ** 20)} MB$`));

    // Back at the file picker, with nothing read and nothing kept.
    await page.getByTestId("import-drop").waitFor();
    assert.equal(await page.getByTestId("read-progress").count(), 0);
    assert.equal(await page.getByTestId("preview-table").count(), 0);
    assert.equal(await page.getByTestId("cancel-import").count(), 0);
    // The next file is read from the start, on its own.
    await upload(page, fixture("unterminated_quote_row57.csv"));
    assert.equal(await page.getByTestId("import-file-name").innerText(), "unterminated_quote_row57.csv");
    await page.getByTestId("cancel-import").click();

    await page.getByTestId("nav-dashboard").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.reload();
    await page.getByTestId("stage-tiles").waitFor();
    assert.match(await page.getByTestId("base-summary").innerText(), /^5,000 contacts/, "the stored base is unchanged");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

/** Text as Windows-1251 bytes (the letters these tests use). */
function cp1251(text) {
  const out = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (ch === "Ё") out.push(0xa8);
    else if (ch === "ё") out.push(0xb8);
    else if (ch === "«") out.push(0xab);
    else if (ch === "»") out.push(0xbb);
    else throw new Error(`not in this test's Windows-1251 table: ${ch}`);
  }
  return Buffer.from(out);
}

/**
 * A contacts export of a little over 4 MiB with a row straddling each of 1, 2,
 * 3 and 4 MiB, so that a read in slices of 1, 2 or 4 MiB cuts it: at 1 and 3
 * MiB between the CR and the LF of a line break inside a quoted company name, at
 * 2 and 4 MiB inside the two bytes of "Ж" in UTF-8 (just before it in
 * Windows-1251). Returns the bytes, the number of contacts and the cut rows.
 */
function straddlingExport(encode, tag) {
  const MIB = 1 << 20;
  const company = "ООО «Первая\r\nвторая»";
  const chunks = [encode("id;ФИО;Компания\r\n")];
  let length = chunks[0].length;
  let count = 0;
  const special = [];
  for (let k = 1; k <= 4; k++) {
    while (length + 200 < k * MIB) {
      count += 1;
      const row = encode(`${tag}-${count};Клиент Ёжиков ${count};ООО «Ромашка ${count}»\r\n`);
      chunks.push(row);
      length += row.length;
    }
    const id = `${tag}-cut-${k}`;
    const beforeCut = k % 2 === 1
      ? encode(`${id};Ёлкин Жора;"ООО «Первая\r`).length
      : encode(`${id};Ёлкин `).length + (encode("Ж").length - 1);
    const name = `Ёлкин ${"x".repeat(k * MIB - length - beforeCut)}Жора`;
    const row = encode(`${id};${name};"${company}"\r\n`);
    chunks.push(row);
    length += row.length;
    count += 1;
    special.push({ id, name, company });
  }
  const bytes = Buffer.concat(chunks);
  for (let k = 1; k <= 4; k++) {
    const around = bytes.subarray(k * MIB - 1, k * MIB + 1);
    const expected = k % 2 === 1 ? Buffer.from("\r\n") : encode("Ж").length === 2 ? encode("Ж") : Buffer.concat([encode("x"), encode("Ж")]);
    assert.deepEqual(around, expected, `the cut at ${k} MiB`);
  }
  return { bytes, count, special };
}

test("Windows-1251 and UTF-8 rows cut by the read slices import exactly as written", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  try {
    await page.goto(server.url + "import");
    await page.getByTestId("import-drop").waitFor();
    let total = 0;
    const files = [
      ["cp1251", cp1251, "Windows-1251"],
      ["utf8", (text) => Buffer.from(text, "utf8"), "UTF-8"],
    ];
    const special = [];
    for (const [tag, encode, label] of files) {
      const file = straddlingExport(encode, tag);
      assert.ok(file.bytes.length > 4 << 20);
      await upload(page, { name: `${tag}.csv`, mimeType: "text/csv", buffer: file.bytes });
      assert.match(await page.getByTestId("detected-encoding").innerText(), new RegExp(`^определено: ${label}$`));
      assert.equal(await page.getByTestId("replaced-chars").count(), 0, "no letter was broken");
      await check(page);
      assert.equal(await stat(page, "read"), file.count);
      assert.equal(await stat(page, "added"), file.count);
      assert.equal(await stat(page, "errors"), 0);
      await page.getByTestId("confirm-import").click();
      await page.getByTestId("import-done").waitFor();
      total += file.count;
      assert.equal(number(await page.getByTestId("done-total").innerText()), total);
      await page.getByTestId("import-another").click();
      special.push(...file.special);
    }
    for (const { id, name, company } of special) {
      await page.goto(`${server.url}contacts/${id}`);
      await page.getByTestId("explanation").waitFor();
      assert.equal(await page.getByTestId("contact-name").textContent(), name, id);
      assert.equal(await page.locator(".page-head .lead").textContent(), company, id);
    }
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The reading progress for people to look at: the clock is stopped, so the read
// waits between slices for the test to let it go on.
const eightMb = (builtSize(10) / 2 ** 20).toFixed(1);
for (const [lang, locale, text] of [
  ["en", "en-US", `4.0 MB of ${eightMb} MB`],
  ["ru", "ru-RU", `4,0\u00a0МБ из ${eightMb.replace(".", ",")}\u00a0МБ`],
]) {
  test(`screenshot of reading a file: ${lang}`, async () => {
    const server = await startSite(SITES[0]);
    const { context, page, problems } = await openPage(browser, { locale });
    await page.clock.install();
    try {
      await page.goto(server.url + "import");
      await page.getByTestId("import-drop").waitFor();
      await page.clock.pauseAt(new Date(Date.now() + 60_000));
      await dropBuilt(page, "crm-export-2026.csv", 10);
      const bar = page.getByTestId("read-progress").getByRole("progressbar");
      await bar.waitFor();
      assert.equal(await bar.getAttribute("aria-valuenow"), "0");
      for (const done of [2, 4]) {
        await page.clock.runFor(10);
        await page.locator(`[data-testid="read-progress"] [aria-valuenow="${done * 1024 * 1024}"]`).waitFor();
      }
      assert.equal(await page.getByTestId("read-progress-text").innerText(), text);
      assert.equal(await page.getByTestId("read-file-name").innerText(), "crm-export-2026.csv");
      // The bar's width eases in: finish that before the picture.
      await page.screenshot({ path: join(ROOT, "tests", "screenshots", `root-import-1-reading-${lang}-light.png`), fullPage: true, animations: "disabled" });
      await page.getByTestId("read-cancel").click();
      await page.getByTestId("import-drop").waitFor();
      // The deep link is answered by 404.html, as on GitHub Pages.
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("another encoding re-reads the file with the same progress, and its Cancel keeps the table and the choices", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  await page.clock.install();
  try {
    await page.goto(server.url + "import");
    await page.getByTestId("import-drop").waitFor();
    await dropBuilt(page, "crm-export-2026.csv", 10);
    await page.getByTestId("preview-table").waitFor();
    assert.equal(await page.getByTestId("detected-encoding").innerText(), "detected: UTF-8");

    // The clock stops: the re-read waits at its first slice.
    await page.clock.pauseAt(new Date(Date.now() + 60_000));
    await page.getByTestId("import-encoding").selectOption("windows1251");
    await page.getByTestId("read-progress").waitFor();
    assert.equal(await page.getByTestId("import-encoding").isDisabled(), true, "no other choice while reading");
    assert.equal(await page.getByTestId("to-mapping").isDisabled(), true);
    await page.clock.runFor(10);
    await page.locator(`[data-testid="read-progress"] [aria-valuenow="${2 * 1024 * 1024}"]`).waitFor();
    await page.screenshot({ path: join(ROOT, "tests", "screenshots", "root-import-2-rereading-en-light.png"), fullPage: true, animations: "disabled" });
    await page.getByTestId("read-cancel").click();
    assert.equal(await page.getByTestId("read-progress").count(), 0);
    assert.equal(await page.getByTestId("import-encoding").inputValue(), "utf8", "the choice is put back");
    assert.equal(await page.getByTestId("detected-encoding").innerText(), "detected: UTF-8");
    assert.equal(await page.getByTestId("preview-table").locator("tbody tr").count(), 10, "the table read before stays");
    assert.equal(await page.getByTestId("to-mapping").isDisabled(), false);

    // Chosen again and let run, it reads the whole file with the new choice.
    await page.clock.resume();
    await page.getByTestId("import-encoding").selectOption("windows1251");
    await page.getByTestId("detected-encoding").filter({ hasText: "chosen by you: Windows-1251" }).waitFor();
    assert.equal(await page.getByTestId("read-progress").count(), 0);
    assert.equal(await page.getByTestId("import-encoding").inputValue(), "windows1251");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// Confirming an import is applied in steps (crates/lifecycle-app/src/state.rs,
// Workspace::with_import_in_steps) with a progress bar and Cancel until it is
// written; nothing is stored before the whole import is.

/** The backup the settings page downloads: every contact, event and the model. */
async function backupText(page, url) {
  await page.goto(url + "settings");
  await page.getByTestId("storage-used").waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("backup-download").click()]);
  return readFileSync(await download.path(), "utf8");
}

test("confirming shows its progress, Cancel while applying leaves the stored base exactly as it was, and the import then saves", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(server.url);
    await page.getByTestId("demo-size").selectOption("20000");
    await page.getByTestId("load-demo").click();
    await page.getByTestId("stage-tiles").waitFor();
    const before = await backupText(page, server.url);

    // 60,000 rows: 20,000 new contacts, then the same ids twice (skipped).
    await page.getByTestId("nav-import").click();
    await page.getByTestId("import-drop").waitFor();
    await dropBuilt(page, "contacts.csv", 3);
    await page.getByTestId("preview-table").waitFor();
    await check(page);
    assert.deepEqual(
      [await stat(page, "read"), await stat(page, "added"), await stat(page, "updated"), await stat(page, "skipped"), await stat(page, "errors")],
      [60000, 20000, 0, 40000, 0],
    );

    // Watched frame by frame from inside the page: the bar is seen part of the
    // way through building the next base, and Cancel is clicked there.
    const seen = await page.evaluate(() => new Promise((resolve, reject) => {
      const values = [];
      const frame = () => {
        if (document.querySelector('[data-testid="import-done"]')) {
          reject(new Error(`the import was saved before Cancel; bar values seen: ${values}`));
          return;
        }
        const bar = document.querySelector('[data-testid="apply-progress"] [role="progressbar"]');
        const cancel = document.querySelector('[data-testid="apply-cancel"]');
        if (bar && cancel) {
          const now = Number(bar.getAttribute("aria-valuenow"));
          if (values.at(-1) !== now) values.push(now);
          if (now > 0 && now < 99) {
            const phase = document.querySelector('[data-testid="apply-phase"]').textContent;
            cancel.click();
            resolve({ values, phase });
            return;
          }
        }
        requestAnimationFrame(frame);
      };
      document.querySelector('[data-testid="confirm-import"]').click();
      requestAnimationFrame(frame);
    }));
    assert.equal(seen.phase, "Importing: building the base with the file's rows…");
    assert.ok(seen.values.every((v, i) => i === 0 || v > seen.values[i - 1]), `the bar only moves forward: ${seen.values}`);
    await page.getByTestId("apply-progress").waitFor({ state: "detached" });
    assert.equal(await page.getByTestId("confirm-import").isDisabled(), false, "the report stays, ready to confirm again");
    assert.equal(await page.getByTestId("import-done").count(), 0);
    // In memory and in the browser's database (read again by a fresh load),
    // the base is exactly the one before.
    assert.equal(await backupText(page, server.url), before, "the shown base is unchanged");
    await page.goto(server.url);
    assert.match(await page.getByTestId("base-summary").innerText(), /^20,000 contacts/);
    assert.equal(await backupText(page, server.url), before, "the stored base is unchanged");

    // Confirmed and left to run, the import is saved and the report reconciles.
    await page.getByTestId("nav-import").click();
    await dropBuilt(page, "contacts.csv", 3);
    await page.getByTestId("preview-table").waitFor();
    await check(page);
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    assert.deepEqual(
      [await stat(page, "read"), await stat(page, "added"), await stat(page, "updated"), await stat(page, "skipped"), await stat(page, "errors")],
      [60000, 20000, 0, 40000, 0],
    );
    assert.match(await page.getByTestId("report-balance").innerText(), /^60,000 = 20,000 \+ 0 \+ 40,000 \+ 0: every row is accounted for$/);
    assert.match(await page.getByTestId("applied").innerText(), /Contacts added: 20,000/);
    assert.match(await page.getByTestId("done-total").innerText(), /40,000 contacts/);
    // Leaving the wizard lets go of the file and the plan; the base is stored.
    await page.getByTestId("done-dashboard").click();
    await page.getByTestId("stage-tiles").waitFor();
    await page.reload();
    assert.match(await page.getByTestId("base-summary").innerText(), /^40,000 contacts/);
    // The settings page's deep link is answered by 404.html, as on GitHub Pages.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The apply progress for people to look at: the clock is stopped, so it waits
// at its first step; Cancel there changes nothing either.
for (const [lang, locale, phase] of [
  ["en", "en-US", "Importing: building the base with the file's rows…"],
  ["ru", "ru-RU", "Импортируем: собираем базу со строками файла…"],
]) {
  test(`screenshot of confirming an import: ${lang}`, async () => {
    const server = await startSite(SITES[0]);
    const { context, page, problems } = await openPage(browser, { locale });
    await page.clock.install();
    try {
      await page.goto(server.url + "import");
      await page.getByTestId("import-drop").waitFor();
      await dropBuilt(page, "crm-export-2026.csv", 1);
      await page.getByTestId("preview-table").waitFor();
      await check(page);
      await page.clock.pauseAt(new Date(Date.now() + 60_000));
      await page.getByTestId("confirm-import").click();
      await page.getByTestId("apply-progress").waitFor();
      assert.equal(await page.getByTestId("apply-phase").innerText(), phase);
      assert.equal(await page.getByTestId("confirm-import").isDisabled(), true, "confirmed once");
      assert.equal(await page.getByTestId("back-to-mapping").isDisabled(), true);
      await page.getByTestId("apply-progress").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ROOT, "tests", "screenshots", `root-import-4-applying-${lang}-light.png`), fullPage: true, animations: "disabled" });
      await page.getByTestId("apply-cancel").click();
      await page.getByTestId("apply-progress").waitFor({ state: "detached" });
      await page.clock.resume();
      await page.goto(server.url);
      await page.getByTestId("welcome").waitFor();
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

// A deals file longer than the rows the columns step reads: the statuses are
// counted, and the day/month order guessed, in the first 5,000 rows, and the
// page says so.
for (const [lang, locale, statusNote, dateNote] of [
  ["en", "en-US", /^Counted in the first 5,000 rows of 6,000; the check reads every row\.$/, /^Guessed from the first 5,000 rows of 6,000; the check guesses from every row\.$/],
  ["ru", "ru-RU", /^Подсчитано по первым 5\s000 строкам из 6\s000; проверка читает все строки\.$/, /^Определено по первым 5\s000 строкам из 6\s000; проверка учитывает все строки\.$/],
]) {
  test(`the columns of a long deals file are read from its first rows, and say so: ${lang}`, async () => {
    const server = await startSite(SITES[0]);
    const { context, page, problems } = await openPage(browser, { locale });
    try {
      await page.goto(server.url + "import");
      await page.getByTestId("import-drop").waitFor();
      const statuses = ["Успешно реализовано", "Закрыто и не реализовано", "Переговоры"];
      const rows = Array.from({ length: 6000 }, (_, i) => `${i + 1};Сделка ${i + 1};${statuses[i % 3]};1000;RUB;ООО «Альфа»;Анна Смирнова;03/04/2025;05/06/2025\n`);
      await page.getByTestId("import-file").setInputFiles({
        name: "deals.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("ID;Название сделки;Стадия сделки;Сумма;Валюта;Компания;Ответственный;Дата создания;Дата закрытия\n" + rows.join("")),
      });
      await page.getByTestId("preview-table").waitFor();
      assert.equal(await page.getByTestId("import-kind").inputValue(), "deals");
      await page.getByTestId("to-mapping").click();
      await page.getByTestId("statuses").waitFor();
      assert.match(await page.getByTestId("statuses-sampled").innerText(), statusNote);
      assert.match(await page.getByTestId("dates-sampled").innerText(), dateNote);
      const counts = await page.getByTestId("status-row").locator("td.num").allInnerTexts();
      assert.deepEqual(counts.map(number), [1667, 1667, 1666], "the first 5,000 rows' statuses");
      await page.getByTestId("statuses").scrollIntoViewIfNeeded();
      await screenshot(page, `root-import-3-columns-sampled-${lang}`);
      // The deep link is answered by 404.html, as on GitHub Pages.
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

// The suggested mapping is a suggestion: a column set to be ignored and a deal
// status read another way change the check, the import and the stages.
test("the suggested mapping is the user's to change: an ignored column and a status read another way change the check and the base", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser, { locale: "ru-RU" });
  await page.clock.setFixedTime(TODAY);
  try {
    await page.goto(server.url);
    await page.getByTestId("welcome-import").click();
    await upload(page, fixture("amocrm_contacts_cp1251.csv"));
    await page.getByTestId("to-mapping").click();
    // The creation dates left out: the row whose date is no date is no longer an error.
    assert.equal(await page.getByTestId("target-6").inputValue(), "created");
    await page.getByTestId("target-6").selectOption("ignore");
    assert.equal(await page.getByTestId("target-6").inputValue(), "ignore");
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor();
    assert.deepEqual(
      [await stat(page, "read"), await stat(page, "added"), await stat(page, "updated"), await stat(page, "skipped"), await stat(page, "errors")],
      [6, 4, 0, 1, 1],
    );
    const errors = await page.getByTestId("error-row").allInnerTexts();
    assert.equal(errors.length, 1);
    assert.doesNotMatch(errors[0], /31\.13\.2025/);
    await page.getByTestId("accept-errors").check();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    assert.match(await page.getByTestId("applied").innerText(), /Добавлено контактов: 4/);
    await page.getByTestId("done-dashboard").click();
    await page.getByTestId("stage-tiles").waitFor();

    // Bitrix24 deals, the open status read as won: the deal becomes an event.
    await page.getByTestId("nav-import").click();
    await upload(page, fixture("bitrix_deals_cp1251.csv"));
    await page.getByTestId("to-mapping").click();
    const talks = page.getByTestId("status-row").filter({ hasText: "Переговоры" }).locator("select");
    assert.equal(await talks.inputValue(), "open");
    await talks.selectOption("won");
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor();
    assert.deepEqual([await stat(page, "read"), await stat(page, "added"), await stat(page, "skipped"), await stat(page, "errors")], [6, 4, 0, 2]);
    await page.getByTestId("accept-errors").check();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    assert.match(await page.getByTestId("applied").innerText(), /Добавлено событий: 4/);
    await page.getByTestId("done-dashboard").click();
    await page.getByTestId("stage-tiles").waitFor();
    // ООО «Альфа» now won two deals: Developing, where the suggested mapping made it New.
    const count = async (id) => number(await page.getByTestId(`tile-${id}`).getByTestId("count").innerText());
    assert.equal(await count("developing"), 1);
    assert.equal(await count("new"), 1);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
