/**
 * The TeXML schema: every verb and noun this package builds, with the attributes each takes
 * (`TEXML_SCHEMA`), and how an attribute's accepted values read in messages and tooltips. It is the
 * source of truth for "which attributes does X take": validation, its error messages and the editor
 * all derive from it.
 *
 * From shared/telnyx/texml.md; do not add attributes that it does not document.
 */
import { describe, type Field } from "../fields";
import type {
  AttributeSpecBase,
  TexmlAttributeSpec,
  TexmlBooleanAttribute,
  TexmlElementSpec,
  TexmlEnumAttribute,
  TexmlListAttribute,
  TexmlNumberAttribute,
  TexmlSchema,
  TexmlStringAttribute,
} from "./types";


type Extra = AttributeSpecBase;
const str = (description?: string, extra: Extra & Partial<TexmlStringAttribute> = {}): TexmlStringAttribute => ({
  type: "string",
  ...(description ? { description } : {}),
  ...extra,
});
const url = (description: string, extra: Extra = {}): TexmlStringAttribute => str(description, extra);
const bool = (def: boolean | undefined, description: string): TexmlBooleanAttribute => ({
  type: "boolean",
  ...(def === undefined ? {} : { default: String(def) }),
  description,
});
const int = (min: number | undefined, max: number | undefined, def: number | undefined, description: string, unit?: string): TexmlNumberAttribute => ({
  type: "integer",
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...(def === undefined ? {} : { default: String(def) }),
  ...(unit ? { unit } : {}),
  description,
});
const decimal = (min: number, max: number, def: number, description: string): TexmlNumberAttribute => ({
  type: "number",
  min,
  max,
  default: String(def),
  description,
});
const oneOf = (values: readonly string[], def: string | undefined, description: string): TexmlEnumAttribute => ({
  type: "enum",
  values,
  ...(def === undefined ? {} : { default: def }),
  description,
});
const listOf = (values: readonly string[], def: string | undefined, description: string): TexmlListAttribute => ({
  type: "list",
  values,
  ...(def === undefined ? {} : { default: def }),
  description,
});
const httpMethod = (description: string, def: string | undefined = "POST"): TexmlEnumAttribute =>
  oneOf(["GET", "POST"], def, description);
const KEYS = "^[0-9*#]+$";
const KEYS_HINT = "keys 0-9, * and #";

const say: TexmlElementSpec = {
  name: "Say",
  kind: "verb",
  description: "Speaks text to the caller (text-to-speech).",
  text: "required",
  textDescription: "the words to speak",
  attributes: {
    voice: str("man, woman, alice, Polly.<VoiceId>, Polly.<VoiceId>-Neural, AWS.Polly.<VoiceId>, Azure.<VoiceId>, ElevenLabs.<ModelId>.<VoiceId>, Telnyx.<ModelId>.<VoiceId>, Resemble.*, Minimax.*, Rime.*, Inworld.*, FishAudio.<model>.<id>", { default: "man" }),
    language: str("ISO language, used with alice; ignored for Polly voices"),
    loop: int(0, 10, 1, "times to repeat (0 = until the call moves on)"),
    gender: oneOf(["Male", "Female"], undefined, "Azure voices only"),
    effect: oneOf(["eq_telecomhp8k", "eq_car"], undefined, "Azure voices only"),
    voiceSpeed: decimal(0.1, 2.0, 1, "speaking rate"),
    api_key_ref: str("provider API key reference (e.g. for ElevenLabs voices)"),
    region: str("provider specific"),
    pronunciationDictId: str("provider specific"),
    languageBoost: str("provider specific"),
  },
};

const play: TexmlElementSpec = {
  name: "Play",
  kind: "verb",
  description: "Plays an audio file (MP3/WAV), DTMF digits or a ring tone.",
  text: "optional",
  textDescription: "the audio URL, or a media name when mediaStorage is true",
  needsOneOf: ["text", "digits", "ringTone"],
  attributes: {
    loop: int(0, undefined, 1, "times to play (with ringTone, 0 = until interrupted)"),
    mediaStorage: bool(false, "the text is the name of a stored media file"),
    digits: str("DTMF to play: 0-9, *, # and w (a 0.5 s wait)", { pattern: "^[0-9*#wW]+$", patternHint: "keys 0-9, *, # and w" }),
    failoverUrl: url("played when the main URL fails"),
    continueOnError: bool(false, "carry on when playback fails (by default the script stops)"),
    ringTone: str("country code of a ring tone to play (us, uk, de, fr, ...); not inside Conference"),
  },
};

const gather: TexmlElementSpec = {
  name: "Gather",
  kind: "verb",
  description: "Collects DTMF digits and/or speech, then sends the result to action.",
  text: "none",
  attributes: {
    action: url("URL that receives Digits / SpeechResult and takes over the call"),
    timeout: int(1, 120, 5, "seconds to wait between digits (starts after nested verbs finish)", "s"),
    input: listOf(["dtmf", "speech"], "dtmf", "what to collect: dtmf, speech or both"),
    speechTimeout: { type: "number", min: 0, unit: "s", description: "seconds to wait after speech ends" },
    finishOnKey: str("key that ends input", { default: "#", pattern: KEYS, patternHint: KEYS_HINT }),
    numDigits: int(1, undefined, undefined, "number of digits to collect"),
    minDigits: int(1, 128, 1, "fewest digits accepted"),
    maxDigits: int(1, 128, 128, "most digits accepted"),
    validDigits: str("the digits accepted", { pattern: KEYS, patternHint: KEYS_HINT }),
    invalidDigitsAction: url("URL called when invalid digits are entered"),
    language: str("language of the speech", { default: "en-US" }),
    partialResultCallback: url("URL that receives partial speech results"),
    partialResultCallbackMethod: httpMethod("method for partialResultCallback"),
    transcriptionEngine: oneOf(
      ["Google", "Telnyx", "Azure", "Deepgram", "xAI", "AssemblyAI", "Soniox", "Speechmatics", "Parakeet", "Humain", "Reson8", "Cohere"],
      undefined,
      "speech-to-text engine",
    ),
    model: str("vendor/model, e.g. deepgram/nova-3"),
    hints: str("speech recognition hints"),
    keyterms: str("speech recognition key terms"),
    smartFormat: bool(true, "format the transcript"),
    profanityFilter: bool(undefined, "filter profanity"),
    useEnhanced: bool(undefined, "use the enhanced model"),
    apiKeyRef: str("provider API key reference"),
    region: str("provider region"),
  },
  children: { Say: say, Play: play },
};

const statusAndAmd: Record<string, TexmlAttributeSpec> = {
  statusCallback: url("URL that receives call progress events for this leg"),
  statusCallbackEvent: listOf(["initiated", "ringing", "answered", "amd", "dtmf", "completed"], "completed", "events sent to statusCallback"),
  statusCallbackMethod: httpMethod("method for statusCallback"),
  url: url("TeXML run for the callee before the calls are bridged (whisper)"),
  method: httpMethod("method for url"),
  sendDigits: str("DTMF to send once the call is answered"),
  machineDetection: oneOf(["Enable", "DetectMessageEnd", "Disable"], "Disable", "answering machine detection"),
  detectionMode: oneOf(["Regular", "Premium", "PremiumCallScreening"], "Regular", "answering machine detection mode"),
  machineDetectionTimeout: int(500, 60000, 3500, "answering machine detection timeout", "ms"),
  machineDetectionPromptEndTimeout: int(0, undefined, undefined, "answering machine detection prompt end timeout", "ms"),
};

const number: TexmlElementSpec = {
  name: "Number",
  kind: "noun",
  description: "A phone number to dial.",
  text: "required",
  textDescription: "the phone number (E.164)",
  attributes: statusAndAmd,
};

const dialSip: TexmlElementSpec = {
  name: "Sip",
  kind: "noun",
  description: "A SIP URI to dial.",
  text: "required",
  textDescription: "the SIP URI",
  attributes: {
    username: str("SIP authentication user name"),
    password: str("SIP authentication password"),
    ...statusAndAmd,
  },
};

const queue: TexmlElementSpec = {
  name: "Queue",
  kind: "noun",
  description: "A queue to take the next caller from.",
  text: "required",
  textDescription: "the queue name",
  attributes: {
    url: url("TeXML run for the dequeued caller before the calls are bridged"),
    method: httpMethod("method for url"),
  },
};

const conference: TexmlElementSpec = {
  name: "Conference",
  kind: "noun",
  description: "A conference room to join.",
  text: "required",
  textDescription: "the room name",
  attributes: {
    muted: bool(false, "join muted"),
    startConferenceOnEnter: bool(true, "the conference starts when this participant enters"),
    endConferenceOnExit: bool(false, "the conference ends when this participant leaves"),
    maxParticipants: int(2, 250, 250, "largest number of participants"),
    beep: oneOf(["true", "false", "onEnter", "onExit"], "true", "beep when participants join or leave"),
    participantLabel: str("a label for this participant"),
    record: oneOf(["do-not-record", "record-from-start"], undefined, "record the conference"),
    recordBeep: bool(true, "beep when recording starts"),
    recordingStatusCallback: url("URL that receives recording status events"),
    recordingStatusCallbackEvent: str("recording events sent to recordingStatusCallback"),
    recordingStatusCallbackMethod: httpMethod("method for recordingStatusCallback", undefined),
    recordingTimeout: int(0, undefined, undefined, "recording timeout", "s"),
    trim: oneOf(["trim-silence", "do-not-trim"], "do-not-trim", "trim silence from the recording"),
    sendRecordingUrl: bool(undefined, "send the recording URL"),
    statusCallback: url("URL that receives conference events"),
    statusCallbackMethod: httpMethod("method for statusCallback", undefined),
    statusCallbackEvent: listOf(["start", "end", "join", "leave", "speaker"], undefined, "events sent to statusCallback"),
    waitUrl: url("TeXML played while waiting for the conference to start"),
    waitMethod: httpMethod("method for waitUrl"),
  },
};

const dial: TexmlElementSpec = {
  name: "Dial",
  kind: "verb",
  description: "Connects the caller to another party: a number as text, or Number / Sip / Queue / Conference nouns.",
  text: "optional",
  textDescription: "a phone number to dial (instead of nouns)",
  needsOneOf: ["text", "children"],
  attributes: {
    action: url("URL called when the dialed call ends"),
    method: httpMethod("method for action"),
    callerId: str("caller ID to present (E.164)"),
    fromDisplayName: str("display name to present", { maxLength: 128 }),
    hangupOnStar: bool(false, "the caller can hang up the called party with *"),
    timeout: int(5, 120, 30, "seconds to wait for an answer", "s"),
    timeLimit: int(60, 14400, 14400, "longest call duration", "s"),
    record: oneOf(
      ["do-not-record", "record-from-answer", "record-from-ringing", "record-from-answer-dual", "record-from-ringing-dual"],
      "do-not-record",
      "record the call",
    ),
    recordingChannels: oneOf(["single", "dual"], "single", "recording channels"),
    recordMaxLength: int(0, 14400, 0, "longest recording (0 = no limit)", "s"),
    recordingStatusCallback: url("URL that receives recording status events"),
    recordingStatusCallbackMethod: httpMethod("method for recordingStatusCallback"),
    recordingStatusCallbackEvent: listOf(["in-progress", "completed", "absent"], "completed", "events sent to recordingStatusCallback"),
    sendRecordingUrl: bool(true, "send the recording URL"),
    ringTone: str("country code of the ringback tone", { default: "us" }),
    audioUrl: url("custom ringback audio URL"),
    answerOnBridge: bool(false, "answer the inbound call only when the dialed party answers"),
    sequential: bool(false, "dial nouns one after another (false: all at once, first answer wins)"),
    passDiversionHeader: bool(false, "pass the Diversion header on"),
    machineDetectionSpeechThreshold: int(0, undefined, undefined, "premium AMD speech threshold", "ms"),
    machineDetectionSpeechEndThreshold: int(0, undefined, undefined, "premium AMD speech end threshold", "ms"),
    machineDetectionSilenceTimeout: int(0, undefined, undefined, "premium AMD silence timeout", "ms"),
  },
  children: { Number: number, Sip: dialSip, Queue: queue, Conference: conference },
};

const enqueue: TexmlElementSpec = {
  name: "Enqueue",
  kind: "verb",
  description: "Puts the caller in a queue.",
  text: "required",
  textDescription: "the queue name",
  attributes: {
    action: url("URL called when the caller leaves the queue"),
    method: httpMethod("method for action"),
    waitUrl: url("TeXML looped while waiting (Play, Say, Gather, Pause, Hangup, Redirect, Leave)"),
    waitUrlMethod: httpMethod("method for waitUrl"),
    maxWaitTimeSecs: int(1, undefined, 14400, "longest wait in the queue", "s"),
  },
};

const leave: TexmlElementSpec = {
  name: "Leave",
  kind: "verb",
  description: "Leaves the queue; TeXML continues after the Enqueue.",
  text: "none",
  attributes: {},
};

const hangup: TexmlElementSpec = {
  name: "Hangup",
  kind: "verb",
  description: "Ends the call.",
  text: "none",
  attributes: {},
};

const pause: TexmlElementSpec = {
  name: "Pause",
  kind: "verb",
  description: "Waits silently.",
  text: "none",
  attributes: { length: int(1, 180, 1, "seconds to wait", "s") },
};

const redirect: TexmlElementSpec = {
  name: "Redirect",
  kind: "verb",
  description: "Fetches TeXML from another URL and runs it instead.",
  text: "required",
  textDescription: "the URL to fetch",
  attributes: { method: httpMethod("method for the URL") },
};

const reject: TexmlElementSpec = {
  name: "Reject",
  kind: "verb",
  description: "Rejects the call; as the first verb the call is never answered (no charge).",
  text: "none",
  attributes: { reason: oneOf(["rejected", "busy"], "rejected", "what the caller hears") },
};

const referSip: TexmlElementSpec = {
  name: "Sip",
  kind: "noun",
  description: "The SIP URI to transfer the call to.",
  text: "required",
  textDescription: "the SIP URI (sip:...)",
  attributes: {},
};

const refer: TexmlElementSpec = {
  name: "Refer",
  kind: "verb",
  description: "Transfers the call with a SIP REFER.",
  text: "none",
  needsOneOf: ["children"],
  maxChildren: 1,
  attributes: {
    action: url("URL that receives the Refer status"),
    method: httpMethod("method for action"),
  },
  children: { Sip: referSip },
};

const record: TexmlElementSpec = {
  name: "Record",
  kind: "verb",
  description: "Records the caller and sends the recording to action.",
  text: "none",
  attributes: {
    action: url("URL that receives the recording"),
    method: httpMethod("method for action"),
    finishOnKey: str("keys that end the recording", { default: "1234567890*#", pattern: KEYS, patternHint: KEYS_HINT }),
    timeout: int(0, undefined, 0, "seconds of silence that end the recording (0 = never)", "s"),
    maxLength: int(0, 14400, 3600, "longest recording", "s"),
    playBeep: bool(true, "beep before recording"),
    trim: oneOf(["trim-silence"], undefined, "trim silence from the recording"),
    channels: oneOf(["single", "dual"], "dual", "recording channels"),
    format: oneOf(["mp3", "wav"], "mp3", "recording file format"),
    recordingStatusCallback: url("URL that receives recording status events"),
    recordingStatusCallbackMethod: httpMethod("method for recordingStatusCallback"),
    recordingStatusCallbackEvent: listOf(["in-progress", "completed"], "completed", "events sent to recordingStatusCallback"),
    transcription: bool(false, "transcribe the recording"),
    transcriptionCallback: url("URL that receives the transcription"),
    transcriptionEngine: oneOf(["A", "B", "Deepgram"], "A", "transcription engine"),
    transcriptionModel: str("transcription model"),
    transcriptionLanguage: str("transcription language", { default: "en-US" }),
  },
};

const parameter: TexmlElementSpec = {
  name: "Parameter",
  kind: "noun",
  description: "A custom name/value pair passed to the remote service.",
  text: "none",
  attributes: {
    name: str("parameter name", { required: true }),
    value: str("parameter value"),
  },
};

const stream: TexmlElementSpec = {
  name: "Stream",
  kind: "noun",
  description: "Streams the call's audio to a WebSocket server.",
  text: "none",
  attributes: {
    url: url("WebSocket URL (wss://...)", { required: true }),
    track: oneOf(["inbound_track", "outbound_track", "both_tracks"], "inbound_track", "which audio to stream"),
    name: str("a name for the stream"),
    codec: oneOf(["PCMU", "PCMA", "G722", "OPUS", "AMR-WB", "default"], "default", "codec of the streamed audio"),
    bidirectionalMode: oneOf(["mp3", "rtp"], "mp3", "format of audio sent back"),
    bidirectionalCodec: str("codec of audio sent back", { default: "PCMU" }),
    bidirectionalSamplingRate: oneOf(["8000", "16000", "24000"], "8000", "sampling rate of audio sent back"),
    statusCallback: url("URL that receives stream-started / stream-stopped / stream-failed"),
    statusCallbackMethod: httpMethod("method for statusCallback", undefined),
    enableReconnect: bool(true, "reconnect when the WebSocket drops"),
  },
  children: { Parameter: parameter },
};

const transcription: TexmlElementSpec = {
  name: "Transcription",
  kind: "noun",
  description: "Transcribes the call in real time.",
  text: "none",
  attributes: {
    language: str("transcription language", { default: "en" }),
    interimResults: bool(false, "send interim results"),
    transcriptionEngine: str("transcription engine (Google by default; A and B are legacy aliases)", { default: "Google" }),
    transcriptionTracks: oneOf(["inbound", "outbound", "both"], "inbound", "which audio to transcribe"),
    transcriptionCallback: url("URL that receives transcripts"),
    transcriptionCallbackMethod: httpMethod("method for transcriptionCallback"),
    model: str("transcription model"),
    hints: str("speech recognition hints"),
    keyterms: str("speech recognition key terms"),
    smartFormat: bool(undefined, "format the transcript"),
    apiKeyRef: str("provider API key reference"),
    region: str("provider region"),
  },
};

const suppression: TexmlElementSpec = {
  name: "Suppression",
  kind: "noun",
  description: "Suppresses background noise.",
  text: "none",
  attributes: {
    direction: oneOf(["inbound", "outbound", "both"], "inbound", "which audio to clean"),
    noiseSuppressionEngine: oneOf(["Denoiser", "DeepFilterNet", "Krisp", "AiCoustics"], "Denoiser", "noise suppression engine"),
    model: str("engine specific"),
    suppressionLevel: str("engine specific"),
    family: str("engine specific"),
    size: str("engine specific"),
    enhancementLevel: str("engine specific"),
  },
};

const recording: TexmlElementSpec = {
  name: "Recording",
  kind: "noun",
  description: "Records the call in the background while the next verbs run.",
  text: "none",
  attributes: {
    recordingStatusCallback: url("URL that receives recording status events"),
    recordingStatusCallbackMethod: httpMethod("method for recordingStatusCallback", undefined),
    recordingStatusCallbackEvent: listOf(["in-progress", "completed", "absent"], undefined, "events sent to recordingStatusCallback"),
    channels: oneOf(["mono", "single", "dual"], "dual", "recording channels"),
    track: oneOf(["inbound", "outbound", "both"], "both", "which audio to record"),
    trim: str("trim silence"),
    format: oneOf(["mp3", "wav"], "mp3", "recording file format"),
  },
};

const siprec: TexmlElementSpec = {
  name: "Siprec",
  kind: "noun",
  description: "Sends the call to a SIPREC recording server.",
  text: "none",
  attributes: {
    connectorName: str("SIPREC connector name"),
    name: str("a name for the session (used to stop it)"),
    track: oneOf(["inbound_track", "outbound_track", "both_tracks"], "both_tracks", "which audio to send"),
    statusCallback: url("URL that receives SIPREC status events"),
    statusCallbackMethod: httpMethod("method for statusCallback", undefined),
    includeMetadataCustomHeaders: bool(false, "include custom headers in the metadata"),
    secure: bool(false, "use a secure connection"),
    sessionTimeoutSecs: int(90, 14440, 1800, "session timeout", "s"),
  },
};

const start: TexmlElementSpec = {
  name: "Start",
  kind: "verb",
  description: "Starts background work (streaming, transcription, noise suppression, recording, SIPREC); the next verb runs at once.",
  text: "none",
  needsOneOf: ["children"],
  attributes: {},
  children: { Stream: stream, Transcription: transcription, Suppression: suppression, Recording: recording, Siprec: siprec },
};

const stopNoun = (name: string, what: string): TexmlElementSpec => ({
  name,
  kind: "noun",
  description: `Stops the current ${what}.`,
  text: "none",
  attributes: {},
});

const stop: TexmlElementSpec = {
  name: "Stop",
  kind: "verb",
  description: "Stops background work started with Start.",
  text: "none",
  needsOneOf: ["children"],
  attributes: {},
  children: {
    Stream: stopNoun("Stream", "media stream"),
    Transcription: stopNoun("Transcription", "transcription"),
    Suppression: stopNoun("Suppression", "noise suppression"),
    Siprec: { ...stopNoun("Siprec", "SIPREC session"), attributes: { name: str("name of the SIPREC session to stop") } },
  },
};

const relayLanguage: TexmlElementSpec = {
  name: "Language",
  kind: "noun",
  description: "Speech settings for one language of the relay.",
  text: "none",
  attributes: {
    code: str("language code", { required: true }),
    ttsProvider: str("text-to-speech provider"),
    voice: str("voice"),
    transcriptionProvider: str("speech-to-text provider"),
    speechModel: str("speech-to-text model"),
  },
};

const conversationRelay: TexmlElementSpec = {
  name: "ConversationRelay",
  kind: "noun",
  description: "Relays the conversation (transcripts in, text to speak out) over a WebSocket.",
  text: "none",
  attributes: {
    url: url("WebSocket URL", { required: true }),
    welcomeGreeting: str("first words spoken"),
    voice: str("voice"),
    language: str("language"),
    transcriptionProvider: str("speech-to-text provider"),
    interruptible: oneOf(["none", "any", "speech", "dtmf", "true", "false"], "any", "what may interrupt speech"),
    welcomeGreetingInterruptible: str("what may interrupt the welcome greeting"),
    dtmfDetection: bool(false, "send DTMF to the server"),
  },
  children: { Language: relayLanguage, Parameter: parameter },
};

const connect: TexmlElementSpec = {
  name: "Connect",
  kind: "verb",
  description: "Connects the call to a stream or a conversation relay and waits until it ends.",
  text: "none",
  needsOneOf: ["children"],
  attributes: {},
  children: { Stream: stream, ConversationRelay: conversationRelay },
};

/** Every top-level TeXML verb this builder knows, in the order the editor should list them. */
export const TEXML_SCHEMA: TexmlSchema = deepFreeze({
  Say: say,
  Play: play,
  Gather: gather,
  Dial: dial,
  Record: record,
  Redirect: redirect,
  Pause: pause,
  Hangup: hangup,
  Reject: reject,
  Refer: refer,
  Enqueue: enqueue,
  Leave: leave,
  Start: start,
  Stop: stop,
  Connect: connect,
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Describing accepted values
// ---------------------------------------------------------------------------------------------

/** Describes an attribute's accepted values, e.g. "an integer from 1 to 120 (s), default 5". */
export function describeTexmlAttribute(spec: TexmlAttributeSpec): string {
  return attributeExpectation(spec) + (spec.default !== undefined ? `, default ${spec.default}` : "");
}

export function attributeExpectation(spec: TexmlAttributeSpec): string {
  return describe(attributeField(spec));
}

/** An attribute in the one field language, so TeXML attributes follow the same rules as every request field. */
export function attributeField(spec: TexmlAttributeSpec): Field {
  switch (spec.type) {
    case "string":
      return { kind: "string", keep: true, max: spec.maxLength, pattern: spec.pattern, patternHint: spec.patternHint };
    case "boolean":
      return { kind: "boolean" };
    case "integer":
    case "number":
      return { kind: spec.type, min: spec.min, max: spec.max, unit: spec.unit };
    case "enum":
      return { kind: "enum", values: spec.values };
    case "list":
      return { kind: "list", of: { kind: "enum", values: spec.values }, split: "words" };
  }
}
