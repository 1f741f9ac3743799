// Contact data is always rendered as text: a base whose names, companies,
// sources, owners, tags and notes come from an XSS corpus is imported through
// the wizard and shown on every page, and nothing in it runs or becomes markup.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SITES, launchBrowser, startSite, openPage, screenshot } from "./harness.mjs";

/** Payloads from the usual XSS cheat sheets; each one would set `window.__xss` if it ran. */
const CORPUS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=2">`,
  `"><svg onload=window.__xss=3>`,
  `'><iframe src="javascript:window.parent.__xss=4"></iframe>`,
  `<a href="javascript:window.__xss=5">click</a>`,
  `<details open ontoggle=window.__xss=6>`,
  `<body onload=window.__xss=7>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=8>`,
  `{{constructor.constructor('window.__xss=9')()}}`,
  `\${window.__xss=10}`,
  `<style>*{display:none}</style>`,
  `&lt;b&gt;entity&lt;/b&gt; &amp; <b>bold</b>`,
  `=HYPERLINK("http://evil.example","click")`,
  `<input autofocus onfocus=window.__xss=11>`,
  `javascript:window.__xss=12`,
];

const csvCell = (s) => `"${s.replaceAll('"', '""')}"`;

function corpusCsv() {
  const lines = ["id,name,company,source,owner,tags"];
  CORPUS.forEach((payload, i) => {
    lines.push([`x${i}`, payload, payload, `src ${payload}`, `own ${payload}`, `"${payload.replaceAll('"', '""')}", vip`].map(csvCell).join(","));
  });
  return lines.join("\r\n") + "\r\n";
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("names from an XSS corpus stay inert text on every page", async () => {
  const server = await startSite(SITES[0]);
  const { context, page, problems } = await openPage(browser);
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const inert = async (where) => {
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: a payload ran`);
    // None of the payloads became elements (the app itself draws none of these).
    const injected = await page.evaluate(() =>
      [...document.querySelectorAll("main img, main iframe, main details[ontoggle], main math, main b, main style, main svg[onload], main input[onfocus], main a[href^='javascript']")].length,
    );
    assert.equal(injected, 0, `${where}: a payload became markup`);
    assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  };
  try {
    await page.goto(server.url);
    await page.getByTestId("welcome-import").click();
    await page.getByTestId("import-file").setInputFiles({ name: "xss.csv", mimeType: "text/csv", buffer: Buffer.from(corpusCsv()) });
    await page.getByTestId("preview-table").waitFor();
    await inert("preview");
    assert.ok((await page.getByTestId("preview-table").innerText()).includes(CORPUS[1]), "the preview shows the payload as text");
    await page.getByTestId("to-mapping").click();
    await page.getByTestId("mapping-table").waitFor();
    await page.getByTestId("to-check").click();
    await page.getByTestId("check-report").waitFor();
    await page.getByTestId("confirm-import").click();
    await page.getByTestId("import-done").waitFor();
    await inert("import report");

    await page.getByTestId("nav-dashboard").click();
    await page.getByTestId("stage-tiles").waitFor();
    await inert("dashboard");
    // The filter choices list the payloads as plain option text.
    const sources = await page.getByTestId("filter-source").locator("option").allInnerTexts();
    assert.ok(sources.some((s) => s.startsWith(`src ${CORPUS[0]}`)), sources.join("\n"));

    await page.getByRole("link", { name: "Contacts" }).click();
    await page.getByTestId("contact-table").waitFor();
    await inert("contacts");
    const names = await page.getByTestId("contact-row").locator("strong").allInnerTexts();
    assert.deepEqual([...names].sort(), [...CORPUS].sort(), "every name shown exactly as written");
    await screenshot(page, "root-contacts-xss-en");

    for (const i of [0, 1, 3, 8]) {
      await page.goto(`${server.url}contacts/x${i}`);
      await page.getByTestId("contact-name").waitFor();
      assert.equal(await page.getByTestId("contact-name").innerText(), CORPUS[i]);
      await inert(`contact x${i}`);
    }
    await screenshot(page, "root-contact-xss-en");
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// The model page's what-if lists, by name, the contacts a rule edit would
// move: a corpus base all moved into the first stage is listed as text, in
// both languages, and nothing in it runs or becomes markup.
for (const [lang, locale] of [["en", "en-US"], ["ru", "ru-RU"]]) {
  test(`names from an XSS corpus stay inert text in the model's what-if list (${lang})`, async () => {
    const server = await startSite(SITES[0]);
    const { context, page, problems } = await openPage(browser, { locale });
    const dialogs = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    try {
      await page.goto(server.url);
      await page.getByTestId("welcome-import").click();
      await page.getByTestId("import-file").setInputFiles({ name: "xss.csv", mimeType: "text/csv", buffer: Buffer.from(corpusCsv()) });
      await page.getByTestId("to-mapping").click();
      await page.getByTestId("to-check").click();
      await page.getByTestId("confirm-import").click();
      await page.getByTestId("import-done").waitFor();

      await page.getByTestId("nav-model").click();
      await page.getByTestId("stages").waitFor();
      const scripts = await page.locator("script").count();
      // Everyone into the first stage: every corpus contact moves.
      await page.getByTestId("stage").first().getByTestId("stage-rule").fill("true");
      await page.getByTestId("whatif-move").first().waitFor();
      for (const summary of await page.getByTestId("whatif-move").locator("summary").all()) await summary.click();
      const names = await page.getByTestId("whatif-contact").allInnerTexts();
      assert.deepEqual([...names].sort(), [...CORPUS].sort(), "every name listed exactly as written");
      assert.equal(await page.getByTestId("whatif-moving").innerText(), String(CORPUS.length));
      assert.equal(await page.locator("html").getAttribute("lang"), lang);
      // Each link is the name as its only text, pointing at that contact.
      for (const link of await page.getByTestId("whatif-contact").all()) {
        assert.equal(await link.evaluate((a) => a.childElementCount), 0, "a name is a text node, not markup");
        assert.match(await link.getAttribute("href"), /\/contacts\/x\d+$/);
      }
      assert.equal(await page.evaluate(() => window.__xss), undefined, "a payload ran");
      const injected = await page.evaluate(() =>
        [...document.querySelectorAll("[data-testid=whatif] :is(img, iframe, details[ontoggle], math, b, style, script, svg[onload], input, a[href^='javascript'], [onerror], [onload], [onfocus])")].length,
      );
      assert.equal(injected, 0, "a payload became markup");
      assert.equal(await page.locator("script").count(), scripts, "no script element was added");
      assert.deepEqual(dialogs, [], "a dialog opened");
      await screenshot(page, `root-model-whatif-xss-${lang}`);
      assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}
