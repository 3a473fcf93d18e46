#!/usr/bin/env node
// Generates the telnyx-api node's catalogue of every operation from the Telnyx OpenAPI spec into
// src/telnyx/operations/catalogue.json (committed; the build copies it into nodes/lib, so a fresh clone
// builds without the 4 MB spec). Run by hand when the spec changes:
//
//     node scripts/catalogue.mjs [path/to/openapi.yml]      (default ../shared/telnyx/openapi.yml)
//
// The output is deterministic (operations by tag then path, schemas sorted), and compact: it keeps what
// checking a request needs and nothing else.
//   operations[]: { id, tag, method, path, summary, docs, params: [{ name, in, required?, schema }],
//                   body?: { type: "json" | "form" | "multipart" | "binary", required?, schema? },
//                   list?: { style: "page" | "uri", items },   // how its pages are followed
//                   binary?: true }                            // the answer may be a file, not JSON
//   schemas: { Name: schema }: the component schemas the operations reach, each once; `{ "$ref": "Name" }`
//   refers to one. A schema keeps type (nullable folded in), enum/const, format, pattern, bounds,
//   required, properties, additionalProperties, items, compositions and `not`; descriptions, examples, titles,
//   defaults, discriminators and x-* go. Request schemas drop readOnly properties (the API sets them).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const specPath = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(root, "..", "shared", "telnyx", "openapi.yml");
const outPath = path.join(root, "src", "telnyx", "operations", "catalogue.json");
const METHODS = ["get", "post", "put", "patch", "delete"];
const KEEP = ["type", "enum", "const", "format", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "minLength", "maxLength", "minItems", "maxItems", "required", "uniqueItems"];

const spec = yaml.load(fs.readFileSync(specPath, "utf8"));
const schemas = {};

/** A `#/components/<kind>/<name>` target. */
function target(ref) {
  return ref.slice(2).split("/").reduce((node, key) => node?.[key], spec);
}

function deref(node) {
  while (node && node.$ref) node = target(node.$ref);
  return node;
}

/** A compact copy of a schema; component refs become `{ $ref: Name }` with the component compacted once. */
function compact(schema, { request = false } = {}) {
  if (schema === true || schema === false) return schema;
  if (!schema || typeof schema !== "object") return {};
  if (schema.$ref) {
    const match = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
    if (!match) return compact(target(schema.$ref), { request });
    // Request and answer views differ (readOnly), so they are separate entries.
    const name = request ? match[1] : `${match[1]}@out`;
    if (!(name in schemas)) {
      schemas[name] = null; // reserve first: recursion stays a ref
      schemas[name] = compact(target(schema.$ref), { request });
    }
    return { $ref: name };
  }
  const out = {};
  for (const key of KEEP) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  if (schema.properties) {
    out.properties = {};
    for (const [key, value] of Object.entries(schema.properties)) {
      if (request && deref(value)?.readOnly === true) continue;
      out.properties[key] = compact(value, { request });
    }
    if (out.required) out.required = out.required.filter((key) => key in out.properties);
    if (out.required?.length === 0) delete out.required;
  }
  if (schema.additionalProperties !== undefined) {
    out.additionalProperties = typeof schema.additionalProperties === "object" ? compact(schema.additionalProperties, { request }) : schema.additionalProperties;
  }
  if (schema.items) out.items = compact(schema.items, { request });
  // `not: {}` is how the spec says a field must be absent (InitiateTexmlCall: Url or Texml, not both).
  if (schema.not) out.not = compact(schema.not, { request });
  for (const key of ["allOf", "anyOf", "oneOf"]) if (schema[key]) out[key] = schema[key].map((s) => compact(s, { request }));
  return out;
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Where a list's pages come from: page[number] + meta.total_pages, or next_page_uri (TeXML REST). */
function listStyle(params, answer) {
  const props = deref(answer)?.properties ?? {};
  const uri = "next_page_uri" in props || "NextPageUri" in props;
  const arrays = Object.entries(props).filter(([, s]) => deref(s)?.type === "array").map(([k]) => k);
  if (uri && arrays.length === 1) return { style: "uri", items: arrays[0] };
  const paged = params.some((p) => p.name === "page[number]" || (p.name === "page" && deref(p.schema)?.properties?.number));
  if (paged && "data" in props && "meta" in props && arrays.includes("data")) return { style: "page", items: "data" };
  return undefined;
}

function body(requestBody) {
  const rb = deref(requestBody);
  if (!rb?.content) return undefined;
  const types = Object.keys(rb.content);
  const pick = types.includes("application/json") ? ["json", "application/json"]
    : types.includes("application/x-www-form-urlencoded") ? ["form", "application/x-www-form-urlencoded"]
    : types.includes("multipart/form-data") ? ["multipart", "multipart/form-data"]
    : ["binary", types[0]];
  const out = { type: pick[0] };
  if (rb.required) out.required = true;
  const schema = rb.content[pick[1]]?.schema;
  if (schema && pick[0] !== "binary") out.schema = compact(schema, { request: true });
  return out;
}

const operations = [];
for (const [p, item] of Object.entries(spec.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
      .map(deref)
      .filter((prm) => prm.in === "path" || prm.in === "query")
      .map((prm) => ({ name: prm.name, in: prm.in, ...(prm.required ? { required: true } : {}), schema: compact(prm.schema ?? {}, { request: true }) }));
    const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code)).map(([, r]) => deref(r));
    const contentTypes = ok.flatMap((r) => Object.keys(r.content ?? {}));
    const json = ok.map((r) => r.content?.["application/json"]?.schema).find(Boolean);
    const tag = op.tags?.[0] ?? "Other";
    const summary = (op.summary ?? op.operationId).trim();
    const entry = {
      id: op.operationId,
      tag,
      method: method.toUpperCase(),
      path: p,
      summary,
      docs: `https://developers.telnyx.com/api-reference/${slug(tag)}/${slug(summary)}`,
      params,
    };
    const b = body(op.requestBody);
    if (b) entry.body = b;
    const list = method === "get" && json ? listStyle(params, json) : undefined;
    if (list) entry.list = list;
    if (contentTypes.some((t) => !/json|^text\/event-stream/.test(t))) entry.binary = true;
    operations.push(entry);
  }
}
operations.sort((a, b) => a.tag.localeCompare(b.tag) || a.path.localeCompare(b.path) || METHODS.indexOf(a.method.toLowerCase()) - METHODS.indexOf(b.method.toLowerCase()));
// The spec gives one operationId to two operations (ListPhoneNumbers): the later one gets its tag added.
const ids = new Set();
for (const op of operations) {
  if (ids.has(op.id)) op.id = `${op.id}_${slug(op.tag).replace(/-/g, "_")}`;
  if (ids.has(op.id)) throw new Error(`operationId ${op.id} appears twice`);
  ids.add(op.id);
}
const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
const catalogue = { source: `Telnyx API ${spec.info?.version ?? ""}`.trim(), operations, schemas: sorted };
fs.writeFileSync(outPath, JSON.stringify(catalogue) + "\n");
console.log(`${path.relative(root, outPath)}: ${operations.length} operations, ${Object.keys(sorted).length} schemas, ${fs.statSync(outPath).size} bytes`);
