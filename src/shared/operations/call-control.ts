// Call Control as descriptors: POST /calls (dial) and POST /calls/{call_control_id}/actions/* (answer,
// speak and the call-control node's actions). Every field, enum and limit is the Telnyx OpenAPI spec's
// (plus the rules its prose states). To add an action to the call-control node: add its descriptor to
// CALL_COMMANDS, its name to CALL_ACTIONS, and its help text and label (see docs/architecture.md).
import { DEFAULT_VOICE } from "../defaults";
import { TelnyxInputError, describeValue } from "../errors";
import {
  MAX_DISPLAY_NAME_CHARS,
  base64,
  boolean,
  byNode,
  either,
  headers,
  integer,
  list,
  object,
  oneOf,
  required,
  string,
  text,
  variant,
  type Fields,
} from "../fields";
import { OUTCOMES, dialOutcomes, gatherMenu } from "../outcomes";
import { form, operation, type Descriptor, type NodeField } from "./descriptor";

/** The speak text limit ("There is a 3,000 character limit"), for payload and invalid_payload. */
export const MAX_SPEAK_CHARS = 3000;


export const SPEAK_LANGUAGES = [
  "arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB", "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX",
  "es-US", "fr-CA", "fr-FR", "hi-IN", "is-IS", "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
  "pt-PT", "ro-RO", "ru-RU", "sv-SE", "tr-TR",
] as const;
export const SIP_REGIONS = ["US", "Europe", "Canada", "Australia", "Middle East"] as const;
export const MEDIA_ENCRYPTION = ["disabled", "SRTP", "DTLS"] as const;
export const SUPERVISOR_ROLES = ["barge", "whisper", "monitor"] as const;
export const HTTP_METHODS = ["POST", "GET"] as const;
const TARGET_LEGS = ["self", "opposite", "both"] as const;
/** `stop` on speak and playback: "Specify `current` ... Specify `all` ..." (a plain string in the schema). */
const STOP_VALUES = ["current", "all"] as const;
const RECORD_FORMATS = ["wav", "mp3"] as const;
const RECORD_CHANNELS = ["single", "dual"] as const;
const RECORD_TRACKS = ["both", "inbound", "outbound"] as const;
const MUTE_DTMF = ["none", "both", "self", "opposite"] as const;
const AMD_CONFIG_KEYS = [
  "after_greeting_silence_millis", "between_words_silence_millis", "greeting_duration_millis",
  "greeting_silence_duration_millis", "greeting_total_analysis_time_millis", "initial_silence_millis",
  "maximum_number_of_words", "maximum_word_length_millis", "silence_threshold", "total_analysis_time_millis",
] as const;
const RINGTONES = [
  "at", "au", "be", "bg", "br", "ch", "cl", "cn", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr", "hu", "il", "in",
  "it", "jp", "lt", "mx", "my", "nl", "no", "nz", "ph", "pl", "pt", "ru", "se", "sg", "th", "tw", "uk", "us-old",
  "us", "ve", "za",
] as const;
const TRANSCRIPTION_LANGUAGES = [
  "af", "af-ZA", "am", "am-ET", "ar", "ar-AE", "ar-BH", "ar-DZ", "ar-EG", "ar-IL", "ar-IQ", "ar-JO", "ar-KW", "ar-LB",
  "ar-MA", "ar-MR", "ar-OM", "ar-PS", "ar-QA", "ar-SA", "ar-TN", "ar-YE", "as", "auto_detect", "az", "az-AZ", "ba",
  "be", "bg", "bg-BG", "bn", "bn-BD", "bn-IN", "bo", "br", "bs", "bs-BA", "ca", "ca-ES", "cs", "cs-CZ", "cy", "da",
  "da-DK", "de", "de-AT", "de-CH", "de-DE", "el", "el-GR", "en", "en-AU", "en-CA", "en-GB", "en-GH", "en-HK", "en-IE",
  "en-IN", "en-KE", "en-NG", "en-NZ", "en-PH", "en-PK", "en-SG", "en-TZ", "en-US", "en-ZA", "es", "es-419", "es-AR",
  "es-BO", "es-CL", "es-CO", "es-CR", "es-DO", "es-EC", "es-ES", "es-GT", "es-HN", "es-MX", "es-NI", "es-PA", "es-PE",
  "es-PR", "es-PY", "es-SV", "es-US", "es-UY", "es-VE", "et", "et-EE", "eu", "eu-ES", "fa", "fa-IR", "fi", "fi-FI",
  "fil-PH", "fo", "fr", "fr-BE", "fr-CA", "fr-CH", "fr-FR", "gl", "gl-ES", "gu", "gu-IN", "ha", "haw", "he", "hi",
  "hi-IN", "hr", "hr-HR", "ht", "hu", "hu-HU", "hy", "hy-AM", "id", "id-ID", "is", "is-IS", "it", "it-CH", "it-IT",
  "iw-IL", "ja", "ja-JP", "jv-ID", "jw", "ka", "ka-GE", "kk", "kk-KZ", "km", "km-KH", "kn", "kn-IN", "ko", "ko-KR",
  "la", "lb", "ln", "lo", "lo-LA", "lt", "lt-LT", "lv", "lv-LV", "mg", "mi", "mk", "mk-MK", "ml", "ml-IN", "mn",
  "mn-MN", "mr", "mr-IN", "ms", "ms-MY", "mt", "my", "my-MM", "ne", "ne-NP", "nl", "nl-BE", "nl-NL", "nn", "no",
  "no-NO", "oc", "pa", "pa-Guru-IN", "pl", "pl-PL", "ps", "pt", "pt-BR", "pt-PT", "ro", "ro-RO", "ru", "ru-RU",
  "rw-RW", "sa", "sd", "si", "si-LK", "sk", "sk-SK", "sl", "sl-SI", "sn", "so", "sq", "sq-AL", "sr", "sr-RS",
  "ss-latn-za", "st-ZA", "su", "su-ID", "sv", "sv-SE", "sw", "sw-KE", "sw-TZ", "ta", "ta-IN", "ta-LK", "ta-MY",
  "ta-SG", "te", "te-IN", "tg", "th", "th-TH", "tk", "tl", "tn-latn-za", "tr", "tr-TR", "ts-ZA", "tt", "uk", "uk-UA",
  "ur", "ur-IN", "ur-PK", "uz", "uz-UZ", "ve-ZA", "vi", "vi-VN", "xh-ZA", "yi", "yo", "yue-Hant-HK", "zh", "zh-TW",
  "zu-ZA",
] as const;

// ---------------------------------------------------------------------------------------------------
// Field groups several operations share

const url = string({ format: "url" });
const uuid = string({ format: "uuid" });

/** Every command takes these two, set by the node (the request path encodes client_state and makes the command_id). */
const COMMAND = { client_state: byNode(base64()), command_id: byNode(string()) } as const satisfies Fields;

/** `record: record-from-answer` and its settings (dial, answer, transfer, bridge). */
const RECORD_FROM_ANSWER = {
  record: oneOf(["record-from-answer"]),
  record_channels: oneOf(RECORD_CHANNELS),
  record_custom_file_name: string({ min: 1, max: 40 }),
  record_format: oneOf(RECORD_FORMATS),
  record_max_length: integer({ min: 0, max: 43200 }),
  record_timeout_secs: integer({ min: 0 }),
  record_track: oneOf(RECORD_TRACKS),
  record_trim: oneOf(["trim-silence"]),
} as const satisfies Fields;

const WEBHOOKS = {
  webhook_url: url,
  webhook_url_method: oneOf(HTTP_METHODS),
  webhook_urls: object(),
  webhook_urls_method: oneOf(HTTP_METHODS),
  webhook_retries_policies: object(),
} as const satisfies Fields;

const SIP_AUTH = { sip_auth_username: string(), sip_auth_password: string() } as const satisfies Fields;
/** CustomSipHeader[] and SipHeader[] (only User-to-User). */
const SIP_HEADERS = { custom_headers: headers(), sip_headers: headers({ names: ["User-to-User"] }) } as const satisfies Fields;

/** Placing a new leg (dial, transfer). */
const OUTBOUND_LEG = {
  ...SIP_AUTH,
  ...SIP_HEADERS,
  answering_machine_detection: oneOf(["premium", "detect", "detect_beep", "detect_words", "greeting_end", "disabled"]),
  answering_machine_detection_config: object({ keys: AMD_CONFIG_KEYS }),
  audio_url: url,
  media_name: string(),
  from_display_name: string({ format: "display-name", max: MAX_DISPLAY_NAME_CHARS }),
  sip_region: oneOf(SIP_REGIONS),
  sip_transport_protocol: oneOf(["UDP", "TCP", "TLS"]),
  media_encryption: oneOf(MEDIA_ENCRYPTION),
  preferred_codecs: string(),
  privacy: oneOf(["id", "none"]),
  park_after_unbridge: string(),
  send_digits_on_answer: string({ format: "dtmf", max: 64 }),
  sound_modifications: object(),
  time_limit_secs: integer({ min: 30, max: 14400 }),
  timeout_secs: integer(),
} as const satisfies Fields;

const STREAMING = {
  stream_url: string(),
  stream_track: oneOf(["inbound_track", "outbound_track", "both_tracks"]),
  stream_codec: oneOf(["PCMU", "PCMA", "G722", "OPUS", "AMR-WB", "L16", "default"]),
  stream_bidirectional_mode: oneOf(["mp3", "rtp"]),
  stream_bidirectional_codec: oneOf(["PCMU", "PCMA", "G722", "OPUS", "AMR-WB", "L16"]),
  stream_bidirectional_target_legs: oneOf(["both", "self", "opposite"]),
} as const satisfies Fields;

/** Text to speech (speak, gather_using_speak). */
const SPEECH = {
  payload: required(text({ max: MAX_SPEAK_CHARS }), "text or SSML of at most 3,000 characters"),
  payload_type: oneOf(["text", "ssml"]),
  voice: required(string()),
  /** voice_settings is a oneOf told apart by `type`; each provider's other documented keys. */
  voice_settings: variant("type", {
    elevenlabs: ["api_key_ref"],
    telnyx: ["voice_speed"],
    aws: [],
    minimax: ["language_boost", "pitch", "speed", "vol"],
    azure: ["api_key_ref", "deployment_id", "effect", "gender", "region"],
    rime: ["voice_speed"],
    resemble: ["format", "precision", "sample_rate"],
    inworld: ["delivery_mode"],
    xai: ["language"],
  }),
  language: oneOf(SPEAK_LANGUAGES),
  service_level: oneOf(["basic", "premium"]),
} as const satisfies Fields;

const DIGITS = {
  minimum_digits: integer({ min: 1, max: 128 }),
  maximum_digits: integer({ min: 1, max: 128 }),
  terminating_digit: string({ format: "digit" }),
  valid_digits: string({ format: "digits" }),
  timeout_millis: integer({ min: 0 }),
  inter_digit_timeout_millis: integer({ min: 0 }),
} as const satisfies Fields;

/** Loopcount: a number of times or "infinity". */
const LOOP = either([integer({ min: 1 }), oneOf(["infinity"])]);
const PLAYBACK_TARGET = { stop: oneOf(STOP_VALUES), target_legs: oneOf(TARGET_LEGS) } as const satisfies Fields;
const RECORDING_ID = { recording_id: uuid } as const satisfies Fields;
const OTHER_CALL = "the call_control_id of the call to bridge with";

// ---------------------------------------------------------------------------------------------------
// Rules across fields, from the spec's prose

type Body = Readonly<Record<string, unknown>>;

function notTogether(body: Body, a: string, b: string): void {
  if (body[a] !== undefined && body[b] !== undefined) throw new TelnyxInputError(b, `no ${b} together with ${a} (one or the other)`, "both");
}

/** "When using `basic`, only the `en-US` language and payload type `text` are allowed." */
function basicSpeech(body: Body): void {
  if (body.service_level !== "basic") return;
  if (body.payload_type !== undefined && body.payload_type !== "text") {
    throw new TelnyxInputError("payload_type", '"text" with service_level "basic"', describeValue(body.payload_type));
  }
  if (body.language !== undefined && body.language !== "en-US") {
    throw new TelnyxInputError("language", '"en-US" with service_level "basic"', describeValue(body.language));
  }
}

function digitRange(body: Body): void {
  const { minimum_digits: min, maximum_digits: max } = body;
  if (typeof min === "number" && typeof max === "number" && min > max) {
    throw new TelnyxInputError("minimum_digits", `at most maximum_digits (${max})`, String(min));
  }
}

// ---------------------------------------------------------------------------------------------------
// The node fields

/** The call a command goes to: the node's field, else msg.payload.call_control_id, else msg.call_control_id. */
const CALL: NodeField = { field: "call_control_id", in: "path", property: "callControlId", msg: ["payload.call_control_id", "call_control_id"] };
/** Speech text: the node's Text, else msg.payload (a string). */
const TEXT = { field: "payload", property: "text", msg: ["payload"] } as const;
const VOICE = { field: "voice", default: DEFAULT_VOICE } as const;
const CALL_PARAMS = {
  call_control_id: required(string({ format: "call-id" }), "the call's call_control_id (e.g. v3:..., as in a webhook's payload or a dial's result)"),
};

/** A command on a live call: POST /calls/{call_control_id}/actions/<name>, made safe by its command_id. */
function command<const F extends Fields>(
  name: string,
  operationId: string,
  fields: F,
  formEntries: Array<string | (Partial<NodeField> & { field: string })>,
  more: Pick<Descriptor, "rules" | "outcomes"> = {},
): Descriptor<F & typeof COMMAND> {
  return operation({
    name,
    operationId,
    method: "POST",
    path: `/calls/{call_control_id}/actions/${name}`,
    params: CALL_PARAMS,
    repeat: "command_id",
    fields: { ...COMMAND, ...fields },
    form: [CALL, ...form(...formEntries)],
    ...more,
  });
}

// ---------------------------------------------------------------------------------------------------
// The operations

export const DIAL = operation({
  name: "dial",
  operationId: "DialCall",
  method: "POST",
  path: "/calls",
  params: {},
  repeat: "command_id",
  fields: {
    ...COMMAND,
    ...OUTBOUND_LEG,
    ...RECORD_FROM_ANSWER,
    ...WEBHOOKS,
    ...STREAMING,
    to: required(
      either([string({ format: "destination" }), list(string({ format: "destination" }), { min: 1 })]),
      "a +E.164 number or SIP URI to call, or a list of them (the node's To or msg.to)",
    ),
    from: required(string({ format: "e164" }), "a +E.164 caller id (the node's From, msg.from or the account's from number)"),
    connection_id: required(string(), "the Call Control application id (the node's Connection, msg.connection_id or the account's connection id)"),
    assistant: object(),
    billing_group_id: uuid,
    bridge_intent: boolean(),
    bridge_on_answer: boolean(),
    conference_config: object(),
    conversation_relay_config: object(),
    deepfake_detection: object(),
    dialogflow_config: object(),
    enable_dialogflow: boolean(),
    link_to: string(),
    prevent_double_bridge: boolean(),
    retry_on_timeout: boolean(),
    send_silence_when_idle: boolean(),
    stream_auth_token: string({ max: 4000 }),
    stream_bidirectional_sampling_rate: oneOf([8000, 16000, 22050, 24000, 48000]),
    stream_establish_before_call_originate: boolean(),
    supervise_call_control_id: string(),
    supervisor_role: oneOf(SUPERVISOR_ROLES),
    transcription: boolean(),
    transcription_config: object(),
  },
  form: form(
    { field: "to", msg: ["to"] },
    { field: "from", msg: ["from"], account: "fromNumber" },
    { field: "connection_id", msg: ["connection_id"], account: "connectionId" },
    "from_display_name",
    "timeout_secs",
    "time_limit_secs",
    "answering_machine_detection",
    "answering_machine_detection_config",
    "audio_url",
    "record",
    "record_format",
    "record_channels",
    "custom_headers",
    "webhook_url",
  ),
  rules: (body) => {
    notTogether(body, "audio_url", "media_name");
    for (const needsLink of ["bridge_intent", "bridge_on_answer"]) {
      if (body[needsLink] === true && body.link_to === undefined) {
        throw new TelnyxInputError("link_to", `the call_control_id of the call to link to (required with ${needsLink})`, "nothing");
      }
    }
  },
  // With machine detection on, its result decides answered or machine.
  outcomes: { result: OUTCOMES.dial, forRequest: dialOutcomes },
});

export const ANSWER = command(
  "answer",
  "AnswerCall",
  {
    ...RECORD_FROM_ANSWER,
    ...WEBHOOKS,
    ...STREAMING,
    ...SIP_HEADERS,
    assistant: object(),
    billing_group_id: uuid,
    conversation_relay_config: object(),
    deepfake_detection: object(),
    preferred_codecs: oneOf(["G722,PCMU,PCMA,G729,OPUS,VP8,H264"]),
    send_silence_when_idle: boolean(),
    sound_modifications: object(),
    transcription: boolean(),
    transcription_config: object(),
  },
  ["webhook_url", "record", "record_format", "record_channels"],
  { outcomes: { result: OUTCOMES.answer } },
);

export const SPEAK = command(
  "speak",
  "SpeakCall",
  { ...SPEECH, ...PLAYBACK_TARGET, loop: LOOP },
  [TEXT, VOICE, "payload_type", "language", "service_level", "stop", "target_legs", "voice_settings"],
  { rules: basicSpeech, outcomes: { result: OUTCOMES.speak } },
);

/** The commands of the call-control node, by action name. */
export const CALL_COMMANDS = {
  hangup: command("hangup", "HangupCall", { custom_headers: headers() }, []),
  reject: command("reject", "RejectCall", { cause: required(oneOf(["CALL_REJECTED", "USER_BUSY"])) }, ["cause"]),
  transfer: command(
    "transfer",
    "TransferCall",
    {
      ...OUTBOUND_LEG,
      ...RECORD_FROM_ANSWER,
      ...WEBHOOKS,
      to: required(string({ format: "destination" })),
      from: string({ format: "e164" }),
      early_media: boolean(),
      mute_dtmf: oneOf(MUTE_DTMF),
      target_leg_client_state: base64(),
    },
    ["to", "from", "from_display_name", "timeout_secs", "audio_url", "webhook_url"],
    { rules: (body) => notTogether(body, "audio_url", "media_name"), outcomes: { result: OUTCOMES.transfer } },
  ),
  bridge: command(
    "bridge",
    "BridgeCall",
    {
      ...RECORD_FROM_ANSWER,
      call_control_id: required(string(), OTHER_CALL),
      hold_after_unbridge: boolean(),
      mute_dtmf: oneOf(MUTE_DTMF),
      park_after_unbridge: string(),
      play_ringtone: boolean(),
      prevent_double_bridge: boolean(),
      queue: string(),
      ringtone: oneOf(RINGTONES),
      video_room_context: string(),
      video_room_id: uuid,
    },
    [{ field: "call_control_id", property: "bridgeWith", msgKey: "bridge_call_control_id" }],
    { outcomes: { result: OUTCOMES.bridge } },
  ),
  gather_using_speak: command(
    "gather_using_speak",
    "GatherUsingSpeak",
    { ...SPEECH, ...DIGITS, invalid_payload: text({ max: MAX_SPEAK_CHARS }), maximum_tries: integer({ min: 1 }) },
    [TEXT, VOICE, "language", "valid_digits", "minimum_digits", "maximum_digits", "terminating_digit", "timeout_millis", "invalid_payload"],
    {
      rules: (body) => {
        basicSpeech(body);
        digitRange(body);
      },
      outcomes: { result: OUTCOMES.gather, menu: gatherMenu },
    },
  ),
  gather: command(
    "gather",
    "GatherCall",
    { ...DIGITS, gather_id: string({ min: 1, max: 40 }), initial_timeout_millis: integer({ min: 0 }) },
    ["valid_digits", "minimum_digits", "maximum_digits", "terminating_digit", "timeout_millis", "gather_id"],
    { rules: digitRange, outcomes: { result: OUTCOMES.gather, menu: gatherMenu } },
  ),
  playback_start: command(
    "playback_start",
    "StartCallPlayback",
    {
      ...PLAYBACK_TARGET,
      audio_url: url,
      media_name: string(),
      playback_content: string(),
      audio_type: oneOf(["mp3", "wav"]),
      cache_audio: boolean(),
      loop: LOOP,
      overlay: boolean(),
    },
    ["audio_url", "media_name", "loop", "target_legs"],
    {
      rules: (body) => {
        notTogether(body, "audio_url", "media_name");
        if (body.audio_url === undefined && body.media_name === undefined && body.playback_content === undefined) {
          throw new TelnyxInputError("audio_url", "the audio to play: audio_url, media_name or playback_content", "none of them");
        }
        if (body.overlay === true && body.target_legs !== undefined && body.target_legs !== "self") {
          throw new TelnyxInputError("target_legs", '"self" when overlay is on', describeValue(body.target_legs));
        }
      },
      outcomes: { result: OUTCOMES.playback_start },
    },
  ),
  playback_stop: command("playback_stop", "StopCallPlayback", { overlay: boolean(), stop: oneOf(STOP_VALUES) }, ["stop"]),
  record_start: command(
    "record_start",
    "StartCallRecord",
    {
      format: required(oneOf(RECORD_FORMATS)),
      channels: required(oneOf(RECORD_CHANNELS)),
      custom_file_name: string({ min: 1, max: 40 }),
      max_length: integer({ min: 0, max: 14400 }),
      play_beep: boolean(),
      recording_track: oneOf(RECORD_TRACKS),
      timeout_secs: integer({ min: 0 }),
      transcription: boolean(),
      transcription_engine: oneOf(["A", "B", "deepgram/nova-3"]),
      transcription_language: oneOf(TRANSCRIPTION_LANGUAGES),
      transcription_max_speaker_count: integer(),
      transcription_min_speaker_count: integer(),
      transcription_profanity_filter: boolean(),
      transcription_speaker_diarization: boolean(),
      trim: oneOf(["trim-silence"]),
    },
    ["format", "channels", "max_length", "play_beep"],
    { outcomes: { result: OUTCOMES.record_start } },
  ),
  record_stop: command("record_stop", "StopCallRecording", RECORDING_ID, ["recording_id"]),
  record_pause: command("record_pause", "PauseCallRecording", RECORDING_ID, ["recording_id"]),
  record_resume: command("record_resume", "ResumeCallRecording", RECORDING_ID, ["recording_id"]),
  send_dtmf: command(
    "send_dtmf",
    "SendDTMF",
    { digits: required(string({ format: "dtmf" })), duration_millis: integer({ min: 100, max: 500 }) },
    ["digits", "duration_millis"],
  ),
  refer: command(
    "refer",
    "ReferCall",
    { ...SIP_AUTH, ...SIP_HEADERS, sip_address: required(string({ format: "sip-uri" })) },
    ["sip_address"],
  ),
  send_sip_info: command(
    "send_sip_info",
    "SendSIPInfo",
    // The body is sent as written; its 1,400-byte limit is the API's to enforce (a limit in bytes, not characters).
    { content_type: required(string()), body: required(text()) },
    ["content_type", "body"],
  ),
} as const;

/** The reads of the call-control node: nothing changes, so they carry no command_id and are retried freely. */
export const CALL_READS = {
  call_status: operation({
    name: "call_status",
    operationId: "RetrieveCallStatus",
    method: "GET",
    path: "/calls/{call_control_id}",
    params: CALL_PARAMS,
    repeat: "read",
    fields: {},
    form: [CALL],
  }),
  list_active_calls: operation({
    name: "list_active_calls",
    operationId: "ListConnectionActiveCalls",
    method: "GET",
    path: "/connections/{connection_id}/active_calls",
    params: {
      connection_id: required(string(), "the connection's id (the node's Connection, msg.connection_id or the account's connection id)"),
    },
    // The spec's `page` deepObject: page[limit] is how many calls one request brings; the node follows the
    // cursor (meta.next) to the last page itself, so page[after] and page[before] are not offered.
    query: { "page[limit]": integer({ min: 1, max: 250 }) },
    repeat: "read",
    fields: {},
    form: [
      { field: "connection_id", in: "path", property: "connectionId", msg: ["connection_id"], account: "connectionId" },
      { field: "page[limit]", in: "query", property: "pageLimit" },
    ],
    list: { style: "page", items: "data" },
  }),
} as const;

/** Every action of the call-control node: the commands, then the reads. */
export const CALL_CONTROL_ACTIONS = { ...CALL_COMMANDS, ...CALL_READS } as const;

export type CallAction = keyof typeof CALL_CONTROL_ACTIONS;

/** The actions of the call-control node, in the order its dialog lists them. */
export const CALL_ACTIONS = Object.keys(CALL_CONTROL_ACTIONS) as CallAction[];

export function isCallAction(value: unknown): value is CallAction {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(CALL_CONTROL_ACTIONS, value);
}

/** The call-control node's action, checked: one of CALL_ACTIONS. */
export function callAction(value: unknown): CallAction {
  const action = typeof value === "string" ? value.trim() : value;
  if (!isCallAction(action)) throw new TelnyxInputError("action", `one of ${CALL_ACTIONS.join(", ")}`, describeValue(value));
  return action;
}
