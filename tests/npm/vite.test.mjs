// Packaging test: bundles tests/vite-app with Vite, as an app depending on
// customer-lifecycle would, and runs the bundle in headless Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../vite-app/", import.meta.url));
const pkg = fileURLToPath(new URL("../../target/npm/customer-lifecycle", import.meta.url));
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

test("a Vite app bundles the package and runs it in Chromium", { timeout: 180_000 }, async () => {
  // The app depends on the package as if installed from the registry.
  mkdirSync(join(root, "node_modules"), { recursive: true });
  const link = join(root, "node_modules", "customer-lifecycle");
  if (!existsSync(link)) symlinkSync(pkg, link, "dir");
  const outDir = mkdtempSync(join(tmpdir(), "lifecycle-vite-"));
  try {
    await build({ root, logLevel: "warn", build: { outDir, emptyOutDir: true, target: "es2022" } });
    const server = createServer((req, res) => {
      const path = normalize(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html";
      try {
        const body = readFileSync(join(outDir, path));
        res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForFunction(() => document.getElementById("out").textContent !== "loading", null, { timeout: 60_000 });
      const text = await page.textContent("#out");
      assert.deepEqual(errors, []);
      const result = JSON.parse(text);
      assert.equal(result.contacts, 2000);
      assert.equal(result.total, 2000);
      assert.equal(result.trendPoints, 36);
      assert.ok(result.stageIds.includes("loyal"));
      assert.equal(result.explained, true);
      assert.deepEqual(result.error, { isInputError: true, code: "INVALID_DATE" });
      assert.deepEqual(result.imported, ["ООО «Альфа»"]);
      assert.deepEqual(result.ioError, { isInputError: true, field: "bytes" });
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
