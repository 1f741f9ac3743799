// Benchmark (not a test): node tests/npm/bench.mjs [--browser]
// Prints milliseconds per step in Node and, with --browser, in headless Chromium.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import * as lc from "customer-lifecycle";
import { run } from "./bench/run.js";

const table = (title, rows) => {
  console.log(`\n${title}`);
  for (const [label, ms] of rows) console.log(`${String(ms).padStart(7)} ms  ${label}`);
};

const sizes = { big: Number(process.env.BIG ?? 1_000_000), small: Number(process.env.SMALL ?? 100_000) };
const progress = (r) => console.error(`  ${r[1]} ms  ${r[0]}`);
table(`Node ${process.version}`, run(lc, sizes, progress));

if (process.argv.includes("--browser")) {
  const { chromium } = await import("playwright-core");
  const here = fileURLToPath(new URL(".", import.meta.url));
  const pkg = fileURLToPath(new URL("../../target/npm/customer-lifecycle/", import.meta.url));
  const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url, "http://x").pathname);
    const file = path.startsWith("/pkg/") ? join(pkg, path.slice(5)) : path === "/run.js" ? join(here, "bench/run.js") : null;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(`<script type="module">
        import init, * as lc from "/pkg/index.js";
        import { run } from "/run.js";
        await init();
        window.result = run(lc, ${JSON.stringify(sizes)});
      </script>`);
    }
    try {
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error(e));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result, null, { timeout: 600_000 });
  table(`Chromium ${browser.version()}`, await page.evaluate(() => window.result));
  await browser.close();
  server.close();
}
