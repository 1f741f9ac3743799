// Trunk post_build hook: runs in the staging directory's parent with
// TRUNK_STAGING_DIR set.
//  1. Moves Trunk's inline module loader into boot.js, so the page works under a
//     Content-Security-Policy without 'unsafe-inline'.
//  2. Copies index.html to 404.html (deep links on GitHub Pages) and adds .nojekyll.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR unset)");
const indexPath = join(dir, "index.html");
let html = readFileSync(indexPath, "utf8");

const inline = /<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/;
const match = html.match(inline);
if (!match) throw new Error("post-build.mjs: Trunk's inline loader script was not found in index.html");
writeFileSync(join(dir, "boot.js"), match[1].trim() + "\n");
const publicUrl = process.env.TRUNK_PUBLIC_URL || "/";
html = html.replace(inline, `<script type="module" src="${publicUrl}boot.js"></script>`);
writeFileSync(indexPath, html);
writeFileSync(join(dir, "404.html"), html);
writeFileSync(join(dir, ".nojekyll"), "");
