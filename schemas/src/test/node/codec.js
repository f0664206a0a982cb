'use strict';
// An independent Confluent wire-format Avro codec (kafkajs' client, avsc underneath), driven by
// the schemas integration test. Reads one JSON instruction from stdin:
//   {"registry": "http://127.0.0.1:port/apis/ccompat/v7",
//    "decode": ["00000000...hex", ...],
//    "encode": [{"subject": "...", "schema": "<avro json text>", "record": {...}}, ...]}
// and prints {"decoded": [record, ...], "encoded": [{"id": n, "hex": "..."}, ...]}.
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

function readStdin() {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { text += chunk; });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

async function main() {
  // Bytes travel as Node's JSON form of a Buffer, {"type": "Buffer", "data": [...]}.
  const instruction = JSON.parse(await readStdin(),
    (key, value) => (value && value.type === 'Buffer' && Array.isArray(value.data) ? Buffer.from(value.data) : value));
  const registry = new SchemaRegistry({ host: instruction.registry, retry: { retries: 2 } });
  const decoded = [];
  for (const hex of instruction.decode || []) {
    decoded.push(await registry.decode(Buffer.from(hex, 'hex')));
  }
  const encoded = [];
  for (const item of instruction.encode || []) {
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: item.schema },
      { subject: item.subject, compatibility: 'BACKWARD' });
    const bytes = await registry.encode(id, item.record);
    encoded.push({ id, hex: bytes.toString('hex') });
  }
  process.stdout.write(JSON.stringify({ decoded, encoded }));
}

main().catch((error) => {
  process.stderr.write(`codec.js failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
