#!/usr/bin/env node
// Extracts the request and response schemas of the Telnyx operations this package uses
// from the Telnyx OpenAPI spec into test/spec/telnyx-requests.json, the data file that
// test/support/spec.ts validates our outgoing requests against.
//
// Run by hand from the repository root (the tests never run it and never read the spec); it reads the
// operation descriptors, hence tsx:
//
//     node --import tsx test/spec/extract.mjs [path/to/openapi.yml]
//
// Default input: ../shared/telnyx/openapi.yml relative to the repository root
// (github.com/team-telnyx/openapi, openapi/spec3.yml; see ../shared/telnyx/operations.md).
// The output is deterministic (sorted $defs, stable key order), so regenerating from the
// same spec gives a byte-identical file and a new spec gives a readable diff.
//
// What the output holds:
//   - operations[operationId] = { method, path, summary, requestContentType, requestSchema,
//     responseSchema } where responseSchema is the 200 application/json schema;
//   - $defs: only the component schemas reachable from those schemas; every
//     `#/components/schemas/X` becomes `#/$defs/X` (so recursion stays a ref, never an
//     infinite inline expansion);
//   - connectionTest: the operationId of the cheap authenticated GET used to test a key;
//   - seeds: the operationIds of ../shared/telnyx/seed-operations.md (the product's documents), in order.
// Schemas are trimmed for validation: `description` (kept when short), `example(s)`,
// `x-*`, `discriminator`, `externalDocs`, `xml` go; OpenAPI 3.0 leftovers
// (`nullable: true`) become JSON Schema 2020-12 type unions so ajv sees what was meant.
// Everything that constrains a value (type, enum, const, format, pattern, bounds,
// required, compositions, additionalProperties, default, readOnly/writeOnly, deprecated,
// title) is kept.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { OPERATIONS as DESCRIPTORS } from '../../src/shared/operations/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const specPath = process.argv[2]
  ? path.resolve(process.argv[2])
  : path.resolve(repoRoot, '..', 'shared', 'telnyx', 'openapi.yml');
const outPath = path.join(here, 'telnyx-requests.json');

/** Descriptions up to this many characters are kept (they help when reading the file). */
const SHORT_DESCRIPTION = 100;

/**
 * [method, path, expected operationId]: every operation descriptor (src/shared/operations), so a new
 * descriptor only needs this script re-run, plus the connection test. The operationId is read from the
 * spec and must equal the expected one: a rename upstream should fail here, not silently re-key tests.
 */
const OPERATIONS = [
  ...Object.values(DESCRIPTORS).map((d) => [d.method.toLowerCase(), d.path, d.operationId]),
  // Connection test (see CONNECTION_TEST) and an alternative that also lists profiles.
  ['get', '/balance', 'GetUserBalance'],
  ['get', '/messaging_profiles', 'ListMessagingProfiles'],
  // The webhook node's "link this URL": list the applications, then set one's webhook URL.
  ['get', '/call_control_applications', 'ListCallControlApplications'],
  ['patch', '/call_control_applications/{id}', 'UpdateCallControlApplication'],
  ['patch', '/messaging_profiles/{id}', 'UpdateMessagingProfile'],
  ['get', '/texml_applications', 'FindTexmlApplications'],
  ['patch', '/texml_applications/{id}', 'UpdateTexmlApplication'],
  // The example flows' telnyx-api nodes beyond the seeds (test/example-flows.test.ts): conferences, queues.
  ['post', '/conferences', 'CreateConference'],
  ['post', '/conferences/{id}/actions/join', 'JoinConference'],
  ['post', '/conferences/{id}/actions/mute', 'MuteConferenceParticipants'],
  ['post', '/conferences/{id}/actions/unmute', 'UnmuteConferenceParticipants'],
  ['post', '/conferences/{id}/actions/hold', 'HoldConferenceParticipants'],
  ['post', '/conferences/{id}/actions/unhold', 'UnholdConferenceParticipants'],
  ['post', '/conferences/{id}/actions/leave', 'LeaveConference'],
  ['post', '/conferences/{id}/actions/end', 'EndConference'],
  ['get', '/conferences/{conference_id}/participants', 'ListConferenceParticipants'],
  ['get', '/queues/{queue_name}/calls', 'ListQueueCalls'],
];

/**
 * GET /balance: authenticated, no side effects, no parameters, a one-object response.
 * 401 means a bad key; 403 ("Insufficient permissions to access balance information")
 * means the key authenticated but lacks billing permission, which still proves the key.
 */
const CONNECTION_TEST = 'GetUserBalance';

/**
 * And every operation of the product's documents (../shared/telnyx/seed-operations.md: the telnyx-api
 * node's test sends each of them), read from its tables: | METHOD | `path` | operationId | summary |.
 */
const seedsPath = path.join(path.dirname(specPath), 'seed-operations.md');
const SEEDS = [];
for (const line of fs.readFileSync(seedsPath, 'utf8').split('\n')) {
  const m = /^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (\w+) \|/.exec(line);
  if (!m) continue;
  SEEDS.push(m[3]);
  if (!OPERATIONS.some(([, p, id]) => id === m[3])) OPERATIONS.push([m[1].toLowerCase(), m[2], m[3]]);
}

const text = fs.readFileSync(specPath, 'utf8');
const spec = yaml.load(text);
if (!String(spec.openapi).startsWith('3.1')) {
  throw new Error(`expected an OpenAPI 3.1 spec, got openapi: ${spec.openapi}`);
}

// ---------------------------------------------------------------------------------------
// Schema cleaning

/** Keywords whose value is a map of name -> schema (names are data, not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);
/** Keywords whose value is a schema. */
const SCHEMA_ONE = new Set([
  'items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not',
  'if', 'then', 'else', 'propertyNames', 'contains', 'contentSchema',
]);
/** Keywords whose value is an array of schemas. */
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords dropped outright. */
const DROP = new Set(['example', 'examples', 'discriminator', 'externalDocs', 'xml']);

const needed = new Set(); // component schema names reachable so far
const queue = [];
const unknownKeywords = new Map();
const KNOWN = new Set([
  ...SCHEMA_MAPS, ...SCHEMA_ONE, ...SCHEMA_LIST, ...DROP,
  '$ref', 'type', 'enum', 'const', 'format', 'pattern', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
  'dependentRequired', 'default', 'title', 'description', 'readOnly', 'writeOnly',
  'deprecated', 'nullable', 'contentEncoding', 'contentMediaType',
]);

function refName(ref) {
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return decodeURIComponent(m[1].replace(/~1/g, '/').replace(/~0/g, '~'));
}

function need(name) {
  if (!(name in spec.components.schemas)) throw new Error(`dangling $ref to ${name}`);
  if (!needed.has(name)) {
    needed.add(name);
    queue.push(name);
  }
}

/** Applies OpenAPI 3.0 `nullable: true` as a JSON Schema 2020-12 union. */
function applyNullable(out) {
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === 'string' || Array.isArray(out.type)) {
    const types = new Set([].concat(out.type));
    types.add('null');
    out.type = [...types];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  // No type of its own ($ref, allOf, ...): null or the schema.
  return { anyOf: [out, { type: 'null' }] };
}

function clean(schema) {
  if (typeof schema === 'boolean') return schema;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  }
  const out = {};
  for (const key of Object.keys(schema)) {
    const value = schema[key];
    if (DROP.has(key) || key.startsWith('x-')) continue;
    if (!KNOWN.has(key)) unknownKeywords.set(key, (unknownKeywords.get(key) ?? 0) + 1);
    if (key === 'description') {
      if (typeof value === 'string' && value.length <= SHORT_DESCRIPTION && !value.includes('\n')) {
        out.description = value;
      }
    } else if (key === '$ref') {
      const name = refName(value);
      need(name);
      out.$ref = `#/$defs/${name}`;
    } else if (SCHEMA_MAPS.has(key)) {
      out[key] = {};
      for (const name of Object.keys(value)) out[key][name] = clean(value[name]);
    } else if (SCHEMA_ONE.has(key)) {
      out[key] = clean(value);
    } else if (SCHEMA_LIST.has(key)) {
      out[key] = value.map(clean);
    } else {
      out[key] = value; // enum, const, default, bounds, ...: data, copied verbatim
    }
  }
  return applyNullable(out);
}

// ---------------------------------------------------------------------------------------
// Operations

function resolveComponent(obj, kind) {
  let cur = obj;
  for (let i = 0; cur && cur.$ref; i++) {
    if (i > 10) throw new Error(`ref loop at ${cur.$ref}`);
    const m = new RegExp(`^#/components/${kind}/([^/]+)$`).exec(cur.$ref);
    if (!m) throw new Error(`unexpected ${kind} ref ${cur.$ref}`);
    cur = spec.components[kind][m[1]];
  }
  return cur;
}

const operations = {};
for (const [method, p, expectedId] of OPERATIONS) {
  const op = spec.paths[p]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${p} is not in the spec`);
  if (op.operationId !== expectedId) {
    throw new Error(`${method.toUpperCase()} ${p}: operationId is ${op.operationId}, expected ${expectedId}`);
  }
  const entry = { method: method.toUpperCase(), path: p };
  if (op.summary) entry.summary = op.summary;
  if (op.deprecated) entry.deprecated = true;

  const body = resolveComponent(op.requestBody, 'requestBodies');
  if (body) {
    const types = Object.keys(body.content ?? {});
    // Where an operation takes JSON or a form, JSON is what our nodes send.
    const type = types.length === 1 ? types[0] : types.includes('application/json') ? 'application/json' : undefined;
    if (!type) throw new Error(`${expectedId}: request content types ${types}`);
    entry.requestContentType = type;
    entry.requestBodyRequired = body.required === true;
    entry.requestSchema = clean(body.content[type].schema);
  } else {
    entry.requestSchema = null;
  }

  // The first 2xx answer with JSON (201 for some creates; a 204 delete has none: responseSchema null).
  const okCode = Object.keys(op.responses ?? {}).filter((code) => /^2/.test(code)).sort()
    .find((code) => resolveComponent(op.responses[code], 'responses')?.content?.['application/json']?.schema);
  const ok = okCode && resolveComponent(op.responses[okCode], 'responses');
  const okSchema = ok?.content?.['application/json']?.schema;
  entry.responseSchema = okSchema ? clean(okSchema) : null;
  operations[expectedId] = entry;
}

const defs = {};
while (queue.length) {
  const name = queue.shift();
  defs[name] = clean(spec.components.schemas[name]);
}
const sortedDefs = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));

const formats = new Set();
JSON.stringify({ operations, sortedDefs }, (k, v) => {
  if (k === 'format' && typeof v === 'string') formats.add(v);
  return v;
});

const out = {
  $comment:
    'Generated by test/spec/extract.mjs from the Telnyx OpenAPI spec. Do not edit; regenerate.',
  source: {
    file: 'openapi.yml (github.com/team-telnyx/openapi, openapi/spec3.yml)',
    openapi: spec.openapi,
    infoVersion: spec.info?.version,
    server: spec.servers?.[0]?.url,
    bytes: Buffer.byteLength(text),
  },
  connectionTest: CONNECTION_TEST,
  seeds: SEEDS,
  formats: [...formats].sort(),
  operations,
  $defs: sortedDefs,
};

const json = `${JSON.stringify(out, null, 1)}\n`;
fs.writeFileSync(outPath, json);
console.log(
  `wrote ${path.relative(repoRoot, outPath)}: ${Object.keys(operations).length} operations, ` +
    `${Object.keys(sortedDefs).length} $defs, ${Buffer.byteLength(json)} bytes, formats: ${[...formats].sort().join(', ')}`,
);
if (unknownKeywords.size) {
  console.warn('keywords copied without a rule:', Object.fromEntries(unknownKeywords));
}
