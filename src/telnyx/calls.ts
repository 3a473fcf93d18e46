// Call Control: POST /calls (dial) and POST /calls/{call_control_id}/actions/* (answer, speak, hangup,
// ...). Field names, enums and limits follow the request schemas of the Telnyx OpenAPI spec; they are
// written down once, as data, in src/shared/call-control.ts. This file turns what a flow gives into a checked
// request ({ path, body }) and sends it.
//
// Every body goes through `finishBody`, which encodes client state (the API wants base64) and adds a
// command_id when none was given. The command_id is what makes a command safe to repeat: Telnyx ignores a
// second command with the same command_id for the same call, and a dial with a command_id it has seen.
// The client sends the same body on each of its attempts, so retries (5xx, timeouts, dropped connections,
// 429) keep the command_id and a command never runs twice.
import { randomUUID } from "node:crypto";
import { DEFAULT_VOICE } from "../shared/defaults";
import { isUnset } from "../shared/formats";
import {
  AMD_CONFIG_KEYS,
  AMD_MODES,
  AUDIO_TYPES,
  CALL_ACTIONS,
  HTTP_METHODS,
  MEDIA_ENCRYPTION,
  MUTE_DTMF,
  PAYLOAD_TYPES,
  PRIVACY,
  RECORD_CHANNELS,
  RECORD_FORMATS,
  RECORD_TRACKS,
  REJECT_CAUSES,
  RINGTONES,
  SERVICE_LEVELS,
  SIP_REGIONS,
  SIP_TRANSPORTS,
  SPEAK_LANGUAGES,
  STOP_VALUES,
  STREAM_BIDIRECTIONAL_CODECS,
  STREAM_BIDIRECTIONAL_MODES,
  STREAM_BIDIRECTIONAL_SAMPLING_RATES,
  STREAM_BIDIRECTIONAL_TARGET_LEGS,
  STREAM_CODECS,
  STREAM_TRACKS,
  SUPERVISOR_ROLES,
  TARGET_LEGS,
  TRANSCRIPTION_ENGINES,
  TRANSCRIPTION_LANGUAGES,
  VOICE_OPERATIONS,
  checkField,
  expectedText,
  isCallAction,
  optionFields,
  type CallAction,
  type FieldSpec,
  type VoiceOperationName,
} from "../shared/call-control";
import { pathSegment, type TelnyxRequester } from "./client";
import { encodeClientState } from "./client-state";
import { TelnyxInputError, describeValue } from "../shared/errors";
import { readOptionsObject } from "./flow-input";

// ---------------------------------------------------------------------------------------------------
// Request and response types (the request schemas of the spec)

type OneOf<T extends readonly unknown[]> = T[number];

/** CustomSipHeader. */
export interface CustomSipHeader {
  name: string;
  value: string;
}

/** SipHeader: only User-to-User is supported. */
export interface SipHeader {
  name: "User-to-User";
  value: string;
}

interface CommandFields {
  /** Base64, echoed in every later webhook of the call. */
  client_state?: string;
  /** Telnyx ignores a repeat of the same command_id (for the same call). */
  command_id?: string;
}

interface RecordFromAnswerFields {
  record?: "record-from-answer";
  record_channels?: OneOf<typeof RECORD_CHANNELS>;
  record_custom_file_name?: string;
  record_format?: OneOf<typeof RECORD_FORMATS>;
  record_max_length?: number;
  record_timeout_secs?: number;
  record_track?: OneOf<typeof RECORD_TRACKS>;
  record_trim?: "trim-silence";
}

interface WebhookFields {
  webhook_url?: string;
  webhook_url_method?: OneOf<typeof HTTP_METHODS>;
  webhook_urls?: Record<string, string>;
  webhook_urls_method?: OneOf<typeof HTTP_METHODS>;
  webhook_retries_policies?: Record<string, { retries_ms?: number[] }>;
}

interface StreamingFields {
  stream_url?: string;
  stream_track?: OneOf<typeof STREAM_TRACKS>;
  stream_codec?: OneOf<typeof STREAM_CODECS>;
  stream_bidirectional_mode?: OneOf<typeof STREAM_BIDIRECTIONAL_MODES>;
  stream_bidirectional_codec?: OneOf<typeof STREAM_BIDIRECTIONAL_CODECS>;
  stream_bidirectional_target_legs?: OneOf<typeof STREAM_BIDIRECTIONAL_TARGET_LEGS>;
}

interface OutboundLegFields {
  answering_machine_detection?: OneOf<typeof AMD_MODES>;
  answering_machine_detection_config?: Partial<Record<OneOf<typeof AMD_CONFIG_KEYS>, number>>;
  audio_url?: string;
  media_name?: string;
  from_display_name?: string;
  custom_headers?: CustomSipHeader[];
  sip_headers?: SipHeader[];
  sip_auth_username?: string;
  sip_auth_password?: string;
  sip_region?: OneOf<typeof SIP_REGIONS>;
  sip_transport_protocol?: OneOf<typeof SIP_TRANSPORTS>;
  media_encryption?: OneOf<typeof MEDIA_ENCRYPTION>;
  preferred_codecs?: string;
  privacy?: OneOf<typeof PRIVACY>;
  park_after_unbridge?: string;
  send_digits_on_answer?: string;
  sound_modifications?: { octaves?: number; pitch?: number; semitone?: number; track?: string };
  /** 30..14400, default 14400. */
  time_limit_secs?: number;
  /** Default 30. */
  timeout_secs?: number;
}

/** One of the voice_settings providers (a oneOf told apart by `type`). */
export type VoiceSettings = { type: string; [setting: string]: unknown };

interface SpeechFields {
  /** Text or SSML, at most 3,000 characters. */
  payload: string;
  payload_type?: OneOf<typeof PAYLOAD_TYPES>;
  voice: string;
  voice_settings?: VoiceSettings;
  language?: OneOf<typeof SPEAK_LANGUAGES>;
  service_level?: OneOf<typeof SERVICE_LEVELS>;
}

interface DigitFields {
  minimum_digits?: number;
  maximum_digits?: number;
  terminating_digit?: string;
  valid_digits?: string;
  timeout_millis?: number;
  inter_digit_timeout_millis?: number;
}

/** CallRequest (POST /calls). */
export interface DialRequest extends CommandFields, OutboundLegFields, RecordFromAnswerFields, WebhookFields, StreamingFields {
  /** +E.164 or SIP URI; a list rings them all at once. */
  to: string | string[];
  from: string;
  connection_id: string;
  assistant?: Record<string, unknown>;
  billing_group_id?: string;
  bridge_intent?: boolean;
  bridge_on_answer?: boolean;
  conference_config?: Record<string, unknown>;
  conversation_relay_config?: Record<string, unknown>;
  deepfake_detection?: { enabled: boolean; rtp_timeout?: number; timeout?: number };
  dialogflow_config?: { analyze_sentiment?: boolean; partial_automated_agent_reply?: boolean };
  enable_dialogflow?: boolean;
  link_to?: string;
  prevent_double_bridge?: boolean;
  retry_on_timeout?: boolean;
  send_silence_when_idle?: boolean;
  stream_auth_token?: string;
  stream_bidirectional_sampling_rate?: OneOf<typeof STREAM_BIDIRECTIONAL_SAMPLING_RATES>;
  stream_establish_before_call_originate?: boolean;
  supervise_call_control_id?: string;
  supervisor_role?: OneOf<typeof SUPERVISOR_ROLES>;
  transcription?: boolean;
  transcription_config?: Record<string, unknown>;
}

/** AnswerRequest. */
export interface AnswerRequest extends CommandFields, RecordFromAnswerFields, WebhookFields, StreamingFields {
  assistant?: Record<string, unknown>;
  billing_group_id?: string;
  conversation_relay_config?: Record<string, unknown>;
  custom_headers?: CustomSipHeader[];
  deepfake_detection?: { enabled: boolean; rtp_timeout?: number; timeout?: number };
  preferred_codecs?: "G722,PCMU,PCMA,G729,OPUS,VP8,H264";
  send_silence_when_idle?: boolean;
  sip_headers?: SipHeader[];
  sound_modifications?: { octaves?: number; pitch?: number; semitone?: number; track?: string };
  transcription?: boolean;
  transcription_config?: Record<string, unknown>;
}

/** SpeakRequest. */
export interface SpeakRequest extends CommandFields, SpeechFields {
  /** Loopcount: a number of times or "infinity". */
  loop?: string | number;
  stop?: OneOf<typeof STOP_VALUES>;
  target_legs?: OneOf<typeof TARGET_LEGS>;
}

/** HangupRequest. */
export interface HangupRequest extends CommandFields {
  custom_headers?: CustomSipHeader[];
}

/** RejectRequest. */
export interface RejectRequest extends CommandFields {
  cause: OneOf<typeof REJECT_CAUSES>;
}

/** TransferCallRequest. */
export interface TransferRequest extends CommandFields, OutboundLegFields, RecordFromAnswerFields, WebhookFields {
  to: string;
  from?: string;
  early_media?: boolean;
  mute_dtmf?: OneOf<typeof MUTE_DTMF>;
  /** Base64 client state for the new leg. */
  target_leg_client_state?: string;
}

/** BridgeRequest: `call_control_id` here is the other call. */
export interface BridgeRequest extends CommandFields, RecordFromAnswerFields {
  call_control_id: string;
  hold_after_unbridge?: boolean;
  mute_dtmf?: OneOf<typeof MUTE_DTMF>;
  park_after_unbridge?: string;
  play_ringtone?: boolean;
  prevent_double_bridge?: boolean;
  queue?: string;
  ringtone?: OneOf<typeof RINGTONES>;
  video_room_context?: string;
  video_room_id?: string;
}

/** GatherUsingSpeakRequest. */
export interface GatherUsingSpeakRequest extends CommandFields, SpeechFields, DigitFields {
  invalid_payload?: string;
  maximum_tries?: number;
}

/** GatherRequest. */
export interface GatherRequest extends CommandFields, DigitFields {
  gather_id?: string;
  initial_timeout_millis?: number;
}

/** PlayAudioUrlRequest: one of audio_url, media_name or playback_content. */
export interface PlaybackStartRequest extends CommandFields {
  audio_url?: string;
  media_name?: string;
  playback_content?: string;
  audio_type?: OneOf<typeof AUDIO_TYPES>;
  cache_audio?: boolean;
  loop?: string | number;
  overlay?: boolean;
  stop?: OneOf<typeof STOP_VALUES>;
  target_legs?: OneOf<typeof TARGET_LEGS>;
}

/** PlaybackStopRequest. */
export interface PlaybackStopRequest extends CommandFields {
  overlay?: boolean;
  stop?: OneOf<typeof STOP_VALUES>;
}

/** StartRecordingRequest. */
export interface RecordStartRequest extends CommandFields {
  format: OneOf<typeof RECORD_FORMATS>;
  channels: OneOf<typeof RECORD_CHANNELS>;
  custom_file_name?: string;
  max_length?: number;
  play_beep?: boolean;
  recording_track?: OneOf<typeof RECORD_TRACKS>;
  timeout_secs?: number;
  transcription?: boolean;
  transcription_engine?: OneOf<typeof TRANSCRIPTION_ENGINES>;
  transcription_language?: OneOf<typeof TRANSCRIPTION_LANGUAGES>;
  transcription_max_speaker_count?: number;
  transcription_min_speaker_count?: number;
  transcription_profanity_filter?: boolean;
  transcription_speaker_diarization?: boolean;
  trim?: "trim-silence";
}

/** StopRecordingRequest, PauseRecordingRequest and ResumeRecordingRequest. */
export interface RecordingRequest extends CommandFields {
  recording_id?: string;
}

/** SendDTMFRequest. */
export interface SendDtmfRequest extends CommandFields {
  digits: string;
  duration_millis?: number;
}

/** The body each operation takes. */
export interface VoiceRequests {
  dial: DialRequest;
  answer: AnswerRequest;
  speak: SpeakRequest;
  hangup: HangupRequest;
  reject: RejectRequest;
  transfer: TransferRequest;
  bridge: BridgeRequest;
  gather_using_speak: GatherUsingSpeakRequest;
  gather: GatherRequest;
  playback_start: PlaybackStartRequest;
  playback_stop: PlaybackStopRequest;
  record_start: RecordStartRequest;
  record_stop: RecordingRequest;
  record_pause: RecordingRequest;
  record_resume: RecordingRequest;
  send_dtmf: SendDtmfRequest;
}

/** CallWithRecordingId: the `data` of a dial response. */
export interface DialedCall {
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  client_state?: string;
  is_alive: boolean;
  record_type: "call";
  /** Present when the dial asked for record-from-answer. */
  recording_id?: string;
  call_duration?: number;
  start_time?: string;
  end_time?: string;
  [field: string]: unknown;
}

/** CallControlCommandResult(WithRecordingId): the `data` of a command response. */
export interface CommandResult {
  result: string;
  /** answer with record-from-answer. */
  recording_id?: string;
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Building requests

/** A checked request, ready to send. */
export interface CallPlan<Op extends VoiceOperationName = VoiceOperationName> {
  operation: Op;
  path: string;
  body: VoiceRequests[Op];
}

/** What a flow gives for one request; values are as evaluated (unset: undefined, null or ""). */
export interface CommandInput {
  /** API-named values from the node's own fields. Options may not set these (nor client_state, command_id). */
  fields?: Record<string, unknown>;
  /** An object of further documented request fields. */
  options?: unknown;
  /** A string, or an object sent as JSON; base64-encoded on the way out. */
  clientState?: unknown;
  /** Kept as given; a UUID is made when absent. */
  commandId?: unknown;
}

type Body = Record<string, unknown>;

/** Checks beyond single fields, stated in the API's prose. They run on the merged body. */
const CROSS_CHECKS: Partial<Record<VoiceOperationName, (body: Body) => void>> = {
  dial: (body) => {
    notTogether(body, "audio_url", "media_name");
    for (const needsLink of ["bridge_intent", "bridge_on_answer"]) {
      if (body[needsLink] === true && body.link_to === undefined) {
        throw new TelnyxInputError("link_to", `the call_control_id of the call to link to (required with ${needsLink})`, "nothing");
      }
    }
  },
  transfer: (body) => notTogether(body, "audio_url", "media_name"),
  speak: (body) => basicSpeech(body),
  gather_using_speak: (body) => {
    basicSpeech(body);
    digitRange(body);
  },
  gather: (body) => digitRange(body),
  playback_start: (body) => {
    notTogether(body, "audio_url", "media_name");
    if (body.audio_url === undefined && body.media_name === undefined && body.playback_content === undefined) {
      throw new TelnyxInputError("audio_url", "the audio to play: audio_url, media_name or playback_content", "none of them");
    }
    if (body.overlay === true && body.target_legs !== undefined && body.target_legs !== "self") {
      throw new TelnyxInputError("target_legs", '"self" when overlay is on', describeValue(body.target_legs));
    }
  },
};

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

/** Throws TelnyxInputError naming the field (and where inside it) when a value does not fit its spec. */
function checked(name: string, spec: FieldSpec, value: unknown): unknown {
  if (isUnset(value)) return undefined;
  const result = checkField(spec, value);
  if (result.ok) return result.value;
  const got = result.got ?? (result.at ? undefined : describeValue(value));
  throw new TelnyxInputError(name + (result.at ?? ""), result.expected, got);
}

function readOptions(operation: VoiceOperationName, options: unknown, own: Iterable<string>): Body {
  const given = readOptionsObject(options);
  const { operationId, fields } = VOICE_OPERATIONS[operation];
  const specs = fields as Readonly<Record<string, FieldSpec>>;
  const allowed = optionFields(operation, own);
  const body: Body = {};
  for (const [key, value] of Object.entries(given)) {
    if (!allowed.has(key)) {
      const expected = specs[key] ? `no ${key} here: the node has a field of its own for it` : `a field ${operationId} documents`;
      throw new TelnyxInputError(`options.${key}`, expected, specs[key] ? describeValue(value) : "an unknown field");
    }
    const v = checked(`options.${key}`, specs[key], value);
    if (v !== undefined) body[key] = v;
  }
  return body;
}

/**
 * The one way every voice request body is made: the node's fields and the options checked against the
 * operation's spec, the cross-field rules, the required fields, client state encoded, a command_id.
 */
function finishBody(operation: VoiceOperationName, input: CommandInput): Body {
  const specs = VOICE_OPERATIONS[operation].fields as Readonly<Record<string, FieldSpec>>;
  const fields = input.fields ?? {};
  const body = readOptions(operation, input.options, Object.keys(fields));
  for (const [name, value] of Object.entries(fields)) {
    const spec = specs[name];
    if (!spec) throw new Error(`${name} is not a ${VOICE_OPERATIONS[operation].operationId} field`);
    const v = checked(name, spec, value);
    if (v !== undefined) body[name] = v;
  }
  if ("voice" in specs && body.voice === undefined) body.voice = DEFAULT_VOICE;
  CROSS_CHECKS[operation]?.(body);
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && body[name] === undefined) throw new TelnyxInputError(name, expectedText(spec), "nothing");
  }

  const clientState = checked("client_state", specs.client_state, input.clientState);
  if (clientState !== undefined) body.client_state = encodeClientState(clientState as string | object);
  if (body.target_leg_client_state !== undefined) {
    body.target_leg_client_state = encodeClientState(body.target_leg_client_state as string | object);
  }
  const commandId = checked("command_id", specs.command_id, input.commandId);
  body.command_id = commandId ?? randomUUID();
  return body;
}

/** The id of the call a command goes to: a non-empty string without spaces (e.g. "v3:..."). */
function callPath(callControlId: unknown, action: string): string {
  const id = typeof callControlId === "string" ? callControlId.trim() : callControlId;
  if (typeof id !== "string" || id === "" || /\s/.test(id)) {
    throw new TelnyxInputError(
      "call_control_id",
      "the call's call_control_id (e.g. v3:..., as in a webhook's payload or a dial's result)",
      describeValue(callControlId),
    );
  }
  return `/calls/${pathSegment("call_control_id", id)}/actions/${action}`;
}

/** Builds a command on a live call. Throws TelnyxInputError naming the field; nothing is sent then. */
export function planCommand<Op extends Exclude<VoiceOperationName, "dial">>(
  operation: Op,
  callControlId: unknown,
  input: CommandInput = {},
): CallPlan<Op> {
  const path = callPath(callControlId, VOICE_OPERATIONS[operation].action);
  return { operation, path, body: finishBody(operation, input) as unknown as VoiceRequests[Op] };
}

/** POST /calls. `to`, `from` and `connection_id` are required (the node fills them from msg and the account). */
export function planDial(input: CommandInput): CallPlan<"dial"> {
  return { operation: "dial", path: "/calls", body: finishBody("dial", input) as unknown as DialRequest };
}

/** The call-control node's action, checked: one of CALL_ACTIONS. */
export function callAction(value: unknown): CallAction {
  const action = typeof value === "string" ? value.trim() : value;
  if (!isCallAction(action)) throw new TelnyxInputError("action", `one of ${CALL_ACTIONS.join(", ")}`, describeValue(value));
  return action;
}

// ---------------------------------------------------------------------------------------------------
// Sending

async function send<T>(client: TelnyxRequester, plan: CallPlan): Promise<T> {
  const commandId = (plan.body as CommandFields).command_id;
  const response = await client.request<{ data: T }>({
    method: "POST",
    path: plan.path,
    body: plan.body,
    // Repeating is safe only because Telnyx drops a repeated command_id.
    idempotent: typeof commandId === "string" && commandId !== "",
  });
  return response.body.data;
}

/** Places the call. Retried like every call command (see the top of this file). */
export function dial(client: TelnyxRequester, plan: CallPlan<"dial">): Promise<DialedCall> {
  return send<DialedCall>(client, plan);
}

/** Sends a command to a live call. */
export function sendCommand(client: TelnyxRequester, plan: CallPlan<Exclude<VoiceOperationName, "dial">>): Promise<CommandResult> {
  return send<CommandResult>(client, plan);
}
