// ad-hoc: crop a PNG region using chromium canvas
import { chromium } from "playwright-core";
import { readFileSync, writeFileSync } from "node:fs";
const [,, src, dst, y0, h] = process.argv;
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu"] });
const p = await b.newPage({ viewport: { width: 1280, height: Number(h) } });
const data = readFileSync(src).toString("base64");
await p.setContent(`<body style="margin:0"><img id=i src="data:image/png;base64,${data}" style="position:absolute;top:-${y0}px;left:0"></body>`);
await p.waitForFunction(() => document.getElementById("i").complete);
await p.screenshot({ path: dst });
await b.close();
