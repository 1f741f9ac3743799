// The built npm package, imported as a Node user imports it.
import { test } from "node:test";
import assert from "node:assert/strict";
// scripts/test.sh links the built package as tests/npm/node_modules/customer-lifecycle.
import * as pkg from "customer-lifecycle";

test("reports its version", () => {
  assert.match(pkg.version(), /^\d+\.\d+\.\d+$/);
});

test("lists the built-in event kinds with their meaning", () => {
  const kinds = pkg.eventKinds();
  const byName = Object.fromEntries(kinds.map((k) => [k.name, k]));
  assert.deepEqual(byName.purchase, { name: "purchase", isActivity: true, isWin: true });
  assert.deepEqual(byName.message_out, { name: "message_out", isActivity: false, isWin: false });
  assert.equal(byName.deal_lost.isWin, false);
  assert.ok(kinds.length >= 15);
});
