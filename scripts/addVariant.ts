/**
 * `npm run variant -- --name "paper (frequency order)" --metrics /tmp/runs/paper/metrics.json`
 * Adds (or replaces, by name) a trained variant's val metrics in models/head/variants.json, the
 * record of every variant trained; `variantsTable` (src/train/variants.ts) renders its rows as the
 * research log's table.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readVariants, variantFromMetrics } from '../src/train/variants';

const { values } = parseArgs({
  options: { name: { type: 'string' }, metrics: { type: 'string' }, into: { type: 'string', default: 'models/head/variants.json' } },
});
if (!values.name || !values.metrics) {
  console.error('usage: npm run variant -- --name NAME --metrics RUN/metrics.json [--into models/head/variants.json]');
  process.exit(2);
}
const rows = readVariants(values.into!).filter((r) => r.name !== values.name);
rows.push(variantFromMetrics(values.name, values.metrics));
writeFileSync(values.into!, `${JSON.stringify(rows, null, 1)}\n`);
console.log(`${values.into}: ${rows.length} variants`);
