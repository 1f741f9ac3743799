// How the layout of about 15 MB in IndexedDB changes its first read in a
// newly launched Chromium, with raw IndexedDB (no wasm): the experiment behind
// schema 3's one record per write (docs/storage.md, docs/benchmarks.md).
//
//   node tests/e2e/bench-idb-layouts.mjs [runs]
//
// Each layout lives on its own origin (its own database files); a layout is a
// list of object stores, each [records, bytes a record] or [1, 0, n, bytes]
// for one record holding an array of n ArrayBuffers. Each run launches a new
// browser per layout and reads everything (one getAll per store) twice.
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { BROWSER_ARGS as ARGS } from "./harness.mjs";
const profile = mkdtempSync(join(tmpdir(), "store-exp-"));
const servers = [];
const serve = () => new Promise((res) => { const s = createServer((q, r) => r.writeHead(200, {"content-type":"text/html"}).end("<!doctype html><title>x</title>")); s.listen(0, "127.0.0.1", () => { servers.push(s); res(`http://127.0.0.1:${s.address().port}/`); }); });
const layouts = {
  // Schema 2's 100k contacts / 1M events: 7 contact and 16 event chunks.
  perChunk: [[7, 1_560_000], [16, 393_000]],
  oneValue: [[1, 15_000_000]],
  // Schema 3: one record of chunks (here one store).
  arrayOf23: [[1, 0, 23, 650_000]],
  // Under Chromium's 64 KB threshold: kept inside the database.
  inline60k: [[250, 60_000]],
  inline32k: [[470, 32_000]],
};
const launch = () => chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", args: ARGS });
const urls = {};
for (const k of Object.keys(layouts)) urls[k] = await serve();
let ctx = await launch();
let page = ctx.pages()[0] ?? await ctx.newPage();
for (const [k, spec] of Object.entries(layouts)) {
  await page.goto(urls[k]);
  await page.evaluate((spec) => new Promise((resolve, reject) => {
    const o = indexedDB.open("exp", 1);
    o.onupgradeneeded = () => spec.forEach((_, i) => o.result.createObjectStore("s" + i));
    o.onsuccess = () => {
      const db = o.result;
      const tx = db.transaction(spec.map((_, i) => "s" + i), "readwrite", { durability: "strict" });
      let x = 12345;
      spec.forEach(([n, size], i) => { const mk = (size) => { const a = new Uint8Array(size); for (let b = 0; b < size; b += 4) { x = (x * 1103515245 + 12345) >>> 0; a[b] = x >>> 24; a[b+1] = x>>>16; } return a.buffer; }; const [, , m, msize] = spec[i]; for (let j = 0; j < n; j++) { tx.objectStore("s" + i).put(m ? Array.from({length: m}, () => mk(msize)) : mk(size), j); } });
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), spec);
}
await ctx.close();
const read = (spec) => new Promise((resolve, reject) => {
  const t0 = performance.now(); const r = { nav: t0 };
  const o = indexedDB.open("exp");
  o.onsuccess = () => {
    r.open = performance.now() - t0;
    const db = o.result;
    const tx = db.transaction(spec.map((_, i) => "s" + i), "readonly");
    let left = spec.length; let bytes = 0; r.first = null;
    spec.forEach((_, i) => { const g = tx.objectStore("s" + i).getAll(); g.onsuccess = () => { const now = performance.now() - t0; if (r.first === null) r.first = now; for (const v of g.result) bytes += Array.isArray(v) ? v.reduce((s, b) => s + b.byteLength, 0) : v.byteLength; if (--left === 0) { r.all = now; r.bytes = bytes; db.close(); resolve(r); } }; g.onerror = () => reject(g.error); });
  };
  o.onerror = () => reject(o.error);
});
const res = {};
const runs = Number(process.argv[2] ?? 3);
for (let run = 0; run < runs; run++) {
  for (const [k, spec] of Object.entries(layouts)) {
    ctx = await launch(); page = ctx.pages()[0] ?? await ctx.newPage();
    await page.goto(urls[k]);
    const cold = await page.evaluate(read, spec);
    const warm = await page.evaluate(read, spec);
    await ctx.close();
    (res[k] ??= []).push([cold, warm]);
    console.log(k, `open ${cold.open.toFixed(0)} first ${cold.first.toFixed(0)} all ${cold.all.toFixed(0)} (${(cold.bytes/1e6).toFixed(1)} MB) nav->start ${cold.nav.toFixed(0)} | again: open ${warm.open.toFixed(0)} all ${warm.all.toFixed(0)}`);
  }
}
servers.forEach((s) => s.close());
rmSync(profile, { recursive: true, force: true });
