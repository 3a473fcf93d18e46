// The telnyx-api node: every operation of the product's documents (seed-operations.md, 81) sent through
// it against the stand-in and checked against its OpenAPI request schema; validation before sending;
// retries by method; both pagination styles; a file answer; a 10,000-item list with and without a cap.
import { strict as assert } from "node:assert";
import { account, collect, coreNode, helper, nodeModule, onTab, settle, waitFor } from "../support/node-red";
import { assertMatchesRequestSchema, decodeForm, operation, pathParams, requestSchema, seedOperationIds } from "../support/spec";
import { TelnyxStandIn, errorBody, sampleActiveCalls } from "../support/telnyx-standin";
import { UUID_V4, type CaughtError } from "../support/call-control-flow";

type Schema = boolean | Record<string, unknown>;

/** A minimal valid value for a schema of the spec data file: required fields only, documented values first. */
function example(schema: Schema, defs: Record<string, Schema>, depth = 0): unknown {
  if (typeof schema === "boolean" || depth > 12) return undefined;
  if (typeof schema.$ref === "string") return example(defs[schema.$ref.replace("#/$defs/", "")], defs, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null);
  if (schema.default !== undefined && schema.default !== null && typeof schema.default !== "object") return schema.default;
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((s) => example(s as Schema, defs, depth + 1));
    return parts.every((p) => typeof p === "object" && p !== null) ? Object.assign({}, ...parts) : parts.find((p) => p !== undefined);
  }
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  const first = options && example(options.find((o) => typeof o !== "boolean" && o.type !== "null") ?? options[0], defs, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "object" || schema.properties) {
    // The object's own required fields, and those of its first form (a oneOf of "With URL", ...).
    const out: Record<string, unknown> = typeof first === "object" && first !== null ? { ...first } : {};
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) out[key] ??= example(properties[key] ?? {}, defs, depth + 1);
    return out;
  }
  if (options) return first;
  if (type === "array") return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, () => example((schema.items ?? {}) as Schema, defs, depth + 1));
  if (type === "integer" || type === "number") return Number(schema.minimum ?? 1);
  if (type === "boolean") return true;
  if (schema.format === "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  if (schema.format === "date-time") return "2026-12-01T10:00:00Z";
  if (schema.format === "uri" || schema.format === "url") return "https://example.com/telnyx";
  const candidates = ["+15555550100", "example", "1", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "https://example.com/telnyx", "a".repeat(Number(schema.minLength ?? 1))];
  if (typeof schema.pattern === "string") return candidates.find((c) => new RegExp(schema.pattern as string, "u").test(c)) ?? "example";
  return candidates.find((c) => c.length >= Number(schema.minLength ?? 0) && c.length <= Number(schema.maxLength ?? Infinity)) ?? "x";
}


describe("telnyx-api node", function () {
  let api: TelnyxStandIn;

  async function load(props: Record<string, unknown>, accountProps: Record<string, unknown> = {}) {
    const acct = account(api.baseUrl, accountProps);
    const flow = onTab(
      acct.node,
      { id: "call-api", type: "telnyx-api", account: "acct", wires: [["out"]], ...props },
      { id: "out", type: "helper" },
      { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
      { id: "caught", type: "helper" },
    );
    await helper.load([nodeModule("telnyx-config"), nodeModule("telnyx-api"), coreNode("common/25-catch.js")] as never, flow, acct.credentials);
    return { node: helper.getNode("call-api"), out: collect("out"), caught: collect("caught") };
  }

  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    await api.close();
  });

  describe("sends every operation of the product's documents as the spec declares it", () => {
    for (const id of seedOperationIds()) {
      it(id, async () => {
        const op = operation(id);
        const { schema, $defs } = requestSchema(id);
        // Ids as UUIDs: some are documented as UUIDs, and a UUID is a string for the others.
        const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map(([, name], i) => [name, `3fa85f64-5717-4562-b3fc-2c963f66afa${i}`]));
        const body = schema === null ? undefined : example(schema, $defs);
        const { node, out, caught } = await load({ operation: id });
        api.enqueue({ status: 200, body: { data: { id: "standin" } } });
        node.receive({ params, ...(body === undefined ? {} : { payload: body }) } as never);
        await waitFor(out, 1, "the answer").catch((err: Error) => {
          throw new Error(`${err.message}; caught: ${caught.map((m) => (m.error as CaughtError).message).join("; ")}`);
        });
        assert.equal(api.requests.length, 1);
        const req = api.requests[0];
        assert.equal(req.method, op.method);
        assert.deepEqual(pathParams(id, req.path), params);
        if (schema === null) {
          assert.equal(req.rawBody, "", "no body");
        } else {
          const sent = op.requestContentType === "application/x-www-form-urlencoded" ? decodeForm(req.rawBody, schema, $defs) : req.body;
          if (/^\/calls\/\{call_control_id\}\/actions\//.test(op.path)) assert.match(String((sent as Record<string, unknown>).command_id), UUID_V4);
          assertMatchesRequestSchema(id, sent);
        }
        assert.deepEqual(out[0].payload, { data: { id: "standin" } });
        assert.equal(out[0].statusCode, 200);
      });
    }
  });

  describe("checks before sending", () => {
    async function refused(props: Record<string, unknown>, msg: Record<string, unknown>): Promise<CaughtError> {
      const { node, caught } = await load(props);
      node.receive(msg as never);
      const [failed] = await waitFor(caught, 1, "the error");
      await settle();
      assert.equal(api.requests.length, 0, "nothing was sent");
      return failed.error as CaughtError;
    }

    it("a missing path parameter, named", async () => {
      const error = await refused({ operation: "RetrieveCallStatus" }, { payload: "ignored" });
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.equal(error.message, "params.call_control_id: expected a string, got nothing");
      assert.equal(error.cause.field, "params.call_control_id");
    });

    it("a missing required body field, named", async () => {
      const error = await refused({ operation: "CreateTexmlSecret" }, { payload: { name: "crm_token" } });
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.match(error.message, /^body\.value: expected a string.*, got nothing$/);
    });

    it("a value that is not one of the documented ones, with the documented ones", async () => {
      const error = await refused(
        { operation: "GetTexmlCalls", values: { "path:account_sid": { value: "AC-1", type: "str" }, "query:Status": { value: "ringing", type: "str" } } },
        {},
      );
      assert.equal(error.message, 'query.Status: expected one of "canceled", "completed", "failed", "busy" or "no-answer", got "ringing"');
    });

    it("a wrong type inside the body, and a field the operation does not document", async () => {
      let error = await refused({ operation: "SendMessage" }, { payload: { to: "+15555550100", text: "hi", from: 15555550101 } });
      assert.match(error.message, /^body\.from: expected a string.*, got 15555550101$/);
      await helper.unload();
      error = await refused({ operation: "SendMessage" }, { payload: { to: "+15555550100", text: "hi", colour: "red" } });
      assert.match(error.message, /^body\.colour: expected a documented field \(.*\), got "red"$/);
    });

    it("an unknown operation", async () => {
      const error = await refused({ operation: "NoSuchOperation" }, {});
      assert.equal(error.message, 'operation: expected an operationId of the Telnyx API (e.g. RetrieveCallStatus), got "NoSuchOperation"');
    });

    it("node fields win over msg, and text that stands for numbers and booleans is sent as numbers and booleans", async () => {
      const { node, out } = await load({
        operation: "ListCallControlApplications",
        values: { "query:page[size]": { value: "2", type: "str" } },
      });
      node.receive({ query: { "page[size]": 50, "page[number]": "1" } } as never);
      await waitFor(out, 1, "the answer");
      assert.equal(api.requests[0].query.get("page[size]"), "2");
      assert.equal(api.requests[0].query.get("page[number]"), "1");
    });
  });

  describe("retries what is safe to repeat", () => {
    const failOnce = () => api.enqueue({ status: 503 }, { status: 200, body: { data: { id: "standin" } } });

    it("a read (GET) after a 503", async () => {
      const { node, out } = await load({ operation: "RetrieveCallStatus" });
      failOnce();
      node.receive({ params: { call_control_id: "v3:call-1" } } as never);
      await waitFor(out, 1, "the answer");
      assert.equal(api.requests.length, 2);
    });

    it("a delete after a 503", async () => {
      const { node, out } = await load({ operation: "DeleteTexmlQueue" });
      failOnce();
      node.receive({ params: { account_sid: "AC-1", queue_sid: "QU-1" } } as never);
      await waitFor(out, 1, "the answer");
      assert.deepEqual(api.requests.map((r) => r.method), ["DELETE", "DELETE"]);
    });

    it("a call command after a 503, with the same command_id; one from msg.payload is not used", async () => {
      const { node, out } = await load({ operation: "HangupCall" });
      failOnce();
      node.receive({ params: { call_control_id: "v3:call-1" }, payload: { command_id: "from-an-earlier-node" } } as never);
      await waitFor(out, 1, "the answer");
      assert.equal(api.requests.length, 2);
      const [first, second] = api.requests.map((r) => (r.body as { command_id: string }).command_id);
      assert.match(first, UUID_V4);
      assert.equal(second, first);
    });

    it("never repeats another write after a 503 (it may have been done)", async () => {
      const { node, caught } = await load({ operation: "CreateTexmlQueue" });
      failOnce();
      node.receive({ params: { account_sid: "AC-1" }, payload: {} } as never);
      const [failed] = await waitFor(caught, 1, "the error");
      await settle();
      assert.equal(api.requests.length, 1);
      assert.equal((failed.error as CaughtError).code, "10007");
    });

    it("repeats another write when the account opts in", async () => {
      const { node, out } = await load({ operation: "CreateTexmlQueue" }, { retrySends: true });
      failOnce();
      node.receive({ params: { account_sid: "AC-1" }, payload: { FriendlyName: "support" } } as never);
      await waitFor(out, 1, "the answer");
      assert.equal(api.requests.length, 2);
    });

    it("always retries a 429, writes too", async () => {
      const { node, out } = await load({ operation: "CreateTexmlQueue" });
      api.enqueue({ status: 429, body: errorBody(429, "10011", "Too many requests"), headers: { "retry-after": "0" } }, { status: 200, body: { data: {} } });
      node.receive({ params: { account_sid: "AC-1" }, payload: {} } as never);
      await waitFor(out, 1, "the answer");
      assert.equal(api.requests.length, 2);
    });
  });

  describe("lists", () => {
    it("follows page[number] until meta.total_pages, into one message", async () => {
      const { node, out } = await load({ operation: "ListCallControlApplications", pages: "all", values: { "query:page[size]": { value: "1", type: "num" } } });
      node.receive({} as never);
      const [msg] = await waitFor(out, 1, "the answer");
      assert.deepEqual(api.requests.map((r) => r.query.get("page[number]")), [null, "2"]);
      assert.deepEqual((msg.payload as Array<{ id: string }>).map((a) => a.id), ["1293384261075731401", "1293384261075731402"]);
      assert.deepEqual(msg.pages, { pages: 2, items: 2, capped: false });
    });

    it("follows next_page_uri (TeXML REST) on the account's own base URL, one message per item", async () => {
      const { node, out } = await load({ operation: "GetTexmlCalls", pages: "each" });
      const page = (calls: string[], next?: string) => ({ status: 200, body: { calls: calls.map((sid) => ({ call_sid: sid })), page_size: 2, ...(next ? { next_page_uri: next } : {}) } });
      api.enqueue(
        page(["CA1", "CA2"], "/v2/texml/Accounts/AC-1/Calls.json?Page=1&PageSize=2&PageToken=t1"),
        page(["CA3", "CA4"], "/v2/texml/Accounts/AC-1/Calls.json?Page=2&PageSize=2&PageToken=t2"),
        page(["CA5"]),
      );
      node.receive({ params: { account_sid: "AC-1" } } as never);
      const msgs = await waitFor(out, 5, "one message per call");
      assert.deepEqual(msgs.map((m) => (m.payload as { call_sid: string }).call_sid), ["CA1", "CA2", "CA3", "CA4", "CA5"]);
      assert.deepEqual(msgs.map((m) => (m.parts as { index: number }).index), [0, 1, 2, 3, 4]);
      assert.deepEqual(api.requests.map((r) => `${r.path}?${r.query}`), [
        "/texml/Accounts/AC-1/Calls?",
        "/texml/Accounts/AC-1/Calls.json?Page=1&PageSize=2&PageToken=t1",
        "/texml/Accounts/AC-1/Calls.json?Page=2&PageSize=2&PageToken=t2",
      ]);
    });

    it("follows a cursor's meta.next (CursorPaginationMeta: active calls) until there is none", async () => {
      api.activeCalls = sampleActiveCalls(5);
      const { node, out } = await load({ operation: "ListConnectionActiveCalls", pages: "all", values: { "query:page[limit]": { value: "2", type: "num" } } });
      node.receive({ params: { connection_id: "1293384261075731461" } } as never);
      const [msg] = await waitFor(out, 1, "the answer");
      assert.deepEqual(api.requests.map((r) => r.query.get("page[after]")), [null, "cursor-2", "cursor-4"]);
      // The stand-in's meta.next carries only page[after] (as the spec's example): the size is carried over.
      assert.deepEqual(api.requests.map((r) => r.query.getAll("page[limit]")), [["2"], ["2"], ["2"]]);
      assert.deepEqual(msg.payload, api.activeCalls);
      assert.deepEqual(msg.pages, { pages: 3, items: 5, capped: false });
    });

    it("a cursor's meta.next gets the first request's filters and page size it lacks, never its cursor; what it states stands", async () => {
      const { node, out } = await load({
        operation: "ListCallControlApplications",
        pages: "all",
        values: {
          "query:filter[status]": { value: "completed", type: "str" },
          "query:page[limit]": { value: "2", type: "num" },
          "query:page[before]": { value: "c0", type: "str" },
        },
      });
      const page = (ids: string[], next?: string) => ({ status: 200, body: { data: ids.map((id) => ({ id })), meta: { total_items: 5, ...(next ? { next } : {}) } } });
      api.enqueue(
        page(["1", "2"], "/v2/call_control_applications?page[after]=c2&page[limit]=3"),
        page(["3", "4", "5"], "/v2/call_control_applications?page[after]=c5&filter[status]=in_progress"),
        page([]),
      );
      node.receive({} as never);
      const [msg] = await waitFor(out, 1, "the answer");
      const asked = (name: string) => api.requests.map((r) => r.query.getAll(name));
      assert.deepEqual(asked("page[after]"), [[], ["c2"], ["c5"]]);
      assert.deepEqual(asked("page[before]"), [["c0"], [], []], "a cursor of the first request is not carried");
      assert.deepEqual(asked("page[limit]"), [["2"], ["3"], ["2"]], "the link's own size stands; else the first request's");
      assert.deepEqual(asked("filter[status]"), [["completed"], ["completed"], ["in_progress"]]);
      assert.deepEqual((msg.payload as Array<{ id: string }>).map((a) => a.id), ["1", "2", "3", "4", "5"]);
    });

    it("10,000 items: every one without a cap, and only the first 1,000 with it", async () => {
      api.applications["/call_control_applications"] = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i), record_type: "call_control_application" }));
      let { node, out } = await load({ operation: "ListCallControlApplications", pages: "all", maxItems: "0", values: { "query:page[size]": { value: "250", type: "num" } } });
      node.receive({} as never);
      let [msg] = await waitFor(out, 1, "the answer", 20_000);
      assert.equal((msg.payload as unknown[]).length, 10_000);
      assert.equal((msg.payload as Array<{ id: string }>)[9_999].id, "9999");
      assert.deepEqual(msg.pages, { pages: 40, items: 10_000, capped: false });
      assert.equal(api.requests.length, 40);

      await helper.unload();
      api.requests.length = 0;
      ({ node, out } = await load({ operation: "ListCallControlApplications", pages: "each", maxItems: "1000", values: { "query:page[size]": { value: "250", type: "num" } } }));
      node.receive({} as never);
      const each = await waitFor(out, 1000, "1,000 messages", 20_000);
      await settle();
      assert.equal(out.length, 1000, "no more than the cap");
      assert.equal(api.requests.length, 4, "no page past the cap is fetched");
      msg = each[999];
      assert.deepEqual(msg.parts && { ...(msg.parts as object), id: undefined }, { id: undefined, index: 999, count: 1000, type: "array" });
      assert.deepEqual(msg.pages, { pages: 4, items: 1000, capped: true });
    });
  });

  it("redirects a live TeXML call and ends it, as the example does, with form bodies the spec declares", async () => {
    const { node, out } = await load({ operation: "UpdateTexmlCall" });
    const params = { account_sid: "AC-1", call_sid: "v3:call-1" };
    api.enqueue({ status: 200, body: { status: "in-progress" } }, { status: 200, body: { status: "completed" } });
    node.receive({ params, payload: { Url: "https://example.com/texml/next", Method: "POST" } } as never);
    node.receive({ params, payload: { Status: "completed" } } as never);
    await waitFor(out, 2, "both answers");
    const { schema, $defs } = requestSchema("UpdateTexmlCall");
    const bodies = api.requests.map((r) => decodeForm(r.rawBody, schema!, $defs));
    assert.deepEqual(bodies, [{ Url: "https://example.com/texml/next", Method: "POST" }, { Status: "completed" }]);
    for (const body of bodies) assertMatchesRequestSchema("UpdateTexmlCall", body);
    assert.ok(api.requests.every((r) => r.headers["content-type"] === "application/x-www-form-urlencoded"));
  });

  it("gives a file answer as a Buffer with msg.contentType", async () => {
    const audio = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0xff, 0xfb, 0x90, 0x00]);
    const { node, out } = await load({ operation: "DownloadMedia" });
    api.enqueue({ raw: audio, headers: { "content-type": "audio/mpeg" } });
    node.receive({ params: { media_name: "greeting.mp3" } } as never);
    const [msg] = await waitFor(out, 1, "the answer");
    assert.ok(Buffer.isBuffer(msg.payload));
    assert.ok((msg.payload as Buffer).equals(audio));
    assert.equal(msg.contentType, "audio/mpeg");
    assert.equal(msg.statusCode, 200);
    assert.equal(api.requests[0].path, "/media/greeting.mp3/download");
  });
});
