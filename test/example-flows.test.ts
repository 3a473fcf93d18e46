// The example flows run end to end, imported as shipped (examples/*.json): in a Node-RED runtime, driven by
// signed webhook events (the spec's example payloads, real Ed25519 signatures over the bytes sent) and their
// inject nodes, against the stand-in. Each test asserts the exact requests the flow sends (method, path,
// body, checked against the spec's request schema) and what comes out. Only the account's base URL (the
// stand-in) and what a user is told to set change; debug nodes become helpers with the same ids.
import { strict as assert } from "node:assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CALL_ID, withoutCommandId } from "./support/call-control-flow";
import { CORE_TYPES, loadExample, type ExampleNode } from "./support/examples";
import { TEST_API_KEY, collect, coreNode, helper, nodeModule, settle, waitFor } from "./support/node-red";
import { assertMatchesRequestSchema, assertMatchesResponseSchema, decodeForm, operation, pathParams, requestSchema } from "./support/spec";
import { TelnyxStandIn } from "./support/telnyx-standin";
import { WebhookPoster } from "./support/webhook-post";

type Msg = Record<string, unknown>;

/** The registry and hubs the built nodes share, to end waits a failed test leaves. */
const builtWaits = require(path.join(__dirname, "..", "nodes", "lib", "nodes", "lib", "waits.js")) as {
  waitRegistry: { settle(): void };
};

describe("example flows, end to end", function () {
  let api: TelnyxStandIn;
  let poster: WebhookPoster;

  before(async () => {
    poster = await new WebhookPoster().start();
  });
  after(async () => {
    await poster.close();
  });
  beforeEach(async () => {
    api = await new TelnyxStandIn().start();
  });
  afterEach(async () => {
    await helper.unload();
    builtWaits.waitRegistry.settle();
    await api.close();
  });

  /**
   * Runs an example as shipped: its account pointed at the stand-in with an API key and the poster's
   * public key, `change` applied to what the example tells the user to set (the account's too), debug nodes as helpers.
   */
  async function run(name: string, change: (node: ExampleNode) => ExampleNode = (n) => n) {
    const example = loadExample(name);
    const tab = String(example.find((n) => n.z)?.z);
    const account = example.find((n) => n.type === "telnyx-config")!;
    const types = new Set(example.map((n) => n.type));
    const coreFiles = [...new Set([...types].map((t) => CORE_TYPES[t]).filter((f): f is string => typeof f === "string"))];
    const modules = [poster.mount, ...[...types].filter((t) => t.startsWith("telnyx-")).map((t) => nodeModule(t)), ...coreFiles.map((f) => coreNode(f))];
    const flow = [
      { id: tab, type: "tab", label: name },
      ...example.map((n) => (n.type === "debug" ? { id: n.id, z: n.z, type: "helper" } : n.id === account.id ? { ...change(n), baseUrl: api.baseUrl } : change(n))),
    ];
    await helper.load(modules as never, flow as never, { [account.id]: { apiKey: TEST_API_KEY, publicKey: poster.signer.publicKeyBase64 } });
    const byName = (type: string, nodeName: string) => {
      const node = example.find((n) => n.type === type && n.name === nodeName);
      assert.ok(node, `${name}: no ${type} named "${nodeName}"`);
      return node;
    };
    return {
      example,
      /** The messages that reach the debug node of this name. */
      debug: (nodeName: string) => collect(byName("debug", nodeName).id) as Msg[],
      /** Presses the inject node of this name. */
      press: (nodeName: string) => helper.getNode(byName("inject", nodeName).id).receive({} as never),
      hook: (nodeName: string) => String(byName("telnyx-webhook", nodeName).url),
      node: byName,
    };
  }

  /** "METHOD path" of each request, the call's id as CALL. */
  const sent = () => api.requests.map((r) => `${r.method} ${decodeURIComponent(r.path).replace(CALL_ID, "CALL")}`);

  describe("Record a call and save the recording file", () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), "telnyx-recordings-"));
    });
    afterEach(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });
    /** The example with the folder set in "where to save", as its comment tells the user to. */
    const runSavingTo = (dir: string) =>
      run("Record a call and save the recording file", (n) =>
        n.type === "change" && n.name === "where to save"
          ? { ...n, rules: (n.rules as Array<Record<string, unknown>>).map((r) => (r.p === "folder" ? { ...r, to: dir } : r)) }
          : n,
      );

    it("answers, greets, records; on call.recording.saved downloads the file and writes the bytes served to the folder set", async () => {
      const flow = await runSavingTo(folder);
      const saved = flow.debug("saved");
      const failed = flow.debug("failed");
      const hook = flow.hook("call events");
      const session = "428c31b6-7af4-4bcb-b7f5-5013ef9657c1";
      const onCall = (type: string, payload: Record<string, unknown> = {}) => poster.event(type, { call_control_id: CALL_ID, call_session_id: session, ...payload });

      assert.equal(await poster.post(hook, onCall("call.initiated", { direction: "incoming", state: "parked" })), 200);
      await api.waitForRequests(1);
      await poster.post(hook, onCall("call.answered"));
      await api.waitForRequests(2);
      await poster.post(hook, onCall("call.speak.ended", { status: "completed" }));
      await api.waitForRequests(3);

      // The recording as Telnyx's storage serves it: any bytes, not text.
      const audio = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00]), Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 256))]);
      api.enqueue({ path: /^\/recordings\//, raw: audio, headers: { "content-type": "audio/mpeg" } });
      const link = `http://127.0.0.1:${api.port}/recordings/4b1b9ae0-5aa2-4bd7-8b4f-0f3e0e6c1d2e.mp3?X-Amz-Signature=abc`;
      // The spec's call.recording.saved: no call_control_id in its payload, the links in recording_urls.
      const event = poster.event("call.recording.saved", {
        call_session_id: session,
        recording_started_at: "2026-11-29T18:00:00.123Z",
        recording_urls: { mp3: link, wav: null },
      });
      assert.equal("call_control_id" in event.data.payload, false);
      assert.equal(await poster.post(hook, event), 200);

      await waitFor(saved, 1, "saved recordings");
      const file = path.join(folder, `${session}-20261129180000123.mp3`);
      assert.equal(saved[0].filename, file);
      assert.ok(fs.readFileSync(file).equals(audio), "the file holds exactly the bytes served");
      assert.deepEqual(sent(), [
        "POST /calls/CALL/actions/answer",
        "POST /calls/CALL/actions/speak",
        "POST /calls/CALL/actions/record_start",
        "GET /recordings/4b1b9ae0-5aa2-4bd7-8b4f-0f3e0e6c1d2e.mp3",
      ]);
      assert.equal(api.requests[3].query.get("X-Amz-Signature"), "abc", "the link is fetched as given");
      assert.equal(api.requests[3].headers.authorization, undefined, "the API key is not sent to the storage link");
      assert.deepEqual(withoutCommandId(api.requests[2].body), { format: "mp3", channels: "single", max_length: 120, play_beep: true });
      assertMatchesRequestSchema("StartCallRecord", api.requests[2].body);
      assert.match(String((api.requests[1].body as Msg).payload), /leave a message after the beep/);
      assert.deepEqual(failed, []);
    });

    it("a link that no longer answers 200 goes to 'download failed'; nothing is written", async () => {
      const flow = await runSavingTo(folder);
      const notSaved = flow.debug("download failed");
      api.enqueue({ path: /^\/recordings\//, status: 403, raw: Buffer.from("<Error><Code>AccessDenied</Code></Error>"), headers: { "content-type": "application/xml" } });
      const event = poster.event("call.recording.saved", { recording_urls: { mp3: `http://127.0.0.1:${api.port}/recordings/expired.mp3`, wav: null } });
      assert.equal(await poster.post(flow.hook("call events"), event), 200);
      await waitFor(notSaved, 1, "failed downloads");
      assert.equal(notSaved[0].statusCode, 403);
      await settle();
      assert.deepEqual(fs.readdirSync(folder), []);
    });
  });

  describe("Control a live TeXML call (recordings, streams, SIPREC, queues)", () => {
    const ACCOUNT_SID = "61bf923e-5e4d-4595-a110-56190ea18a1b";
    const CALL_SID = "v3:tx7AfaWs5DJzh7CpdVgrIBfXWNdBl8Y8ul9iJUNcAfRw";
    const RECORDING_SID = "e9ab2e0c-7a4c-4b0b-9a0c-6d1b7c2f0001";
    const STREAM_SID = "e9ab2e0c-7a4c-4b0b-9a0c-6d1b7c2f0002";
    const SIPREC_SID = "e9ab2e0c-7a4c-4b0b-9a0c-6d1b7c2f0003";
    const common = { account_sid: ACCOUNT_SID, call_sid: CALL_SID };
    /** Each button, what the stand-in answers (shaped like the spec's 200, checked below), the request it must send. */
    const steps: Array<{ button: string; id: string; params: Record<string, string>; body?: Record<string, unknown>; answer: unknown; query?: Record<string, string> }> = [
      { button: "start recording", id: "StartTeXMLCallRecording", params: common, body: { RecordingChannels: "dual", RecordingTrack: "both", PlayBeep: true },
        answer: { ...common, sid: RECORDING_SID, channels: 2, track: "both", source: "StartCallRecordingAPI", start_time: "2026-11-29T18:00:00Z", uri: `/v2/texml/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}/Recordings/${RECORDING_SID}.json` } },
      { button: "start stream", id: "StartTeXMLCallStreaming", params: common, body: { Url: "wss://example.com/media-stream", Track: "both_tracks", Name: "live-monitor" },
        answer: { ...common, sid: STREAM_SID, name: "live-monitor", status: "in-progress", date_updated: "2026-11-29T18:00:01Z" } },
      { button: "start SIPREC", id: "StartTeXMLSiprecSession", params: common, body: { ConnectorName: "my-siprec-connector", Track: "both_tracks" },
        answer: { ...common, sid: SIPREC_SID, status: "in-progress", track: "both_tracks" } },
      { button: "stop recording", id: "UpdateTeXMLCallRecording", params: { ...common, recording_sid: RECORDING_SID }, body: { Status: "stopped" }, answer: { ...common, sid: RECORDING_SID } },
      { button: "stop stream", id: "UpdateTeXMLCallStreaming", params: { ...common, streaming_sid: STREAM_SID }, body: { Status: "stopped" }, answer: { ...common, sid: STREAM_SID, status: "stopped" } },
      { button: "stop SIPREC", id: "UpdateTeXMLSiprecSession", params: { ...common, siprec_sid: SIPREC_SID }, body: { Status: "stopped" }, answer: { ...common, sid: SIPREC_SID, status: "stopped" } },
      { button: "recordings of the call", id: "FetchTeXMLCallRecordings", params: common, answer: { recordings: [{ ...common, sid: RECORDING_SID, status: "completed", channels: 2 }], page: 0, page_size: 20 } },
      { button: "transcriptions", id: "GetTeXMLRecordingTranscriptions", params: { account_sid: ACCOUNT_SID }, answer: { transcriptions: [{ account_sid: ACCOUNT_SID, recording_sid: RECORDING_SID, status: "completed", transcription_text: "Hello" }], page: 0 } },
      { button: "TeXML queues", id: "GetTexmlQueues", params: { account_sid: ACCOUNT_SID }, answer: { queues: [{ account_sid: ACCOUNT_SID, sid: "q-support", current_size: 1, max_size: 100 }], page: 0 } },
      { button: "calls waiting in a queue", id: "ListQueueCalls", params: { queue_name: "support" },
        answer: {
          data: [{ call_control_id: CALL_ID, call_leg_id: "leg-1", call_session_id: "session-1", is_alive: true, record_type: "queue_call", connection_id: "1293384261075731400",
            from: "+15555550111", to: "+15555550100", enqueued_at: "2026-11-29T18:00:00Z", wait_time_secs: 30, queue_position: 1, queue_id: "q-support" }],
          meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 } } },
    ];

    it("every button sends its operation as the spec declares it, the stops to what the starts answered", async () => {
      const flow = await run("Control a live TeXML call (recordings, streams, SIPREC, queues)", (n) =>
        n.type === "inject" && n.name === "the live call" ? { ...n, payload: JSON.stringify({ account_sid: ACCOUNT_SID, call_sid: CALL_SID }) } : n,
      );
      const answers = flow.debug("answers");
      const failed = flow.debug("failed");
      flow.press("the live call");
      for (const [i, step] of steps.entries()) {
        assertMatchesResponseSchema(step.id, step.answer);
        api.enqueue({ status: 200, body: step.answer });
        flow.press(step.button);
        await waitFor(answers, i + 1, `answers (at "${step.button}")`).catch((err: Error) => {
          throw new Error(`${err.message}; failed: ${failed.map((m) => (m.error as { message: string }).message).join("; ")}`);
        });
        const req = api.requests[i];
        const op = operation(step.id);
        assert.equal(req.method, op.method, step.button);
        assert.deepEqual(pathParams(step.id, req.path), step.params, step.button);
        const { schema, $defs } = requestSchema(step.id);
        if (schema === null) {
          assert.equal(req.rawBody, "", `${step.button}: no body`);
        } else {
          assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded", step.button);
          const form = decodeForm(req.rawBody, schema, $defs);
          assert.deepEqual(form, step.body, step.button);
          assertMatchesRequestSchema(step.id, form);
        }
      }
      assert.deepEqual(failed, []);
      // Lists come out as their items (every page followed).
      assert.deepEqual(answers.slice(-4).map((m) => (m.payload as unknown[]).length), [1, 1, 1, 1]);
      assert.equal(api.requests.length, steps.length);
    });

    it("a stop before its start names the missing sid and sends nothing", async () => {
      const flow = await run("Control a live TeXML call (recordings, streams, SIPREC, queues)");
      const failed = flow.debug("failed");
      flow.press("the live call");
      flow.press("stop SIPREC");
      await waitFor(failed, 1, "failures");
      const error = failed[0].error as { code: string; message: string };
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.match(error.message, /^params\.siprec_sid: expected/);
      await settle();
      assert.equal(api.requests.length, 0);
    });
  });

  describe("Redirect a live TeXML call", () => {
    const ACCOUNT_SID = "61bf923e-5e4d-4595-a110-56190ea18a1b";

    it("each message from the other flow updates the call as its topic says: hold (Texml), menu (Url), end (Status)", async () => {
      // What the comment tells the user to set: the account's TeXML account.
      const flow = await run("Redirect a live TeXML call", (n) => (n.type === "telnyx-config" ? { ...n, texmlAccountSid: ACCOUNT_SID } : n));
      const answers = flow.debug("call");
      const failed = flow.debug("failed");
      const expected: Array<[string, (body: Record<string, unknown>) => void, string]> = [
        ["hold the call", (body) => {
          assert.deepEqual(Object.keys(body), ["Texml"]);
          assert.match(String(body.Texml), /<Say>Please hold, an agent will be with you shortly\.<\/Say>\s*<Play loop="0">https:\/\/example\.com\/audio\/hold-music\.mp3<\/Play>/);
        }, "in-progress"],
        ["send to the menu", (body) => assert.deepEqual(body, { Url: "https://example.com/texml/menu", Method: "POST" }), "in-progress"],
        ["end the call", (body) => assert.deepEqual(body, { Status: "completed" }), "completed"],
      ];
      const { schema, $defs } = requestSchema("UpdateTexmlCall");
      for (const [i, [button, check, status]] of expected.entries()) {
        flow.press(button);
        await waitFor(answers, i + 1, `answers (at "${button}")`).catch((err: Error) => {
          throw new Error(`${err.message}; failed: ${failed.map((m) => (m.error as { message: string }).message).join("; ")}`);
        });
        const req = api.requests[i];
        assert.equal(req.method, operation("UpdateTexmlCall").method, button);
        assert.deepEqual(pathParams("UpdateTexmlCall", req.path), { account_sid: ACCOUNT_SID, call_sid: "v3:your-call-sid" }, button);
        assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded", button);
        const form = decodeForm(req.rawBody, schema!, $defs) as Record<string, unknown>;
        assertMatchesRequestSchema("UpdateTexmlCall", form);
        check(form);
        assert.equal((answers[i].payload as { status: string }).status, status, button);
      }
      assert.deepEqual(failed, []);
      assert.equal(api.requests.length, 3);
    });

    it("a message without a call SID is an error naming call_sid, and nothing is sent", async () => {
      const flow = await run("Redirect a live TeXML call", (n) =>
        n.type === "telnyx-config" ? { ...n, texmlAccountSid: ACCOUNT_SID } : n.type === "inject" ? { ...n, props: [{ p: "topic", vt: "str" }] } : n,
      );
      const failed = flow.debug("failed");
      flow.press("end the call");
      await waitFor(failed, 1, "failures");
      const error = failed[0].error as { code: string; message: string };
      assert.equal(error.code, "ERR_TELNYX_INPUT");
      assert.match(error.message, /^call_sid: expected the live call's CallSid/);
      await settle();
      assert.equal(api.requests.length, 0);
    });
  });

  describe("Scheduled appointment reminders", () => {
    const FROM = "+15550001111";
    /** The example with the account's From number set, as its comment tells the user to. */
    const runWithNumber = () => run("Scheduled appointment reminders", (n) => (n.type === "telnyx-config" ? { ...n, fromNumber: FROM } : n));

    it("schedules a reminder 24 hours before each appointment (POST /messages/schedule), and cancels one by its id", async () => {
      const flow = await runWithNumber();
      const scheduled = flow.debug("scheduled");
      const cancelled = flow.debug("cancelled");
      const failed = flow.debug("failed");

      const before = Date.now();
      flow.press("appointments");
      await waitFor(scheduled, 2, "scheduled reminders");
      assert.deepEqual(failed, []);
      assert.deepEqual(sent(), ["POST /messages/schedule", "POST /messages/schedule"]);
      const bodies = api.requests.map((r) => {
        assertMatchesRequestSchema("ScheduleMessage", r.body);
        return r.body as { to: string; from: string; text: string; send_at: string };
      });
      assert.deepEqual(bodies.map((b) => b.to).sort(), ["+15555550142", "+15555550143"]);
      for (const body of bodies) {
        assert.deepEqual(Object.keys(body).sort(), ["from", "send_at", "text", "to"]);
        assert.equal(body.from, FROM);
        assert.match(body.text, /^Reminder for [AB]\. Example: your appointment is tomorrow at \d\d:\d\d \(UTC\)\.$/);
        // The appointments are 26 and 50 hours ahead: each reminder 24 hours before, so 2 and 26 hours from now.
        const hoursAhead = (Date.parse(body.send_at) - before) / 3_600_000;
        assert.ok(Math.abs(hoursAhead - (body.to === "+15555550142" ? 2 : 26)) < 0.1, `send_at ${body.send_at}`);
      }
      assert.ok(scheduled.every((m) => (m.payload as { to: Array<{ status: string }> }).to[0].status === "scheduled"));

      flow.press("cancel");
      const [gone] = await waitFor(cancelled, 1, "the cancelled reminder");
      const id = (gone.payload as { id: string }).id;
      assert.deepEqual(sent().slice(2), [`DELETE /messages/${id}`]);
      assert.equal(id, (flow.node("inject", "cancel").props as Array<{ p: string; v: string }>)[0].v, "the id the inject carries");
      assert.equal((gone.payload as { to: Array<{ status: string }> }).to[0].status, "cancelled");
    });
  });

  describe("List active calls", () => {
    it("from its inject: GET /connections/{connection_id}/active_calls, one message per call", async () => {
      const flow = await run("List active calls");
      const each = flow.debug("each call");
      const failed = flow.debug("failed");
      const calls = [1, 2, 3].map((n) => ({ call_control_id: `v3:active-${n}`, call_leg_id: `leg-${n}`, call_session_id: `session-${n}`, client_state: "", record_type: "call", call_duration: 10 * n }));
      const answer = { data: calls, meta: { total_items: 3 } };
      assertMatchesResponseSchema("ListConnectionActiveCalls", answer);
      api.enqueue({ status: 200, body: answer });
      flow.press("list now");
      await waitFor(each, 3, "calls").catch((err: Error) => {
        throw new Error(`${err.message}; failed: ${failed.map((m) => (m.error as { message: string }).message).join("; ")}`);
      });
      assert.deepEqual(sent(), ["GET /connections/1293384261075731400/active_calls"]);
      assert.deepEqual(each.map((m) => m.payload), calls);
      assert.deepEqual(failed, []);
    });
  });

  describe("Conference bridge with a moderator", () => {
    const NAME = "Conference bridge with a moderator";
    const MODERATOR = "+15555550100";
    const HOLD_MUSIC = "https://example.com/hold-music.mp3";
    // Conference ids are UUIDs (EndConference's path says so).
    const CONF_1 = "3fa85f64-5717-4562-b3fc-2c963f660001";
    const CONF_2 = "3fa85f64-5717-4562-b3fc-2c963f660002";
    const conference = (id: string) => ({
      data: { record_type: "conference", id, name: "moderated-bridge", created_at: "2026-11-29T18:00:00Z", expires_at: "2026-11-29T22:00:00Z", status: "init" },
    });
    const ok = { data: { result: "ok" } };
    /** "METHOD path" and the body of each request from `from` on; call commands' command_id (a UUID) left out. */
    const requests = (from = 0) =>
      api.requests.slice(from).map((r) => [`${r.method} ${decodeURIComponent(r.path)}`, r.path.startsWith("/calls/") ? withoutCommandId(r.body) : r.body]);
    /** The spec-checked answer for the next request of operation `id`. */
    function answerWith(id: string, body: unknown) {
      assertMatchesResponseSchema(id, body);
      api.enqueue({ status: 200, body, path: new RegExp(`^${operation(id).path.replace(/\{\w+\}/g, "[^/]+")}$`) });
    }

    it("the first caller waits on hold; the moderator starts it on entering, ends it on leaving; participants are muted, held, removed", async () => {
      // The participant buttons get the participant's call_control_id, as the example says to set.
      const flow = await run(NAME, (n) =>
        n.type === "inject" ? { ...n, props: (n.props as Array<Record<string, unknown>>).map((p) => (p.p === "call_control_id" ? { ...p, v: "v3:caller-2" } : p)) } : n,
      );
      const hook = flow.hook("call events");
      const failed = flow.debug("failed");
      const inConference = flow.debug("in the conference");
      const participants = flow.debug("participants");
      const done = flow.debug("done");
      /** A call from `from` arrives and is answered; resolves once the flow has sent `count` requests in all. */
      async function caller(callId: string, from: string, count: number) {
        assert.equal(await poster.post(hook, poster.event("call.initiated", { call_control_id: callId, direction: "incoming", state: "parked", from, to: "+15555550199" })), 200);
        await api.waitForRequests(count - 1);
        await poster.post(hook, poster.event("call.answered", { call_control_id: callId, from, to: "+15555550199" }));
        await api.waitForRequests(count).catch((err: Error) => {
          throw new Error(`${err.message}; failed: ${failed.map((m) => (m.error as { message: string }).message).join("; ")}`);
        });
      }

      // A participant first: the conference is opened, not started, with hold music.
      answerWith("CreateConference", conference(CONF_1));
      await caller("v3:caller-1", "+15555550111", 2);
      await waitFor(inConference, 1, "conference messages");
      // The moderator, then another participant: they join it by its id.
      answerWith("JoinConference", ok);
      await caller("v3:moderator-1", MODERATOR, 4);
      answerWith("JoinConference", ok);
      await caller("v3:caller-2", "+15555550122", 6);
      await waitFor(inConference, 3, "conference messages");
      assert.deepEqual(requests(), [
        ["POST /calls/v3:caller-1/actions/answer", {}],
        ["POST /conferences", { call_control_id: "v3:caller-1", name: "moderated-bridge", start_conference_on_create: false, hold_audio_url: HOLD_MUSIC }],
        ["POST /calls/v3:moderator-1/actions/answer", {}],
        [`POST /conferences/${CONF_1}/actions/join`, { call_control_id: "v3:moderator-1", start_conference_on_enter: true, end_conference_on_exit: true }],
        ["POST /calls/v3:caller-2/actions/answer", {}],
        [`POST /conferences/${CONF_1}/actions/join`, { call_control_id: "v3:caller-2" }],
      ]);
      for (const [i, id] of [[1, "CreateConference"], [3, "JoinConference"], [5, "JoinConference"]] as const) assertMatchesRequestSchema(id, api.requests[i].body);

      const participant = { call_control_id: "v3:caller-2", call_leg_id: "leg-2", record_type: "participant", id: "p-2", conference: { id: CONF_1, name: "moderated-bridge" }, whisper_call_control_ids: [],
        created_at: "2026-11-29T18:00:05Z", updated_at: "2026-11-29T18:00:05Z", end_conference_on_exit: false, soft_end_conference_on_exit: false, status: "joined", muted: false, on_hold: false };
      answerWith("ListConferenceParticipants", { data: [participant], meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: 1 } });
      flow.press("list participants");
      await waitFor(participants, 1, "participant lists");
      assert.deepEqual(participants[0].payload, [participant]);
      const before = api.requests.length;
      for (const [button, count] of [["mute", 1], ["unmute", 2], ["hold a participant", 3], ["unhold", 4], ["remove", 6]] as const) {
        api.enqueue({ status: 200, body: ok });
        flow.press(button);
        await api.waitForRequests(before + count);
      }
      await waitFor(done, 5, "participant commands");
      assert.deepEqual(requests(before - 1), [
        [`GET /conferences/${CONF_1}/participants`, undefined],
        [`POST /conferences/${CONF_1}/actions/mute`, { call_control_ids: ["v3:caller-2"] }],
        [`POST /conferences/${CONF_1}/actions/unmute`, { call_control_ids: ["v3:caller-2"] }],
        [`POST /conferences/${CONF_1}/actions/hold`, { call_control_ids: ["v3:caller-2"], audio_url: HOLD_MUSIC }],
        [`POST /conferences/${CONF_1}/actions/unhold`, { call_control_ids: ["v3:caller-2"] }],
        [`POST /conferences/${CONF_1}/actions/leave`, { call_control_id: "v3:caller-2" }],
        ["POST /calls/v3:caller-2/actions/hangup", {}],
      ]);
      for (const [i, id] of ["MuteConferenceParticipants", "UnmuteConferenceParticipants", "HoldConferenceParticipants", "UnholdConferenceParticipants", "LeaveConference", "HangupCall"].entries()) {
        assertMatchesRequestSchema(id, api.requests[before + i].body);
      }

      // The conference ends (the moderator left: end_conference_on_exit); the flow forgets it. A hangup of
      // a call that did not open it ends nothing.
      assert.equal(await poster.post(hook, poster.event("call.hangup", { call_control_id: "v3:moderator-1", from: MODERATOR, hangup_cause: "normal_clearing" })), 200);
      assert.equal(await poster.post(hook, poster.event("conference.ended", { conference_id: CONF_1, reason: "host_left" })), 200);
      // The moderator calls first next time: opened and started at once, and ended when that call hangs up.
      const next = api.requests.length;
      answerWith("CreateConference", conference(CONF_2));
      await caller("v3:moderator-2", MODERATOR, next + 2);
      await waitFor(inConference, 4, "conference messages");
      answerWith("EndConference", ok);
      assert.equal(await poster.post(hook, poster.event("call.hangup", { call_control_id: "v3:moderator-2", from: MODERATOR, hangup_cause: "normal_clearing" })), 200);
      await api.waitForRequests(next + 3);
      assert.deepEqual(requests(next), [
        ["POST /calls/v3:moderator-2/actions/answer", {}],
        ["POST /conferences", { call_control_id: "v3:moderator-2", name: "moderated-bridge", start_conference_on_create: true }],
        [`POST /conferences/${CONF_2}/actions/end`, undefined],
      ]);
      await waitFor(inConference, 5, "conference messages");
      await settle();
      assert.equal(api.requests.length, next + 3);
      assert.deepEqual(api.requests.filter((r) => r.path.endsWith("/actions/end")).map((r) => r.path), [`/conferences/${CONF_2}/actions/end`], "only the opener's hangup ends it");
      assert.deepEqual(failed, []);
    });
  });
});
