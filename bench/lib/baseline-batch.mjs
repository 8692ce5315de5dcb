// The baseline of the --batch benchmark: the least a line-by-line NDJSON tool can do. Streams the input
// file line by line, runs JSON.parse and JSON.stringify on each line and writes the results, one per
// line, to the output file, with the same 1 MiB reads and large writes as `stepdown recommend --batch`.
// Usage: node bench/lib/baseline-batch.mjs INPUT OUTPUT
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node bench/lib/baseline-batch.mjs INPUT OUTPUT');
  process.exit(2);
}

const sink = createWriteStream(output, { highWaterMark: 64 << 20 });
let rest = '';
let lines = 0;
for await (const chunk of createReadStream(input, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (rest + chunk).split('\n');
  rest = parts.pop() ?? '';
  let out = '';
  for (const line of parts) {
    if (line === '') continue;
    out += `${JSON.stringify(JSON.parse(line))}\n`;
    lines++;
  }
  if (!sink.write(out)) await once(sink, 'drain');
}
if (rest !== '') {
  sink.write(`${JSON.stringify(JSON.parse(rest))}\n`);
  lines++;
}
sink.end();
await once(sink, 'finish');
console.log(`${lines} lines`);
