import { strict as assert } from "node:assert";
import fs from "node:fs";
import { TelnyxClient, type TelnyxRequest } from "../../src/telnyx/client";
import { decodeClientState } from "../../src/telnyx/client-state";
import { TelnyxInputError } from "../../src/shared/errors";
import { plan, send, type Plan, type PlanInput } from "../../src/telnyx/operations/request";
import { describe as describeField, test as testField, headers, required, string, type Field } from "../../src/shared/fields";
import { ANSWER, CALL_ACTIONS, CALL_COMMANDS, CALL_READS, DIAL, SPEAK, callAction, type CallAction } from "../../src/shared/operations/call-control";
import { fieldOf, operation as descriptorOf, optionFields, requiredInForm, type Descriptor } from "../../src/shared/operations/descriptor";
import { SEND_MESSAGE } from "../../src/shared/operations/messaging";
import { INITIATE_TEXML_CALL } from "../../src/shared/operations/texml-calls";
import { SPEC_FILE, assertMatchesRequestSchema, operation, pathParams } from "../support/spec";
import { TelnyxStandIn } from "../support/telnyx-standin";

/** The operations of the voice nodes, by name. */
const VOICE_OPERATIONS: Record<string, Descriptor> = { dial: DIAL, answer: ANSWER, speak: SPEAK, ...CALL_COMMANDS };
type VoiceOperationName = keyof typeof VOICE_OPERATIONS;

/** What the nodes hand to the request path, in the shape the old builders took (fields, options, client state, command id). */
interface CommandInput {
  fields?: Record<string, unknown>;
  options?: unknown;
  clientState?: unknown;
  commandId?: unknown;
}
function input({ fields = {}, options, clientState, commandId }: CommandInput, params: Record<string, unknown> = {}): PlanInput {
  return { params, fields: { ...fields, client_state: clientState }, options, commandId };
}
/** A plan of a POST: its body is there. */
type PostPlan = Plan & { body: NonNullable<Plan["body"]> };
function withBody(planned: Plan): PostPlan {
  assert.ok(planned.body, `${planned.method} ${planned.path} has a body`);
  return planned as PostPlan;
}
function planCommand(name: Exclude<VoiceOperationName, "dial">, callControlId: unknown, given: CommandInput = {}): PostPlan {
  const descriptor = VOICE_OPERATIONS[name];
  // The form's defaults (the voice) are the resolver's to apply; here they are applied the same way.
  const defaults = Object.fromEntries(descriptor.form.filter((e) => e.default !== undefined).map((e) => [e.field, e.default]));
  return withBody(plan(descriptor, input({ ...given, fields: { ...defaults, ...given.fields } }, { call_control_id: callControlId })));
}
function planDial(given: CommandInput): PostPlan {
  return withBody(plan(DIAL, input(given)));
}
/** The declared field of an operation. */
function fieldSpec(name: VoiceOperationName, field: string): Field | undefined {
  return VOICE_OPERATIONS[name].fields[field];
}

const CALL_ID = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Schema = Record<string, unknown>;
const specData = JSON.parse(fs.readFileSync(SPEC_FILE, "utf8")) as {
  operations: Record<string, { requestSchema: Schema }>;
  $defs: Record<string, Schema>;
};
function resolve(schema: Schema): Schema {
  let s = schema;
  while (typeof s.$ref === "string") s = specData.$defs[s.$ref.split("/").pop() as string];
  return s;
}
function requestSchema(name: VoiceOperationName): Schema {
  return resolve(specData.operations[VOICE_OPERATIONS[name].operationId].requestSchema);
}
/** The bounds a declaration gives (numbers: value; strings: length). */
function bounds(field: Field): { min?: number; max?: number } {
  return field.kind === "integer" || field.kind === "number" || field.kind === "string" ? { min: field.min, max: field.max } : {};
}

/** Throws unless `fn` throws a TelnyxInputError for `field` whose message matches. */
function assertInputError(fn: () => unknown, field: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TelnyxInputError, `a TelnyxInputError, got ${String(err)}`);
    assert.equal(err.cause.field, field, err.message);
    assert.equal(err.code, "ERR_TELNYX_INPUT");
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe("telnyx/operations: planning and sending Call Control requests from their descriptors", () => {
  describe("the field tables against the OpenAPI spec", () => {
    for (const name of Object.keys(VOICE_OPERATIONS) as VoiceOperationName[]) {
      const { operationId, fields } = VOICE_OPERATIONS[name];
      it(`${name}: the same fields, required fields and enums as ${operationId}`, () => {
        const schema = requestSchema(name);
        const properties = schema.properties as Record<string, Schema>;
        assert.deepEqual(Object.keys(fields).sort(), Object.keys(properties).sort(), "every documented field, and no other");
        const required = Object.entries(fields).filter(([, spec]) => spec.required).map(([field]) => field);
        assert.deepEqual(required.sort(), ((schema.required as string[]) ?? []).slice().sort());
        for (const [field, spec] of Object.entries(fields)) {
          const enumValues = resolve(properties[field]).enum as unknown[] | undefined;
          if (enumValues) assert.deepEqual(spec.kind === "enum" ? spec.values : undefined, enumValues, `${operationId}.${field} enum`);
          const { minimum, maximum, maxLength } = resolve(properties[field]);
          if (minimum !== undefined) assert.equal(bounds(spec).min, minimum, `${field} minimum`);
          if (maximum !== undefined) assert.equal(bounds(spec).max, maximum, `${field} maximum`);
          if (maxLength !== undefined) assert.equal(bounds(spec).max, maxLength, `${field} maxLength`);
        }
        assert.equal(operation(operationId).path, VOICE_OPERATIONS[name].path);
      });
    }

    it("offers every action of the issue, each with a form of documented fields", () => {
      assert.deepEqual([...CALL_ACTIONS].sort(), [...Object.keys(CALL_COMMANDS), ...Object.keys(CALL_READS)].sort());
      const kinds = new Map<string, string>();
      for (const [name, descriptor] of Object.entries({ ...VOICE_OPERATIONS, ...CALL_READS })) {
        for (const entry of descriptor.form) {
          const spec = fieldOf(descriptor, entry);
          assert.ok(spec, `${name}.${entry.field} is documented`);
          if (CALL_ACTIONS.includes(name as CallAction)) {
            // call-control shares node properties between actions: one property, one kind of value.
            const kind = JSON.stringify({ ...spec, required: undefined, about: undefined });
            assert.equal(kinds.get(entry.property) ?? kind, kind, `${entry.property} means the same in every action`);
            kinds.set(entry.property, kind);
          }
        }
      }
      const bridgeTarget = CALL_COMMANDS.bridge.form.find((e) => e.field === "call_control_id" && e.in !== "path");
      assert.equal(bridgeTarget?.property, "bridgeWith", "the bridge target never overwrites the call's own id");
    });

    it("requires in the dialogs what the API requires and nothing stands in for", () => {
      const operations: Record<string, Descriptor> = { ...VOICE_OPERATIONS, ...CALL_READS };
      const required = (name: string) => operations[name].form.filter((entry) => requiredInForm(operations[name], entry)).map((entry) => entry.field);
      assert.deepEqual(required("dial"), [], "to, from and connection_id fall back to msg and the account");
      assert.deepEqual(required("speak"), [], "text falls back to msg.payload, voice has a default");
      assert.deepEqual(
        Object.fromEntries(CALL_ACTIONS.map((a) => [a, required(a)]).filter(([, r]) => r.length)),
        {
          reject: ["cause"],
          transfer: ["to"],
          bridge: ["call_control_id"],
          record_start: ["format", "channels"],
          send_dtmf: ["digits"],
          refer: ["sip_address"],
          send_sip_info: ["content_type", "body"],
        },
      );
    });
  });

  describe("building requests", () => {
    it("dial: the required fields, a generated command_id, a body the spec accepts", () => {
      const plan = planDial({ fields: { to: "+15557654321", from: "+15550001111", connection_id: "1494404757140276705" } });
      assert.equal(plan.path, "/calls");
      const { command_id, ...rest } = plan.body;
      assert.match(command_id as string, UUID_V4);
      assert.deepEqual(rest, { to: "+15557654321", from: "+15550001111", connection_id: "1494404757140276705" });
      assertMatchesRequestSchema("DialCall", plan.body);
    });

    it("dial: numbers with digits to send on answer, SIP URIs and lists", () => {
      for (const to of ["+15551234567,200", "sip:alice@example.com", "sips:bob@sip.example.com;secure=dtls", ["+15550000001", "sip:a@b.c"]]) {
        const plan = planDial({ fields: { to, from: "+15550001111", connection_id: "c" } });
        assert.deepEqual(plan.body.to, to);
        assertMatchesRequestSchema("DialCall", plan.body);
      }
    });

    it("converts typed-in strings to the API's types and header objects to header lists", () => {
      const plan = planDial({
        fields: {
          to: " +15557654321 ",
          from: "+15550001111",
          connection_id: "c",
          timeout_secs: "45",
          time_limit_secs: 600,
          custom_headers: { "X-Order": "42", "X-Count": 3 },
        },
        options: { retry_on_timeout: "false", stream_bidirectional_sampling_rate: "16000", sip_headers: [{ name: "User-to-User", value: "abc" }] },
      });
      const body: Record<string, unknown> = plan.body;
      assert.equal(body.to, "+15557654321");
      assert.equal(body.timeout_secs, 45);
      assert.equal(body.retry_on_timeout, false);
      assert.equal(body.stream_bidirectional_sampling_rate, 16000);
      assert.deepEqual(body.custom_headers, [{ name: "X-Order", value: "42" }, { name: "X-Count", value: "3" }]);
      assertMatchesRequestSchema("DialCall", body);
    });

    it("encodes client state (strings and objects) and target_leg_client_state as base64", () => {
      const plan = planCommand("transfer", CALL_ID, {
        fields: { to: "+15557654321" },
        clientState: { step: "transfer", attempt: 2 },
        options: { target_leg_client_state: "leg b" },
      });
      assert.deepEqual(decodeClientState(String(plan.body.client_state)), { step: "transfer", attempt: 2 });
      assert.equal(plan.body.target_leg_client_state, Buffer.from("leg b").toString("base64"));
      assert.equal(planCommand("answer", CALL_ID, { clientState: "have a nice day =]" }).body.client_state, "aGF2ZSBhIG5pY2UgZGF5ID1d");
      assertMatchesRequestSchema("TransferCall", plan.body);
    });

    it("keeps a given command_id and makes a new one per request otherwise", () => {
      assert.equal(planCommand("answer", CALL_ID, { commandId: " my-command-1 " }).body.command_id, "my-command-1");
      const a = planCommand("answer", CALL_ID).body.command_id;
      const b = planCommand("answer", CALL_ID).body.command_id;
      assert.match(String(a), UUID_V4);
      assert.notEqual(a, b);
    });

    it("puts the call_control_id in the path as one encoded segment", () => {
      assert.equal(planCommand("answer", CALL_ID).path, `/calls/${CALL_ID}/actions/answer`);
      const odd = "v3:a/b+c=d?e#f%g";
      const path = planCommand("hangup", odd).path;
      assert.equal(path, "/calls/v3:a%2Fb%2Bc%3Dd%3Fe%23f%25g/actions/hangup");
      assert.deepEqual(pathParams("HangupCall", path), { call_control_id: odd });
    });

    it("speak: the text kept exactly as given", () => {
      const plan = planCommand("speak", CALL_ID, { fields: { payload: "  Hello, caller.  ", voice: "Telnyx.KokoroTTS.af" } });
      assert.equal(plan.body.payload, "  Hello, caller.  ");
      assertMatchesRequestSchema("SpeakCall", plan.body);
      assert.equal(String(planCommand("speak", CALL_ID, { fields: { payload: "é".repeat(3000), voice: "v" } }).body.payload).length, 3000);
    });

    it("checks an action name", () => {
      assert.equal(callAction(" hangup "), "hangup");
      assertInputError(() => callAction("hang_up"), "action", /^action: expected one of hangup, reject, .* send_sip_info, call_status, list_active_calls, got "hang_up"$/);
      assertInputError(() => callAction(undefined), "action", /got nothing$/);
    });
  });

  describe("bad input: an error naming the field", () => {
    const dialFields = { to: "+15557654321", from: "+15550001111", connection_id: "c" };
    const cases: Array<[string, () => unknown, string, RegExp?]> = [
      ["no call_control_id", () => planCommand("answer", undefined), "call_control_id", /got nothing$/],
      ["a blank call_control_id", () => planCommand("answer", "  "), "call_control_id"],
      ["an object as call_control_id", () => planCommand("answer", { id: 1 }), "call_control_id", /got an object$/],
      ["a call_control_id of ..", () => planCommand("hangup", ".."), "call_control_id", /^call_control_id: expected an id \(not empty, not \. or \.\.\), got "\.\."$/],
      ["a call_control_id of .", () => planCommand("hangup", " . "), "call_control_id", /not \. or \.\./],
      ["a call_control_id of %2e%2e", () => planCommand("hangup", "%2e%2e"), "call_control_id", /not \. or \.\./],
      ["a malformed to", () => planDial({ fields: { ...dialFields, to: "555-1234" } }), "to", /^to: expected a \+E\.164 number/],
      ["a bad number in a list", () => planDial({ fields: { ...dialFields, to: ["+15550000001", "x"] } }), "to[1]"],
      ["an empty list", () => planDial({ fields: { ...dialFields, to: [] } }), "to", /got an empty list/],
      ["a from that is not +E.164", () => planDial({ fields: { ...dialFields, from: "15550001111" } }), "from"],
      ["no connection", () => planDial({ fields: { ...dialFields, connection_id: "" } }), "connection_id", /Call Control application id/],
      ["a long caller name", () => planDial({ fields: { ...dialFields, from_display_name: "a".repeat(129) } }), "from_display_name", /at most 128/],
      ["a caller name with odd characters", () => planDial({ fields: { ...dialFields, from_display_name: "ACME <sales>" } }), "from_display_name"],
      ["a time limit under 30 s", () => planDial({ fields: { ...dialFields, time_limit_secs: 29 } }), "time_limit_secs", /from 30 to 14400/],
      ["a fractional timeout", () => planDial({ fields: { ...dialFields, timeout_secs: "4.5" } }), "timeout_secs", /an integer/],
      ["an unknown detection mode", () => planDial({ fields: { ...dialFields, answering_machine_detection: "maybe" } }), "answering_machine_detection"],
      ["an unknown detection setting", () => planDial({ fields: { ...dialFields, answering_machine_detection_config: { speed: 1 } } }), "answering_machine_detection_config.speed"],
      ["audio_url with media_name", () => planDial({ fields: { ...dialFields, audio_url: "https://e.com/a.mp3" }, options: { media_name: "m" } }), "media_name"],
      ["bridge_on_answer without link_to", () => planDial({ fields: dialFields, options: { bridge_on_answer: true } }), "link_to"],
      ["an undocumented option", () => planDial({ fields: dialFields, options: { caller_id: "x" } }), "options.caller_id", /a field DialCall documents/],
      ["an option the node has a field for", () => planDial({ fields: dialFields, options: { to: "+15550000002" } }), "options.to"],
      ["command_id in options", () => planCommand("answer", CALL_ID, { options: { command_id: "x" } }), "options.command_id"],
      ["options that are not an object", () => planCommand("answer", CALL_ID, { options: [1] }), "options"],
      ["a webhook URL that is not http(s)", () => planCommand("answer", CALL_ID, { fields: { webhook_url: "ftp://x" } }), "webhook_url"],
      ["an answer codec list the API does not list", () => planCommand("answer", CALL_ID, { options: { preferred_codecs: "PCMU" } }), "options.preferred_codecs"],
      ["a sip header other than User-to-User", () => planCommand("answer", CALL_ID, { options: { sip_headers: [{ name: "X-A", value: "1" }] } }), "options.sip_headers[0].name"],
      ["client state that is a number", () => planCommand("answer", CALL_ID, { clientState: 42 }), "client_state"],
      ["speak text over 3,000 characters", () => planCommand("speak", CALL_ID, { fields: { payload: "a".repeat(3001) } }), "payload", /at most 3,000 characters, got 3,001 characters/],
      ["no speak text", () => planCommand("speak", CALL_ID, { fields: { payload: "   " } }), "payload", /got nothing/],
      ["an unknown language", () => planCommand("speak", CALL_ID, { fields: { payload: "x", language: "en-XX" } }), "language"],
      ["an unknown payload type", () => planCommand("speak", CALL_ID, { fields: { payload: "x", payload_type: "html" } }), "payload_type"],
      ["basic with SSML", () => planCommand("speak", CALL_ID, { fields: { payload: "<speak/>", service_level: "basic", payload_type: "ssml" } }), "payload_type"],
      ["basic with another language", () => planCommand("speak", CALL_ID, { fields: { payload: "x", service_level: "basic", language: "de-DE" } }), "language"],
      ["an unknown stop", () => planCommand("speak", CALL_ID, { fields: { payload: "x", stop: "now" } }), "stop"],
      ["voice settings of no provider", () => planCommand("speak", CALL_ID, { fields: { payload: "x", voice_settings: { type: "google" } } }), "voice_settings.type"],
      ["a voice setting its provider lacks", () => planCommand("speak", CALL_ID, { fields: { payload: "x", voice_settings: { type: "aws", speed: 2 } } }), "voice_settings.speed"],
      ["a loop of zero", () => planCommand("speak", CALL_ID, { fields: { payload: "x" }, options: { loop: 0 } }), "options.loop"],
      ["reject without cause", () => planCommand("reject", CALL_ID), "cause", /"CALL_REJECTED" or "USER_BUSY", got nothing/],
      ["reject with another cause", () => planCommand("reject", CALL_ID, { fields: { cause: "NO_ANSWER" } }), "cause"],
      ["transfer without to", () => planCommand("transfer", CALL_ID), "to"],
      ["bridge without the other call", () => planCommand("bridge", CALL_ID), "call_control_id", /the call to bridge with/],
      ["record_start without format", () => planCommand("record_start", CALL_ID, { fields: { channels: "dual" } }), "format"],
      ["record_start with channels stereo", () => planCommand("record_start", CALL_ID, { fields: { format: "mp3", channels: "stereo" } }), "channels"],
      ["a recording_id that is not a UUID", () => planCommand("record_stop", CALL_ID, { fields: { recording_id: "rec-1" } }), "recording_id"],
      ["send_dtmf without digits", () => planCommand("send_dtmf", CALL_ID), "digits"],
      ["DTMF digits with letters", () => planCommand("send_dtmf", CALL_ID, { fields: { digits: "12x" } }), "digits"],
      ["a DTMF tone of 50 ms", () => planCommand("send_dtmf", CALL_ID, { fields: { digits: "1", duration_millis: 50 } }), "duration_millis", /from 100 to 500/],
      ["more than 128 digits", () => planCommand("gather", CALL_ID, { fields: { maximum_digits: 129 } }), "maximum_digits"],
      ["minimum over maximum", () => planCommand("gather", CALL_ID, { fields: { minimum_digits: 5, maximum_digits: 4 } }), "minimum_digits"],
      ["a two-character end digit", () => planCommand("gather", CALL_ID, { fields: { terminating_digit: "##" } }), "terminating_digit"],
      ["a gather_id over 40 characters", () => planCommand("gather", CALL_ID, { fields: { gather_id: "g".repeat(41) } }), "gather_id"],
      ["playback with nothing to play", () => planCommand("playback_start", CALL_ID), "audio_url", /audio_url, media_name or playback_content/],
      ["an overlay on the other leg", () => planCommand("playback_start", CALL_ID, { fields: { media_name: "m", target_legs: "both" }, options: { overlay: true } }), "target_legs"],
      ["a transcription language the API does not list", () => planCommand("record_start", CALL_ID, { fields: { format: "mp3", channels: "dual" }, options: { transcription_language: "xx-XX" } }), "options.transcription_language"],
    ];
    for (const [what, fn, field, message] of cases) it(`refuses ${what}`, () => assertInputError(fn, field, message));
  });

  describe("what the field specs say in words", () => {
    it("describes required fields for their errors", () => {
      assert.equal(describeField(fieldSpec("reject", "cause")!), 'one of "CALL_REJECTED" or "USER_BUSY"');
      assert.equal(describeField(fieldSpec("dial", "time_limit_secs")!), "an integer from 30 to 14400");
      assert.match(describeField(fieldSpec("speak", "payload")!), /at most 3,000 characters/);
    });

    it("leaves blank strings unset, so fallbacks and defaults apply", () => {
      assert.deepEqual(testField(string(), "  "), { ok: true, value: undefined });
      assert.deepEqual(testField(headers(), []), { ok: true, value: undefined });
    });

    it("lets options set every documented field the node has no field for", () => {
      const keys = optionFields(CALL_COMMANDS.hangup);
      assert.deepEqual([...keys], ["custom_headers"]);
      assert.ok(!optionFields(DIAL).has("to"));
      assert.ok(optionFields(DIAL).has("sip_region"));
    });
  });

  describe("sending", () => {
    function fakeClient(data: unknown) {
      const requests: TelnyxRequest[] = [];
      const client = {
        request: async (req: TelnyxRequest) => {
          requests.push(req);
          return { statusCode: 200, body: { data }, rateLimit: {}, attempts: 1 };
        },
      } as unknown as TelnyxClient;
      return { client, requests };
    }

    it("sends commands as idempotent POSTs (they carry a command_id) and returns the API's data", async () => {
      const { client, requests } = fakeClient({ result: "ok" });
      const plan = planCommand("hangup", CALL_ID);
      assert.deepEqual(await send(client, plan), { result: "ok" });
      assert.deepEqual(requests, [{ method: "POST", path: plan.path, body: plan.body, idempotent: true }]);
    });

    it("sends a dial as an idempotent POST /calls", async () => {
      const { client, requests } = fakeClient({ call_control_id: "v3:new" });
      const plan = planDial({ fields: { to: "+15557654321", from: "+15550001111", connection_id: "c" } });
      assert.equal((await send<{ call_control_id: string }>(client, plan)).call_control_id, "v3:new");
      assert.equal(requests[0].idempotent, true);
      assert.equal(requests[0].path, "/calls");
    });

    it("sends a read (GET) with no body and no content-type, and retries it", async () => {
      const read = descriptorOf({
        name: "call_status",
        operationId: "RetrieveCallStatus",
        method: "GET",
        path: "/calls/{call_control_id}",
        params: { call_control_id: required(string()) },
        repeat: "read",
        fields: {},
        form: [],
      });
      const api = await new TelnyxStandIn().start();
      const client = new TelnyxClient({ apiKey: "KEY_TEST", baseUrl: api.baseUrl, backoffMs: 1 });
      try {
        api.enqueue({ status: 503 }, { body: { data: { call_control_id: CALL_ID, is_alive: true } } });
        const planned = plan(read, { params: { call_control_id: CALL_ID } });
        assert.equal(planned.body, undefined);
        assert.deepEqual(await send(client, planned), { call_control_id: CALL_ID, is_alive: true });
        assert.equal(api.requests.length, 2);
        for (const req of api.requests) {
          assert.equal(req.method, "GET");
          assert.equal(req.rawBody, "");
          assert.equal(req.headers["content-type"], undefined);
          assert.equal(req.headers["content-length"] ?? "0", "0");
        }
      } finally {
        await client.close();
        await api.close();
      }
    });

    it("never repeats what nothing makes safe: message sends and TeXML call starts are not idempotent", () => {
      for (const descriptor of Object.values(VOICE_OPERATIONS)) assert.equal(descriptor.repeat, "command_id", descriptor.name);
      const sms = withBody(plan(SEND_MESSAGE, { fields: { to: "+15557654321", from: "+15550001111", text: "hi" } }));
      assert.equal(sms.idempotent, false);
      assert.equal("command_id" in sms.body, false);
      const call = plan(INITIATE_TEXML_CALL, { params: { account_sid: "AC1" }, fields: { To: "+15557654321", From: "+15550001111", ApplicationSid: "app" } });
      assert.equal(call.idempotent, false);
      assert.equal(call.path, "/texml/Accounts/AC1/Calls");
    });
  });
});
