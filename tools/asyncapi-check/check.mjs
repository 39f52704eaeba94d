// Parses and validates an AsyncAPI document with the AsyncAPI parser, resolving its references
// (the event schemas beside it). Prints every diagnostic; exits 1 if any is an error.
// Usage: node check.mjs PATH/asyncapi.yaml
import { Parser, fromFile } from '@asyncapi/parser';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node check.mjs PATH/asyncapi.yaml');
  process.exit(2);
}
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, resolve(file)).parse();
const names = ['error', 'warning', 'information', 'hint'];
let errors = 0;
for (const d of diagnostics) {
  const where = d.path && d.path.length ? ' at ' + d.path.join('/') : '';
  console.log(`${names[d.severity] ?? d.severity}: ${d.code}: ${d.message}${where}`);
  if (d.severity === 0) errors++;
}
if (!document || errors > 0) {
  console.log(`asyncapi: ${file} is not valid (${errors} error(s))`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => c.address());
const messages = document.allMessages().all().length;
console.log(`asyncapi: ${file} is valid AsyncAPI ${document.version()}: channels ${channels.join(', ')}; ${messages} messages`);
