// Runs every ```js example of the package README, as a user would paste it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, rmSync } from "node:fs";

const readme = readFileSync(new URL("../../crates/lifecycle-wasm/README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the README has examples", () => assert.ok(blocks.length >= 5));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs`, () => {
    // Beside this file, so that "customer-lifecycle" resolves to the built package.
    const file = new URL(`./readme-example-${i + 1}.tmp.mjs`, import.meta.url);
    writeFileSync(file, code);
    try {
      const out = execFileSync(process.execPath, [file.pathname], { encoding: "utf8" });
      assert.ok(out.length > 0);
      // What the comments promise for the first example.
      if (i === 0) {
        assert.match(out, /^sleeping$/m);
        assert.match(out, /last client activity Mar 2, 2025, 213 days ago — needs more than 180 days ago/);
        assert.match(out, /активность клиента в последний раз: 02.03.2025, 213 дней назад — нужно больше 180 дн. назад/);
      }
    } finally {
      rmSync(file, { force: true });
    }
  });
});
