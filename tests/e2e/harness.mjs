// Shared set-up for the end-to-end tests: the built site served at "/" and at
// "/lifecycle/", a headless Chromium, and a screenshot helper.
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serveStatic } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
export const SCREENSHOTS = join(ROOT, "tests", "screenshots");

/** The two deployments every end-to-end test runs against. */
export const SITES = [
  { name: "root", prefix: "/", dist: join(ROOT, "dist") },
  { name: "subpath", prefix: "/lifecycle/", dist: join(ROOT, "dist-subpath") },
];

/** Chromium as root on a closed network: no sandbox, no calls home. */
export const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: BROWSER_ARGS,
  });
}

export async function startSite(site) {
  return serveStatic(site.dist, site.prefix);
}

/**
 * A fresh page that fails the test on any console error or page error
 * (a CSP violation or a panic shows up there).
 */
export async function openPage(browser, { locale = "en-US", colorScheme = "light" } = {}) {
  const context = await browser.newContext({ locale, colorScheme, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

/** Saves a full-page screenshot as tests/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
