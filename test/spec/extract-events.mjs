// Extracts the webhook events of the Telnyx OpenAPI spec into test/spec/telnyx-events.json: for every
// event_type, the payload fields (paths such as `hangup_cause`, `to[].status`, `from.phone_number`) with
// their type and enum. test/shared/outcomes.test.ts checks the outcome tables against it, so a table
// can only name events, fields and values the spec has.
//
//     node test/spec/extract-events.mjs [path/to/openapi.yml]
//
// Default input: ../shared/telnyx/openapi.yml relative to the repository root (as extract.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const input = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(repoRoot, '..', 'shared', 'telnyx', 'openapi.yml');
const spec = yaml.load(fs.readFileSync(input, 'utf8'));

function resolve(schema) {
  let current = schema;
  const seen = new Set();
  while (current && current.$ref) {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    const name = current.$ref.replace('#/components/schemas/', '');
    current = spec.components.schemas[name];
    if (!current) throw new Error(`unknown schema ${name}`);
  }
  return current;
}

/** The properties of an object schema, through $ref and allOf. */
function properties(schema) {
  const s = resolve(schema);
  const props = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(props, properties(part));
  return props;
}

/** payload paths -> { type, enum }; arrays as `name[]`, nested objects as `a.b`. Depth-limited. */
function fields(schema, prefix, out, depth) {
  for (const [name, raw] of Object.entries(properties(schema))) {
    const s = resolve(raw);
    const fieldPath = prefix + name;
    const type = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null').join('|') : s.type;
    const entry = { type: type ?? 'unknown' };
    if (Array.isArray(s.enum)) entry.enum = s.enum.filter((v) => v !== null);
    out[fieldPath] = entry;
    if (depth >= 3) continue;
    if (type === 'object' || s.properties || s.allOf) fields(s, `${fieldPath}.`, out, depth + 1);
    if (type === 'array' && s.items) {
      const item = resolve(s.items);
      if (item.properties || item.allOf) fields(item, `${fieldPath}[].`, out, depth + 1);
    }
  }
  return out;
}

const events = {};
for (const [webhook, def] of Object.entries(spec.webhooks ?? {})) {
  const body = def.post?.requestBody?.content?.['application/json']?.schema;
  if (!body) continue;
  const data = properties(body).data;
  if (!data) continue;
  const dataProps = properties(data);
  const types = resolve(dataProps.event_type ?? {}).enum ?? [];
  const payload = dataProps.payload ? fields(dataProps.payload, '', {}, 0) : {};
  for (const type of types) {
    // Several webhooks can share an event type (message.sent/finalized): merge their fields.
    events[type] = { webhooks: [...(events[type]?.webhooks ?? []), webhook], payload: { ...(events[type]?.payload ?? {}), ...payload } };
  }
}

const sorted = Object.fromEntries(Object.entries(events).sort(([a], [b]) => a.localeCompare(b)));
const result = {
  source: {
    file: 'openapi.yml (github.com/team-telnyx/openapi, openapi/spec3.yml)',
    generatedBy: 'test/spec/extract-events.mjs',
  },
  events: sorted,
};
const outFile = path.join(here, 'telnyx-events.json');
fs.writeFileSync(outFile, JSON.stringify(result, null, 1) + '\n');
console.log(`${Object.keys(sorted).length} event types -> ${path.relative(repoRoot, outFile)}`);
