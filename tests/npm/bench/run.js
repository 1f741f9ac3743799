// The benchmark itself, shared by Node and Chromium: the 1M-contact demo base,
// loading through typed columns and (on a smaller base) through objects,
// classification and the 36 month-end trend.
export function run(lc, sizes = { big: 1_000_000, small: 100_000 }, log = () => {}) {
  const rows = [];
  const time = (label, fn) => {
    const t0 = performance.now();
    const v = fn();
    rows.push([label, Math.round(performance.now() - t0)]);
    log(rows.at(-1));
    return v;
  };
  const asOf = "2025-10-01";
  const dates = lc.monthEnds("2022-10-01", "2025-09-30");

  const small = { contacts: sizes.small, seed: 1, asOf };
  const objects = time(`generateDemo ${sizes.small} (objects)`, () => lc.generateDemo(small));
  const columnsSmall = time(`generateDemoColumns ${sizes.small}`, () => lc.generateDemoColumns(small));
  const a = lc.Engine.fromPreset("b2b");
  time(`load objects: ${sizes.small} contacts, ${objects.events.length} events`, () => a.load(objects.contacts, objects.events));
  a.free();
  const b = lc.Engine.fromPreset("b2b");
  time(`loadColumns: ${sizes.small} contacts, ${columnsSmall.columns.day.length} events`, () => b.loadColumns(columnsSmall.contacts, columnsSmall.columns));
  b.free();

  const big = time(`generateDemoColumns ${sizes.big}`, () => lc.generateDemoColumns({ contacts: sizes.big, seed: 1, asOf }));
  const e = lc.Engine.fromPreset("b2b");
  time(`loadColumns: ${sizes.big} contacts, ${big.columns.day.length} events`, () => e.loadColumns(big.contacts, big.columns));
  time(`classify ${sizes.big}`, () => e.classify(asOf));
  time(`classify ${sizes.big} (again)`, () => e.classify(asOf));
  time(`trend, 36 month-ends, ${sizes.big} (histories + trend)`, () => e.trend(dates));
  time(`trend, 36 month-ends, ${sizes.big} (histories cached)`, () => e.trend(dates));
  e.free();
  return rows;
}
