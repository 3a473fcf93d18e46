// Call Control as data: every request field of the voice operations the nodes use, with the enums,
// limits and formats of the Telnyx OpenAPI spec (and the rules its prose states), and the fields each
// node's edit dialog shows. Both the runtime (src/telnyx/calls.ts) and the editors read these tables,
// so a field, an enum or a limit is written down once. No node:* and no DOM here.
import { DEFAULT_VOICE } from "./defaults";
import { E164, HTTP_URL, SIP_URI, UUID } from "./formats";

/** The speak text limit ("There is a 3,000 character limit"), for payload and invalid_payload. */
export const MAX_SPEAK_CHARS = 3000;

/** from_display_name: "a maximum of 128 characters, containing only letters, numbers, spaces, and -_~!.+". */
export const MAX_DISPLAY_NAME_CHARS = 128;

/** What a field holds, as far as checking it before sending is concerned. */
export type FieldType =
  | "string" // trimmed; may have values, a length range or a format
  | "text" // speak text: kept as given (not trimmed), with a length limit
  | "integer" // a number, or a string of digits
  | "number"
  | "boolean" // true/false, or the strings "true"/"false"
  | "object" // a JSON object, passed on as it is (its keys checked when `keys` is given)
  | "headers" // [{name, value}] (an object of name: value is accepted and turned into that)
  | "loop" // Loopcount: a number of times, or "infinity"
  | "voice-settings" // one of the providers' settings objects, told apart by `type`
  | "client-state" // a string or an object; sent base64-encoded (objects as JSON)
  | "destinations"; // dial `to`: one destination or a list of them

/** Formats the API's prose documents for some string fields. */
export type StringFormat = "e164" | "destination" | "url" | "uuid" | "display-name" | "dtmf" | "digits" | "digit";

export interface FieldSpec {
  type: FieldType;
  /** The API requires the field. */
  required?: boolean;
  /** The allowed values (an enum). */
  values?: readonly (string | number)[];
  /** Numbers: the smallest and largest value. Strings: the shortest and longest length. */
  min?: number;
  max?: number;
  format?: StringFormat;
  /** Objects: the documented keys (any other is refused). Headers: the allowed header names. */
  keys?: readonly string[];
  /** What a missing required value should be, when the type alone says too little. */
  about?: string;
}

export const SPEAK_LANGUAGES = [
  "arb", "cmn-CN", "cy-GB", "da-DK", "de-DE", "en-AU", "en-GB", "en-GB-WLS", "en-IN", "en-US", "es-ES", "es-MX",
  "es-US", "fr-CA", "fr-FR", "hi-IN", "is-IS", "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR",
  "pt-PT", "ro-RO", "ru-RU", "sv-SE", "tr-TR",
] as const;
export const PAYLOAD_TYPES = ["text", "ssml"] as const;
export const SERVICE_LEVELS = ["basic", "premium"] as const;
export const TARGET_LEGS = ["self", "opposite", "both"] as const;
/** `stop` on speak and playback: "Specify `current` ... Specify `all` ..." (a plain string in the schema). */
export const STOP_VALUES = ["current", "all"] as const;
export const REJECT_CAUSES = ["CALL_REJECTED", "USER_BUSY"] as const;
export const RECORD_FORMATS = ["wav", "mp3"] as const;
export const RECORD_CHANNELS = ["single", "dual"] as const;
export const RECORD_TRACKS = ["both", "inbound", "outbound"] as const;
export const AMD_MODES = ["premium", "detect", "detect_beep", "detect_words", "greeting_end", "disabled"] as const;
export const AMD_CONFIG_KEYS = [
  "after_greeting_silence_millis", "between_words_silence_millis", "greeting_duration_millis",
  "greeting_silence_duration_millis", "greeting_total_analysis_time_millis", "initial_silence_millis",
  "maximum_number_of_words", "maximum_word_length_millis", "silence_threshold", "total_analysis_time_millis",
] as const;
export const HTTP_METHODS = ["POST", "GET"] as const;
export const MUTE_DTMF = ["none", "both", "self", "opposite"] as const;
export const SIP_REGIONS = ["US", "Europe", "Canada", "Australia", "Middle East"] as const;
export const SIP_TRANSPORTS = ["UDP", "TCP", "TLS"] as const;
export const MEDIA_ENCRYPTION = ["disabled", "SRTP", "DTLS"] as const;
export const PRIVACY = ["id", "none"] as const;
export const STREAM_TRACKS = ["inbound_track", "outbound_track", "both_tracks"] as const;
export const STREAM_CODECS = ["PCMU", "PCMA", "G722", "OPUS", "AMR-WB", "L16", "default"] as const;
export const STREAM_BIDIRECTIONAL_CODECS = ["PCMU", "PCMA", "G722", "OPUS", "AMR-WB", "L16"] as const;
export const STREAM_BIDIRECTIONAL_MODES = ["mp3", "rtp"] as const;
export const STREAM_BIDIRECTIONAL_TARGET_LEGS = ["both", "self", "opposite"] as const;
export const STREAM_BIDIRECTIONAL_SAMPLING_RATES = [8000, 16000, 22050, 24000, 48000] as const;
export const SUPERVISOR_ROLES = ["barge", "whisper", "monitor"] as const;
export const AUDIO_TYPES = ["mp3", "wav"] as const;
export const RINGTONES = [
  "at", "au", "be", "bg", "br", "ch", "cl", "cn", "cz", "de", "dk", "ee", "es", "fi", "fr", "gr", "hu", "il", "in",
  "it", "jp", "lt", "mx", "my", "nl", "no", "nz", "ph", "pl", "pt", "ru", "se", "sg", "th", "tw", "uk", "us-old",
  "us", "ve", "za",
] as const;
export const TRANSCRIPTION_ENGINES = ["A", "B", "deepgram/nova-3"] as const;
export const TRANSCRIPTION_LANGUAGES = [
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

/** voice_settings is a oneOf told apart by `type`; each provider's other documented keys. */
export const VOICE_SETTINGS_KEYS: Readonly<Record<string, readonly string[]>> = {
  elevenlabs: ["api_key_ref"],
  telnyx: ["voice_speed"],
  aws: [],
  minimax: ["language_boost", "pitch", "speed", "vol"],
  azure: ["api_key_ref", "deployment_id", "effect", "gender", "region"],
  rime: ["voice_speed"],
  resemble: ["format", "precision", "sample_rate"],
  inworld: ["delivery_mode"],
  xai: ["language"],
};

// ---------------------------------------------------------------------------------------------------
// The operations' request fields

type Fields = Readonly<Record<string, FieldSpec>>;

const str: FieldSpec = { type: "string" };
const bool: FieldSpec = { type: "boolean" };
const int: FieldSpec = { type: "integer" };
const obj: FieldSpec = { type: "object" };
const oneOf = (values: readonly (string | number)[]): FieldSpec => ({ type: "string", values });

/** Every command takes these two. */
const COMMAND: Fields = {
  client_state: { type: "client-state" },
  command_id: str,
};

/** `record: record-from-answer` and its settings (dial, answer, transfer, bridge). */
const RECORD_FROM_ANSWER: Fields = {
  record: oneOf(["record-from-answer"]),
  record_channels: oneOf(RECORD_CHANNELS),
  record_custom_file_name: { type: "string", min: 1, max: 40 },
  record_format: oneOf(RECORD_FORMATS),
  record_max_length: { type: "integer", min: 0, max: 43200 },
  record_timeout_secs: { type: "integer", min: 0 },
  record_track: oneOf(RECORD_TRACKS),
  record_trim: oneOf(["trim-silence"]),
};

const WEBHOOKS: Fields = {
  webhook_url: { type: "string", format: "url" },
  webhook_url_method: oneOf(HTTP_METHODS),
  webhook_urls: obj,
  webhook_urls_method: oneOf(HTTP_METHODS),
  webhook_retries_policies: obj,
};

const AMD: Fields = {
  answering_machine_detection: oneOf(AMD_MODES),
  answering_machine_detection_config: { type: "object", keys: AMD_CONFIG_KEYS },
};

/** Placing a new leg (dial, transfer). */
const OUTBOUND_LEG: Fields = {
  ...AMD,
  audio_url: { type: "string", format: "url" },
  media_name: str,
  from_display_name: { type: "string", format: "display-name", max: MAX_DISPLAY_NAME_CHARS },
  custom_headers: { type: "headers" },
  sip_headers: { type: "headers", keys: ["User-to-User"] },
  sip_auth_username: str,
  sip_auth_password: str,
  sip_region: oneOf(SIP_REGIONS),
  sip_transport_protocol: oneOf(SIP_TRANSPORTS),
  media_encryption: oneOf(MEDIA_ENCRYPTION),
  preferred_codecs: str,
  privacy: oneOf(PRIVACY),
  park_after_unbridge: str,
  send_digits_on_answer: { type: "string", format: "dtmf", max: 64 },
  sound_modifications: obj,
  time_limit_secs: { type: "integer", min: 30, max: 14400 },
  timeout_secs: int,
};

const STREAMING: Fields = {
  stream_url: str,
  stream_track: oneOf(STREAM_TRACKS),
  stream_codec: oneOf(STREAM_CODECS),
  stream_bidirectional_mode: oneOf(STREAM_BIDIRECTIONAL_MODES),
  stream_bidirectional_codec: oneOf(STREAM_BIDIRECTIONAL_CODECS),
  stream_bidirectional_target_legs: oneOf(STREAM_BIDIRECTIONAL_TARGET_LEGS),
};

/** Text to speech (speak, gather_using_speak). */
const SPEECH: Fields = {
  payload: { type: "text", required: true, max: MAX_SPEAK_CHARS },
  payload_type: oneOf(PAYLOAD_TYPES),
  voice: { type: "string", required: true },
  voice_settings: { type: "voice-settings" },
  language: oneOf(SPEAK_LANGUAGES),
  service_level: oneOf(SERVICE_LEVELS),
};

const DIGITS: Fields = {
  minimum_digits: { type: "integer", min: 1, max: 128 },
  maximum_digits: { type: "integer", min: 1, max: 128 },
  terminating_digit: { type: "string", format: "digit" },
  valid_digits: { type: "string", format: "digits" },
  timeout_millis: { type: "integer", min: 0 },
  inter_digit_timeout_millis: { type: "integer", min: 0 },
};

const RECORDING_ID: Fields = { recording_id: { type: "string", format: "uuid" } };

export interface VoiceOperation {
  /** The OpenAPI operationId. */
  operationId: string;
  /** The last path segment under /calls/{call_control_id}/actions/; none for dial (POST /calls). */
  action?: string;
  fields: Fields;
}

export const VOICE_OPERATIONS = {
  dial: {
    operationId: "DialCall",
    fields: {
      ...COMMAND,
      ...OUTBOUND_LEG,
      ...RECORD_FROM_ANSWER,
      ...WEBHOOKS,
      ...STREAMING,
      to: { type: "destinations", required: true, about: "a +E.164 number or SIP URI to call, or a list of them (the node's To or msg.to)" },
      from: { type: "string", required: true, format: "e164", about: "a +E.164 caller id (the node's From, msg.from or the account's from number)" },
      connection_id: {
        type: "string",
        required: true,
        about: "the Call Control application id (the node's Connection, msg.connection_id or the account's connection id)",
      },
      assistant: obj,
      billing_group_id: { type: "string", format: "uuid" },
      bridge_intent: bool,
      bridge_on_answer: bool,
      conference_config: obj,
      conversation_relay_config: obj,
      deepfake_detection: obj,
      dialogflow_config: obj,
      enable_dialogflow: bool,
      link_to: str,
      prevent_double_bridge: bool,
      retry_on_timeout: bool,
      send_silence_when_idle: bool,
      stream_auth_token: { type: "string", max: 4000 },
      stream_bidirectional_sampling_rate: { type: "integer", values: STREAM_BIDIRECTIONAL_SAMPLING_RATES },
      stream_establish_before_call_originate: bool,
      supervise_call_control_id: str,
      supervisor_role: oneOf(SUPERVISOR_ROLES),
      transcription: bool,
      transcription_config: obj,
    },
  },
  answer: {
    operationId: "AnswerCall",
    action: "answer",
    fields: {
      ...COMMAND,
      ...RECORD_FROM_ANSWER,
      ...WEBHOOKS,
      ...STREAMING,
      assistant: obj,
      billing_group_id: { type: "string", format: "uuid" },
      conversation_relay_config: obj,
      custom_headers: { type: "headers" },
      deepfake_detection: obj,
      preferred_codecs: oneOf(["G722,PCMU,PCMA,G729,OPUS,VP8,H264"]),
      send_silence_when_idle: bool,
      sip_headers: { type: "headers", keys: ["User-to-User"] },
      sound_modifications: obj,
      transcription: bool,
      transcription_config: obj,
    },
  },
  speak: {
    operationId: "SpeakCall",
    action: "speak",
    fields: {
      ...COMMAND,
      ...SPEECH,
      loop: { type: "loop" },
      stop: oneOf(STOP_VALUES),
      target_legs: oneOf(TARGET_LEGS),
    },
  },
  hangup: {
    operationId: "HangupCall",
    action: "hangup",
    fields: { ...COMMAND, custom_headers: { type: "headers" } },
  },
  reject: {
    operationId: "RejectCall",
    action: "reject",
    fields: { ...COMMAND, cause: { type: "string", required: true, values: REJECT_CAUSES } },
  },
  transfer: {
    operationId: "TransferCall",
    action: "transfer",
    fields: {
      ...COMMAND,
      ...OUTBOUND_LEG,
      ...RECORD_FROM_ANSWER,
      ...WEBHOOKS,
      to: { type: "string", required: true, format: "destination" },
      from: { type: "string", format: "e164" },
      early_media: bool,
      mute_dtmf: oneOf(MUTE_DTMF),
      target_leg_client_state: { type: "client-state" },
    },
  },
  bridge: {
    operationId: "BridgeCall",
    action: "bridge",
    fields: {
      ...COMMAND,
      ...RECORD_FROM_ANSWER,
      call_control_id: { type: "string", required: true, about: "the call_control_id of the call to bridge with" },
      hold_after_unbridge: bool,
      mute_dtmf: oneOf(MUTE_DTMF),
      park_after_unbridge: str,
      play_ringtone: bool,
      prevent_double_bridge: bool,
      queue: str,
      ringtone: oneOf(RINGTONES),
      video_room_context: str,
      video_room_id: { type: "string", format: "uuid" },
    },
  },
  gather_using_speak: {
    operationId: "GatherUsingSpeak",
    action: "gather_using_speak",
    fields: {
      ...COMMAND,
      ...SPEECH,
      ...DIGITS,
      invalid_payload: { type: "text", max: MAX_SPEAK_CHARS },
      maximum_tries: { type: "integer", min: 1 },
    },
  },
  gather: {
    operationId: "GatherCall",
    action: "gather",
    fields: {
      ...COMMAND,
      ...DIGITS,
      gather_id: { type: "string", min: 1, max: 40 },
      initial_timeout_millis: { type: "integer", min: 0 },
    },
  },
  playback_start: {
    operationId: "StartCallPlayback",
    action: "playback_start",
    fields: {
      ...COMMAND,
      audio_url: { type: "string", format: "url" },
      media_name: str,
      playback_content: str,
      audio_type: oneOf(AUDIO_TYPES),
      cache_audio: bool,
      loop: { type: "loop" },
      overlay: bool,
      stop: oneOf(STOP_VALUES),
      target_legs: oneOf(TARGET_LEGS),
    },
  },
  playback_stop: {
    operationId: "StopCallPlayback",
    action: "playback_stop",
    fields: { ...COMMAND, overlay: bool, stop: oneOf(STOP_VALUES) },
  },
  record_start: {
    operationId: "StartCallRecord",
    action: "record_start",
    fields: {
      ...COMMAND,
      format: { type: "string", required: true, values: RECORD_FORMATS },
      channels: { type: "string", required: true, values: RECORD_CHANNELS },
      custom_file_name: { type: "string", min: 1, max: 40 },
      max_length: { type: "integer", min: 0, max: 14400 },
      play_beep: bool,
      recording_track: oneOf(RECORD_TRACKS),
      timeout_secs: { type: "integer", min: 0 },
      transcription: bool,
      transcription_engine: oneOf(TRANSCRIPTION_ENGINES),
      transcription_language: oneOf(TRANSCRIPTION_LANGUAGES),
      transcription_max_speaker_count: int,
      transcription_min_speaker_count: int,
      transcription_profanity_filter: bool,
      transcription_speaker_diarization: bool,
      trim: oneOf(["trim-silence"]),
    },
  },
  record_stop: { operationId: "StopCallRecording", action: "record_stop", fields: { ...COMMAND, ...RECORDING_ID } },
  record_pause: { operationId: "PauseCallRecording", action: "record_pause", fields: { ...COMMAND, ...RECORDING_ID } },
  record_resume: { operationId: "ResumeCallRecording", action: "record_resume", fields: { ...COMMAND, ...RECORDING_ID } },
  send_dtmf: {
    operationId: "SendDTMF",
    action: "send_dtmf",
    fields: {
      ...COMMAND,
      digits: { type: "string", required: true, format: "dtmf" },
      duration_millis: { type: "integer", min: 100, max: 500 },
    },
  },
} as const satisfies Record<string, VoiceOperation>;

export type VoiceOperationName = keyof typeof VOICE_OPERATIONS;

/** The actions of the call-control node, in the order its dialog lists them. */
export const CALL_ACTIONS = [
  "hangup",
  "reject",
  "transfer",
  "bridge",
  "gather_using_speak",
  "gather",
  "playback_start",
  "playback_stop",
  "record_start",
  "record_stop",
  "record_pause",
  "record_resume",
  "send_dtmf",
] as const satisfies readonly VoiceOperationName[];

export type CallAction = (typeof CALL_ACTIONS)[number];

export function isCallAction(value: unknown): value is CallAction {
  return typeof value === "string" && (CALL_ACTIONS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------
// The edit dialogs: which fields each node (or action) shows, stored how, with which fallbacks

export interface FormField {
  /** The API field. */
  field: string;
  /** The node property holding it, as a typedInput: `<property>` and `<property>Type`. */
  property: string;
  /** The msg property used when the node's field is empty (`payload` means msg.payload when it is a string). */
  fallback?: string;
  /** The value used when neither the node nor msg gives one. */
  default?: string;
  /** call-control, action from msg.action: the msg property that carries this field (default: its API name). */
  msgKey?: string;
}

/** snake_case API name -> camelCase node property. */
export function propertyName(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function form(...entries: Array<string | (Partial<FormField> & { field: string })>): readonly FormField[] {
  return entries.map((entry) => {
    const spec = typeof entry === "string" ? { field: entry } : entry;
    return { property: propertyName(spec.field), ...spec };
  });
}

const TEXT = { field: "payload", property: "text", fallback: "payload" } as const;
const VOICE = { field: "voice", default: DEFAULT_VOICE } as const;

export const DIAL_FORM = form(
  { field: "to", fallback: "to" },
  { field: "from", fallback: "from" },
  { field: "connection_id", fallback: "connection_id" },
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
);

export const ANSWER_FORM = form("webhook_url", "record", "record_format", "record_channels");

export const SPEAK_FORM = form(TEXT, VOICE, "payload_type", "language", "service_level", "stop", "target_legs", "voice_settings");

export const CALL_ACTION_FORMS: Readonly<Record<CallAction, readonly FormField[]>> = {
  hangup: form(),
  reject: form("cause"),
  transfer: form("to", "from", "from_display_name", "timeout_secs", "audio_url", "webhook_url"),
  bridge: form({ field: "call_control_id", property: "bridgeWith", msgKey: "bridge_call_control_id" }),
  gather_using_speak: form(
    TEXT, VOICE, "language", "valid_digits", "minimum_digits", "maximum_digits", "terminating_digit", "timeout_millis", "invalid_payload",
  ),
  gather: form("valid_digits", "minimum_digits", "maximum_digits", "terminating_digit", "timeout_millis", "gather_id"),
  playback_start: form("audio_url", "media_name", "loop", "target_legs"),
  playback_stop: form("stop"),
  record_start: form("format", "channels", "max_length", "play_beep"),
  record_stop: form("recording_id"),
  record_pause: form("recording_id"),
  record_resume: form("recording_id"),
  send_dtmf: form("digits", "duration_millis"),
};

/** Required in the dialog: the API requires it and nothing (msg, the account, a default) stands in for it. */
export function requiredInForm(operation: VoiceOperationName, entry: FormField): boolean {
  const spec = (VOICE_OPERATIONS[operation].fields as Fields)[entry.field];
  return spec?.required === true && entry.fallback === undefined && entry.default === undefined;
}

export function fieldSpec(operation: VoiceOperationName, field: string): FieldSpec | undefined {
  return (VOICE_OPERATIONS[operation].fields as Fields)[field];
}

/**
 * The fields a node's options object may set: what the operation documents, except the fields the node
 * has a place of its own for (`own`), client_state and command_id. Every field has one way in.
 */
export function optionFields(operation: VoiceOperationName, own: Iterable<string>): ReadonlySet<string> {
  const fields = new Set(Object.keys(VOICE_OPERATIONS[operation].fields));
  for (const field of [...own, "client_state", "command_id"]) fields.delete(field);
  return fields;
}

// ---------------------------------------------------------------------------------------------------
// Checking one value against its spec (the runtime before sending, the editor for literal values)

export type Checked =
  /** `value` is what to send; undefined means the field is not set (e.g. a blank string). */
  | { ok: true; value: unknown }
  /** `at` extends the field's name (".key", "[2]") when the problem is inside the value. */
  | { ok: false; expected: string; got?: string; at?: string };

/** A number to dial, optionally with `,<digits>` to send once answered ("to=+15551234567,200"). */
const E164_WITH_DIGITS = /^\+[1-9]\d{1,14}(?:,[0-9A-DwW*#]+)?$/;

const FORMATS: Record<StringFormat, { test: (s: string) => boolean; expected: string }> = {
  e164: { test: (s) => E164.test(s), expected: "a +E.164 number (e.g. +15551234567)" },
  destination: {
    test: (s) => E164_WITH_DIGITS.test(s) || SIP_URI.test(s),
    expected: "a +E.164 number (e.g. +15551234567, optionally with ,<digits> to send on answer) or a SIP URI (sip:user@host)",
  },
  url: { test: (s) => HTTP_URL.test(s), expected: "an http(s) URL" },
  uuid: { test: (s) => UUID.test(s), expected: "a UUID" },
  "display-name": {
    test: (s) => /^[A-Za-z0-9 \-_~!.+]+$/.test(s),
    expected: `at most ${MAX_DISPLAY_NAME_CHARS} letters, digits, spaces and -_~!.+`,
  },
  dtmf: { test: (s) => /^[0-9A-DwW*#]+$/.test(s), expected: "DTMF digits (0-9, A-D, * and #, with w and W for pauses)" },
  digits: { test: (s) => /^[0-9A-D*#]+$/.test(s), expected: "DTMF digits (0-9, A-D, * and #)" },
  digit: { test: (s) => /^[0-9A-D*#]$/.test(s), expected: "one DTMF digit (0-9, A-D, * or #)" },
};

/** Checks a value that is set (see isUnset) and returns what to send. */
export function checkField(spec: FieldSpec, value: unknown): Checked {
  switch (spec.type) {
    case "string":
    case "text":
      return checkString(spec, value);
    case "integer":
    case "number":
      return checkNumber(spec, value);
    case "boolean":
      if (typeof value === "boolean") return { ok: true, value };
      if (value === "true" || value === "false") return { ok: true, value: value === "true" };
      return { ok: false, expected: "true or false" };
    case "object":
      return checkObject(value, spec.keys);
    case "headers":
      return checkHeaders(spec, value);
    case "loop":
      if (value === "infinity") return { ok: true, value };
      if ((typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value.trim()))) && Number(value) >= 1 && Number.isInteger(Number(value))) {
        return { ok: true, value: Number(value) };
      }
      return { ok: false, expected: 'a number of times (1 or more) or "infinity"' };
    case "voice-settings":
      return checkVoiceSettings(value);
    case "client-state":
      if (typeof value === "string") return { ok: true, value: value.trim() === "" ? undefined : value };
      if (typeof value === "object" && value !== null) return { ok: true, value };
      return { ok: false, expected: "a string or an object" };
    case "destinations":
      return checkDestinations(value);
  }
}

function checkString(spec: FieldSpec, value: unknown): Checked {
  if (typeof value === "number" && Number.isFinite(value)) value = String(value);
  if (typeof value !== "string") return { ok: false, expected: "a string" };
  const text = spec.type === "text" ? value : value.trim();
  if (text.trim() === "") return { ok: true, value: undefined };
  if (spec.values && !spec.values.includes(text)) return { ok: false, expected: oneOfText(spec.values) };
  const length = Array.from(text).length; // characters, not UTF-16 units
  if (spec.max !== undefined && length > spec.max) {
    return { ok: false, expected: `at most ${spec.max.toLocaleString("en-US")} characters`, got: `${length.toLocaleString("en-US")} characters` };
  }
  if (spec.min !== undefined && length < spec.min) return { ok: false, expected: `at least ${spec.min} characters` };
  if (spec.format && !FORMATS[spec.format].test(text)) return { ok: false, expected: FORMATS[spec.format].expected };
  return { ok: true, value: text };
}

function checkNumber(spec: FieldSpec, value: unknown): Checked {
  const integer = spec.type === "integer";
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && (integer ? /^\s*[+-]?\d+\s*$/ : /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/).test(value)) n = Number(value);
  else n = Number.NaN;
  const fits =
    Number.isFinite(n) &&
    (!integer || Number.isInteger(n)) &&
    (!spec.values || spec.values.includes(n)) &&
    (spec.min === undefined || n >= spec.min) &&
    (spec.max === undefined || n <= spec.max);
  return fits ? { ok: true, value: n } : { ok: false, expected: numberText(spec) };
}

function numberText(spec: FieldSpec): string {
  if (spec.values) return oneOfText(spec.values);
  const kind = spec.type === "integer" ? "an integer" : "a number";
  const { min, max } = spec;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkObject(value: unknown, keys: readonly string[] | undefined): Checked {
  if (!isPlainObject(value)) return { ok: false, expected: "an object" };
  if (keys) {
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) return { ok: false, expected: `one of the documented keys: ${keys.join(", ")}`, got: JSON.stringify(key), at: `.${key}` };
    }
  }
  return { ok: true, value };
}

function checkHeaders(spec: FieldSpec, value: unknown): Checked {
  const list = isPlainObject(value) ? Object.entries(value).map(([name, v]) => ({ name, value: v })) : value;
  if (!Array.isArray(list)) return { ok: false, expected: 'a list of {"name": ..., "value": ...} headers, or an object of name: value' };
  if (list.length === 0) return { ok: true, value: undefined };
  const headers: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < list.length; i++) {
    const header = list[i] as { name?: unknown; value?: unknown } | null;
    const name = header?.name;
    const headerValue = typeof header?.value === "number" ? String(header.value) : header?.value;
    if (!isPlainObject(header) || Object.keys(header).some((k) => k !== "name" && k !== "value")) {
      return { ok: false, expected: 'a header {"name": ..., "value": ...}', at: `[${i}]` };
    }
    if (typeof name !== "string" || name.trim() === "") return { ok: false, expected: "a header name", at: `[${i}].name` };
    if (spec.keys && !spec.keys.includes(name)) return { ok: false, expected: oneOfText(spec.keys), got: JSON.stringify(name), at: `[${i}].name` };
    if (typeof headerValue !== "string") return { ok: false, expected: "a string", at: `[${i}].value` };
    headers.push({ name, value: headerValue });
  }
  return { ok: true, value: headers };
}

function checkVoiceSettings(value: unknown): Checked {
  const providers = Object.keys(VOICE_SETTINGS_KEYS);
  if (!isPlainObject(value)) return { ok: false, expected: `an object with "type" (${providers.join(", ")})` };
  const type = value.type;
  if (typeof type !== "string" || !providers.includes(type)) {
    return { ok: false, expected: oneOfText(providers), at: ".type" };
  }
  const checked = checkObject(value, ["type", ...VOICE_SETTINGS_KEYS[type]]);
  if (!checked.ok) return { ...checked, expected: `a key ${type} voice settings take: ${VOICE_SETTINGS_KEYS[type].join(", ") || "none besides type"}` };
  return checked;
}

function checkDestinations(value: unknown): Checked {
  const destination = FORMATS.destination;
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "") return { ok: true, value: undefined };
    return destination.test(text) ? { ok: true, value: text } : { ok: false, expected: destination.expected };
  }
  if (!Array.isArray(value)) return { ok: false, expected: `${destination.expected}, or a list of them` };
  if (value.length === 0) return { ok: false, expected: "at least one destination", got: "an empty list" };
  const list: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item !== "string" || !destination.test(item.trim())) return { ok: false, expected: destination.expected, at: `[${i}]` };
    list.push(item.trim());
  }
  return { ok: true, value: list };
}

/** What a field expects, in words (for a missing required value and for the dialogs' hints). */
export function expectedText(spec: FieldSpec): string {
  if (spec.about) return spec.about;
  if (spec.values) return oneOfText(spec.values);
  if (spec.format) return FORMATS[spec.format].expected;
  switch (spec.type) {
    case "text":
      return spec.max ? `text or SSML of at most ${spec.max.toLocaleString("en-US")} characters` : "text";
    case "destinations":
      return `${FORMATS.destination.expected}, or a list of them`;
    case "integer":
    case "number":
      return numberText(spec);
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    default:
      return `a ${spec.type.replace("-", " ")} value`;
  }
}

function oneOfText(values: readonly (string | number)[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0];
  if (shown.length > 12) return `one of the ${shown.length} documented values (${shown.slice(0, 6).join(", ")}, ...)`;
  return `one of ${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}
