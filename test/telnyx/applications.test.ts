// Reading and setting applications' webhook URLs (src/telnyx/applications.ts) against the stand-in: the
// requests are the spec's (path, query, PATCH body checked against the update schemas), nothing else
// about an application changes, and lists are read page by page.
import { strict as assert } from "node:assert";
import { linkApplication, linkRequest, listApplications } from "../../src/telnyx/applications";
import { TelnyxClient } from "../../src/telnyx/client";
import { APPLICATION_KINDS, type ApplicationKind } from "../../src/shared/applications";
import { assertMatchesRequestSchema, operation, pathMatches, pathParams } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";

const OPERATIONS: Record<ApplicationKind, { list: string; update: string }> = {
  "call-control": { list: "ListCallControlApplications", update: "UpdateCallControlApplication" },
  messaging: { list: "ListMessagingProfiles", update: "UpdateMessagingProfile" },
  texml: { list: "FindTexmlApplications", update: "UpdateTexmlApplication" },
};

const URL_OUT = "https://hooks.example.com/telnyx/events";

describe("applications: list and link webhook URLs", () => {
  let standIn: TelnyxStandIn;
  let client: TelnyxClient;

  before(async () => {
    standIn = await new TelnyxStandIn().start();
    client = new TelnyxClient({ apiKey: "KEY_TEST", baseUrl: standIn.baseUrl, backoffMs: 1 });
  });
  after(async () => {
    await client.close();
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  for (const kind of APPLICATION_KINDS) {
    it(`${kind}: lists with the spec's list operation and sets the URL with its PATCH`, async () => {
      const { items, truncated } = await listApplications(client, kind);
      assert.equal(truncated, false);
      assert.equal(items.length, 2);
      const [listRequest] = standIn.requests;
      assert.equal(listRequest.method, operation(OPERATIONS[kind].list).method);
      assert.ok(pathMatches(OPERATIONS[kind].list, listRequest.path), listRequest.path);
      assert.equal(listRequest.query.get("page[size]"), "250");
      assert.equal(listRequest.query.get("page[number]"), "1");

      const target = items[0];
      const linked = await linkApplication(client, target, URL_OUT);
      assert.equal(linked.url, URL_OUT);
      assert.equal(linked.name, target.name, "the name is kept");
      const patch = standIn.requests[1];
      assert.equal(patch.method, "PATCH");
      assert.ok(pathMatches(OPERATIONS[kind].update, patch.path), patch.path);
      assert.deepEqual(pathParams(OPERATIONS[kind].update, patch.path), { id: target.id });
      assertMatchesRequestSchema(OPERATIONS[kind].update, patch.body);
      assert.equal(patch.headers["content-type"], "application/json");
    });
  }

  it("sends only the URL, the name where the update requires it, and API v2 where the application uses another format", () => {
    const body = (kind: ApplicationKind, apiVersion?: string) =>
      linkRequest({ kind, id: "1293384261075731401", name: "Front desk", url: null, apiVersion }, URL_OUT).body;
    assert.deepEqual(body("call-control", "2"), { application_name: "Front desk", webhook_event_url: URL_OUT });
    assert.deepEqual(body("call-control", "1"), { application_name: "Front desk", webhook_event_url: URL_OUT, webhook_api_version: "2" });
    assert.deepEqual(body("messaging", "2"), { webhook_url: URL_OUT });
    assert.deepEqual(body("messaging", "2010-04-01"), { webhook_url: URL_OUT, webhook_api_version: "2" });
    assert.deepEqual(body("texml"), { friendly_name: "Front desk", voice_url: URL_OUT });
    for (const kind of APPLICATION_KINDS) assertMatchesRequestSchema(OPERATIONS[kind].update, body(kind, "1"));
  });

  it("reads every page, and says when there were more than it reads", async () => {
    const many = (count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: String(1293384261075731000 + i), record_type: "texml_application", friendly_name: `app ${i}`, voice_url: "https://example.com/x" }));
    standIn.applications["/texml_applications"] = many(260);
    const two = await listApplications(client, "texml");
    assert.deepEqual([two.items.length, two.truncated], [260, false]);
    assert.deepEqual(standIn.requests.map((r) => r.query.get("page[number]")), ["1", "2"]);

    standIn.reset();
    standIn.applications["/texml_applications"] = many(1001);
    const capped = await listApplications(client, "texml");
    assert.deepEqual([capped.items.length, capped.truncated], [1000, true]);
  });

  it("percent-encodes the id into one path segment", () => {
    const request = linkRequest({ kind: "texml", id: "a/b c", name: "x", url: null }, URL_OUT);
    assert.equal(request.path, "/texml_applications/a%2Fb%20c");
  });

  it("fails with the API's error, naming status and code", async () => {
    standIn.enqueue({ status: 422, body: { errors: [{ code: "10015", title: "Invalid value", detail: "webhook_event_url is invalid" }] } });
    await assert.rejects(
      linkApplication(client, { kind: "call-control", id: "1293384261075731401", name: "Front desk", url: null, apiVersion: "2" }, "https://x"),
      /422 Invalid value \(10015\): webhook_event_url is invalid/,
    );
  });
});
