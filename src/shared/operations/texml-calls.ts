// Starting a TeXML call as a descriptor: POST /texml/Accounts/{account_sid}/Calls (InitiateTexmlCall),
// from InitiateCallRequest in the Telnyx OpenAPI spec. The request has no idempotency key: a call start
// is never repeated after an ambiguous failure unless the account opts in (a repeat could ring twice).
import { TelnyxInputError, describeValue } from "../errors";
import { MAX_DISPLAY_NAME_CHARS, boolean, byNode, headers, integer, list, oneOf, required, string, text, type Fields } from "../fields";
import { SIP_REGIONS, MEDIA_ENCRYPTION, SUPERVISOR_ROLES } from "./call-control";
import { form, operation } from "./descriptor";

const url = string({ format: "url" });
const method = oneOf(["GET", "POST"]);

const TEXML_CALL_FIELDS = {
  ApplicationSid: required(string(), "the TeXML application id (the node's Application, or the account's TeXML app)"),
  To: required(string({ format: "e164-or-sip" }), "a +E.164 number or a SIP URI to call"),
  From: required(string({ format: "e164" }), "a +E.164 number to call from"),
  /** The TeXML document (the node's verbs or msg.texml). */
  Texml: byNode(text()),
  Url: url,
  StatusCallback: url,
  StatusCallbackEvent: list(string({ format: "word" }), { split: "words" }),
  MachineDetection: oneOf(["Enable", "Disable", "DetectMessageEnd"]),
  Record: boolean(),
  // The spec's CallerId is the caller's display name (SIP From display name), not a number.
  CallerId: string({ format: "display-name", max: MAX_DISPLAY_NAME_CHARS }),
  Timeout: integer({ min: 5, max: 120 }),
  TimeLimit: integer({ min: 30, max: 14400 }),
  UrlMethod: method,
  FallbackUrl: url,
  StatusCallbackMethod: method,
  DetectionMode: oneOf(["Premium", "Regular", "PremiumCallScreening"]),
  MachineDetectionTimeout: integer({ min: 500, max: 60000 }),
  MachineDetectionSpeechThreshold: integer(),
  MachineDetectionSpeechEndThreshold: integer(),
  MachineDetectionSilenceTimeout: integer(),
  MachineDetectionPromptEndTimeout: integer({ min: 1000, max: 120000 }),
  AsyncAmd: boolean(),
  AsyncAmdStatusCallback: url,
  AsyncAmdStatusCallbackMethod: method,
  CancelPlaybackOnMachineDetection: boolean(),
  CancelPlaybackOnDetectMessageEnd: boolean(),
  RecordingChannels: oneOf(["mono", "dual"]),
  RecordingStatusCallback: url,
  RecordingStatusCallbackEvent: list(oneOf(["in-progress", "completed", "absent"]), { split: "words" }),
  RecordingStatusCallbackMethod: method,
  RecordingTimeout: integer({ min: 0 }),
  RecordingTrack: oneOf(["inbound", "outbound", "both"]),
  Trim: oneOf(["trim-silence", "do-not-trim"]),
  SendRecordingUrl: boolean(),
  SipAuthUsername: string(),
  SipAuthPassword: string(),
  SipRegion: oneOf(SIP_REGIONS),
  MediaEncryption: oneOf(MEDIA_ENCRYPTION),
  PreferredCodecs: string(),
  CustomHeaders: headers(),
  DeepfakeDetection: oneOf(["Enable"]),
  DeepfakeDetectionCallbackUrl: url,
  DeepfakeDetectionCallbackMethod: method,
  SuperviseCallSid: string(),
  SupervisingRole: oneOf(SUPERVISOR_ROLES),
} as const satisfies Fields;

export const INITIATE_TEXML_CALL = operation({
  name: "initiate_texml_call",
  operationId: "InitiateTexmlCall",
  method: "POST",
  path: "/texml/Accounts/{account_sid}/Calls",
  params: { account_sid: required(string(), "the TeXML account SID (the node's Account SID, or the account's TeXML account)") },
  repeat: "unsafe",
  answer: "body",
  fields: TEXML_CALL_FIELDS,
  form: form(
    { field: "account_sid", in: "path", property: "accountSid", account: "texmlAccountSid" },
    { field: "ApplicationSid", property: "applicationId", account: "texmlApplicationId" },
    { field: "To", msg: ["to"] },
    { field: "From", msg: ["from"], account: "fromNumber" },
    "Url",
    "StatusCallback",
    "StatusCallbackEvent",
    "MachineDetection",
    "Record",
    "CallerId",
    "Timeout",
    "TimeLimit",
  ),
  // The spec's oneOf: Url (fetch the instructions), Texml (carry them) or neither (the application's voice URL).
  rules: (body) => {
    if (body.Url !== undefined && body.Texml !== undefined) {
      throw new TelnyxInputError("Url", "either a Url to fetch the TeXML from or a TeXML document (the verb list or msg.texml), not both", "both");
    }
  },
});

/** What the TeXML node's live mode does to a call in progress (the node's `liveAction`). */
export const LIVE_ACTIONS = ["texml", "url", "end"] as const;
export type LiveAction = (typeof LIVE_ACTIONS)[number];

/**
 * Acting on a live TeXML call: POST /texml/Accounts/{account_sid}/Calls/{call_sid} (UpdateTexmlCall), from
 * UpdateCallRequest, sent form-encoded as the spec says. Redirect it to new TeXML (`Texml`, the node's
 * document), to a URL (`Url`, `Method`), or end it (`Status: completed`, "ends the call").
 * Not repeated after an ambiguous failure unless the account opts in: the spec gives TeXML no idempotency
 * key, and a redirect sent twice starts the new instructions over (the caller hears them from the start).
 */
export const UPDATE_TEXML_CALL = operation({
  name: "update_texml_call",
  operationId: "UpdateTexmlCall",
  method: "POST",
  path: "/texml/Accounts/{account_sid}/Calls/{call_sid}",
  params: {
    account_sid: required(string(), "the TeXML account SID (the node's Account SID, or the account's TeXML account)"),
    call_sid: required(string(), "the live call's CallSid (the node's Call SID, msg.callSid or a TeXML request's msg.payload.CallSid)"),
  },
  repeat: "unsafe",
  answer: "body",
  encoding: "form",
  fields: {
    /** The TeXML document (the node's verbs or msg.texml). */
    Texml: byNode(text()),
    Url: url,
    Method: method,
    // "Setting the status to completed ends the call": the one value the spec documents; the node's "end the call".
    Status: byNode(oneOf(["completed"])),
    FallbackUrl: url,
    FallbackMethod: method,
    StatusCallback: url,
    StatusCallbackMethod: method,
  },
  form: form(
    { field: "account_sid", in: "path", property: "accountSid", account: "texmlAccountSid" },
    { field: "call_sid", in: "path", property: "callSid", msg: ["callSid", "payload.CallSid"] },
    "Url",
    "Method",
  ),
  // One thing at a time: new TeXML, a URL to fetch it from, or the end of the call. The node's action gives
  // Texml or Status, so beside either of them the Url (the node's field) is the one to remove.
  rules: (body) => {
    const given = (["Texml", "Url", "Status"] as const).filter((name) => body[name] !== undefined);
    if (given.length > 1 && body.Url !== undefined) {
      const doing = body.Texml !== undefined ? "redirecting to TeXML (the verbs or msg.texml)" : "ending the call (Status completed)";
      throw new TelnyxInputError("Url", `no Url when ${doing}: leave it empty, or choose "redirect to a URL"`, describeValue(body.Url));
    }
    if (given.length > 1) throw new TelnyxInputError("Status", "one of Texml, Url or Status, not Texml and Status together", "both");
    if (given.length === 0) {
      throw new TelnyxInputError("Url", "what to do with the call: TeXML (the verbs or msg.texml), a Url, or Status completed to end it", "nothing");
    }
  },
});
