// customer-lifecycle/io: CSV and JSON import and export, as a Node user calls them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError, LifecycleError, generateDemo } from "customer-lifecycle";
import {
  exportContactsCsv,
  exportContactsJson,
  exportEventsCsv,
  exportEventsJson,
  importCsv,
  importJson,
  previewCsv,
} from "customer-lifecycle/io";

const enc = (s) => new TextEncoder().encode(s);
const demo = generateDemo({ contacts: 40, seed: 9, asOf: "2025-10-01" });

test("a Russian ;-separated export: detected, mapped, planned and reported", () => {
  const bytes = enc("ID;Название компании;Дата создания;Сумма\r\n1;ООО «Альфа»;31.12.2025;1 234,56\r\n2;ИП Борисов;01.02.2024;\r\n");
  const p = previewCsv(bytes);
  assert.equal(p.delimiter, ";");
  assert.equal(p.kind, "contacts");
  assert.deepEqual(p.header, ["ID", "Название компании", "Дата создания", "Сумма"]);
  assert.deepEqual(p.mapping.map((m) => m.target.target), ["id", "company", "created", "custom"]);
  assert.equal(p.rows, 2);
  const plan = importCsv(bytes);
  const r = plan.report;
  assert.equal(r.rows_read, r.rows_added + r.rows_updated + r.skipped.length + r.rows_with_errors);
  assert.equal(r.rows_added, 2);
  assert.equal(plan.new_contacts[0].created, "2025-12-31");
  assert.deepEqual(plan.new_contacts[0].fields["сумма"], { type: "number", value: 1234.56 });
});

test("malformed rows are reported with row, column and line, never merged", () => {
  const bytes = enc('id,name\n1,"Alpha\n2,Beta\n');
  const p = previewCsv(bytes);
  assert.equal(p.errors.length, 1);
  assert.deepEqual(
    [p.errors[0].kind, p.errors[0].row, p.errors[0].column, p.errors[0].line],
    ["unterminated_quote", 2, 2, 2],
  );
});

test("duplicates against existing data follow the chosen policy", () => {
  const bytes = enc("id,name\nC0000001,Renamed\nnew-1,New\n");
  const existing = { contacts: demo.contacts, events: demo.events };
  const skip = importCsv(bytes, { duplicates: "skip" }, existing).report;
  assert.deepEqual([skip.rows_added, skip.rows_updated, skip.skipped.length], [1, 0, 1]);
  assert.equal(skip.skipped[0].row, 2);
  assert.equal(skip.skipped[0].reason.kind, "already_in_base");
  const update = importCsv(bytes, { duplicates: "update" }, existing);
  assert.deepEqual([update.report.rows_added, update.report.rows_updated], [1, 1]);
  assert.equal(update.updated_contacts[0].name, "Renamed");
});

test("export then import gives back the same contacts and events", () => {
  for (const profile of ["excel", "data"]) {
    const contacts = importCsv(exportContactsCsv(demo.contacts, { profile }), { kind: "contacts" });
    assert.deepEqual(contacts.new_contacts, demo.contacts, profile);
    const events = importCsv(exportEventsCsv(demo.events, { profile }), { kind: "events" }, { contacts: demo.contacts });
    assert.equal(events.report.rows_added, demo.events.length, profile);
    assert.deepEqual(events.new_events, demo.events, profile);
  }
  const fromJson = importJson(exportContactsJson(demo.contacts), "contacts");
  assert.deepEqual(fromJson.new_contacts, demo.contacts);
  const eventsJson = importJson(exportEventsJson(demo.events), "events", {}, { contacts: demo.contacts });
  assert.deepEqual(eventsJson.new_events, demo.events);
});

test("the Excel profile neutralizes formulas; the data profile keeps cells as they are", () => {
  const contacts = [{ id: "x", name: "=HYPERLINK(\"http://evil\")", company: "+1", email: "@a" }];
  const excel = new TextDecoder("utf-8", { ignoreBOM: true }).decode(exportContactsCsv(contacts));
  assert.equal(excel.charCodeAt(0), 0xfeff);
  assert.match(excel, /'=HYPERLINK/);
  assert.match(excel, /,'\+1,'@a,/);
  const data = new TextDecoder().decode(exportContactsCsv(contacts, { profile: "data", delimiter: ";" }));
  assert.match(data, /;"=HYPERLINK\(""http:\/\/evil""\)";/);
});

test("io errors are the same classes as the engine's, with the place", () => {
  assert.throws(() => importJson('[{"id": "a"},\n  {oops}]', "contacts"), (e) => {
    assert.ok(e instanceof InputError && e instanceof LifecycleError);
    assert.equal(e.code, "INVALID_JSON");
    assert.deepEqual([e.line, e.column], [2, 4]);
    return true;
  });
  assert.throws(() => importCsv("id,name\n"), (e) => e instanceof InputError && e.field === "bytes");
  assert.throws(() => importCsv(enc(""), { kind: "events" }), (e) => e instanceof InputError && e.code === "IMPORT_FAILED");
  // A mapping of the file's third column (index 2) when it has two: the error names
  // column 3, as the message does.
  const third = [{ column: 2, header: "x", target: { target: "note" }, reason: "user" }];
  assert.throws(() => importCsv(enc("id,name\n1,A\n"), { mapping: third }), (e) => {
    assert.equal(e.code, "IMPORT_FAILED");
    assert.equal(e.column, 3);
    assert.match(e.message, /column 3\b/);
    return true;
  });
  assert.throws(() => exportContactsCsv([{ id: "a" }, { id: 3 }]), (e) => e instanceof InputError && e.index === 1);
  assert.throws(() => exportContactsCsv([], { delimiter: "x" }), (e) => e instanceof InputError && e.field === "delimiter");
  assert.throws(() => exportContactsCsv([], { delimiter: ",," }), (e) => e instanceof InputError && e.field === "delimiter");
  assert.throws(() => exportEventsCsv([], { profile: "xls" }), (e) => e instanceof InputError && e.field === "profile");
  assert.throws(() => exportEventsCsv([], { profile: 1 }), (e) => e instanceof InputError && e.field === "options");
  assert.throws(() => exportEventsCsv([], "data"), (e) => e instanceof InputError && e.field === "options");
  const tab = new TextDecoder().decode(exportContactsCsv([{ id: "a", name: "B" }], { profile: "data", delimiter: "\t", unknown: 1 }));
  assert.match(tab, /^id\tname/);
});
