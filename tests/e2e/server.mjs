// A static server that behaves like GitHub Pages: files from a folder under a
// path prefix; unknown paths get 404.html with status 404 (the app boots from it
// and routes by the address).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
};

/** Serves `root` under `prefix` (like "/" or "/lifecycle/"); resolves to {url, close}. */
export async function serveStatic(root, prefix = "/") {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix) && path + "/" !== prefix) {
      res.writeHead(404, { "content-type": "text/plain" }).end("outside the site");
      return;
    }
    let rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, "");
    if (rel === "" || rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
    const file = join(root, rel);
    try {
      const info = await stat(file);
      if (info.isFile()) {
        // GitHub Pages' caching: ten minutes fresh, then revalidated by its
        // ETag. (The browser keeps the wasm's compiled code beside a cached
        // response, so a returning visitor's start depends on it.)
        const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
        const headers = {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": "max-age=600",
          etag,
          "last-modified": info.mtime.toUTCString(),
        };
        if (req.headers["if-none-match"] === etag) {
          res.writeHead(304, headers).end();
          return;
        }
        res.writeHead(200, headers);
        res.end(await readFile(file));
        return;
      }
    } catch {}
    try {
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(await readFile(join(root, "404.html")));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
