/**
 * TeXML document builder: an ordered list of verbs in, escaped, well-formed XML out.
 *
 * No Node-RED imports, no runtime dependencies, no `node:*` and no DOM, so the runtime, the tests
 * and the editor bundle (ES2019 target) can all use it.
 *
 * ## The object form (what users write in `msg.texml` and what the editor stores)
 *
 * A TeXML document is an array of items, run in order inside `<Response>`:
 *
 *     [
 *       { "verb": "Say", "text": "Hello", "voice": "alice" },
 *       { "verb": "Gather", "action": "/next", "numDigits": 1,
 *         "children": [{ "verb": "Say", "text": "Press 1" }] },
 *       { "verb": "Dial", "children": [{ "noun": "Number", "text": "+15551234567" }] }
 *     ]
 *
 * Each item is an object with:
 * - `verb` (or `noun`): the element name, spelled exactly as in TeXML (`Say`, `Dial`, `Number`).
 *   The two keys are synonyms, accepted everywhere: use whichever reads better. Where an element
 *   may appear is decided by its name and the table below, not by the key (a `Number` is accepted
 *   only inside a `Dial`, whichever key names it).
 * - `text` (optional): the element's body: the words of a `Say`, the URL of a `Play` or `Redirect`,
 *   the phone number of a `Number`, the room name of a `Conference`. A string or a number.
 * - `children` (optional): an array of nested items (the `Say`/`Play` of a `Gather`, the nouns of a
 *   `Dial`, the `Stream`/`Transcription`/... of a `Start` or `Stop`).
 * - every other key is an attribute, named exactly as in TeXML (camelCase, e.g. `numDigits`,
 *   `statusCallbackEvent`). Values may be strings, numbers or booleans: `numDigits: 1` and
 *   `numDigits: "1"` are the same, booleans are written `true`/`false`, enum values are matched
 *   without regard to case and written in TeXML's spelling (`method: "post"` becomes `POST`).
 *   An attribute whose value is `undefined`, `null` or `""` is left out, so an editor can store
 *   empty fields as they are. The same holds for `text: ""`.
 *
 * Unknown verbs, unknown attributes, values outside the documented options or ranges, an element
 * in the wrong place (a `Number` outside `Dial`, a `Gather` inside `Gather`) and missing or
 * unexpected text are errors: `validateTexmlVerbs` / `buildTexml` throw a `TexmlError` naming
 * where (`verbs[1].children[0] (Number)`), which attribute, and what was expected; nothing is
 * emitted. `TEXML_SCHEMA` is the one table of what each element takes; validation, the error
 * messages and `describeTexmlSchema()` (reference text for the README and node help) all derive
 * from it. It is the source of truth for "which attributes does X take", so this comment does not
 * repeat them.
 *
 * ## Characters
 *
 * Text and attribute values are escaped (`&`, `<`, `>` in text; also `"` and `'` in attributes;
 * tab, CR and LF in attributes and CR in text as character references, so they survive XML's
 * whitespace normalisation; U+0085, U+2028, U+2029 as character references, so XML 1.1-style
 * parsers do not turn them into line feeds). A caller's text such as `</Say><Hangup/>` or `]]>`
 * therefore stays text. Characters that XML 1.0 cannot represent at all (U+0000-U+0008, U+000B,
 * U+000C, U+000E-U+001F, U+FFFE, U+FFFF and unpaired surrogates) are REJECTED with an error,
 * not silently dropped: changing what a caller said is the caller's decision. Use
 * `stripInvalidXmlChars()` on untrusted input first if dropping them is what you want.
 *
 * ## Raw XML
 *
 * `assertWellFormedTexml(xml)` checks a complete document a user supplies as a string: a small,
 * strict XML 1.0 well-formedness checker (optional XML declaration, comments, processing
 * instructions, CDATA, the five predefined entities and numeric character references, single
 * `<Response>` root). It does not check verbs or attributes against the table (raw XML may use
 * verbs this builder does not model) and it rejects DOCTYPE declarations, which TeXML never needs.
 */
import { isUnset } from "../shared/formats";
import { TelnyxError, describeValue } from "./errors";

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A value the object form accepts for an attribute. */
export type TexmlAttributeValue = string | number | boolean;

/** One item of the object form (see the comment at the top of this file). */
export interface TexmlItem {
  verb?: string;
  noun?: string;
  text?: string | number;
  children?: TexmlItem[];
  /** Attributes, named exactly as in TeXML. */
  [attribute: string]: unknown;
}

interface AttributeSpecBase {
  /** The attribute must be given. */
  required?: boolean;
  /** TeXML's default, as documented (for display only; the builder never writes defaults). */
  default?: string;
  /** One line for tooltips and reference text. */
  description?: string;
}

export interface TexmlStringAttribute extends AttributeSpecBase {
  type: "string";
  maxLength?: number;
  /** RegExp source the whole value must match. */
  pattern?: string;
  /** What `pattern` means, for error messages. */
  patternHint?: string;
}
export interface TexmlBooleanAttribute extends AttributeSpecBase {
  type: "boolean";
}
export interface TexmlNumberAttribute extends AttributeSpecBase {
  /** `integer`: whole numbers only; `number`: decimals allowed. */
  type: "integer" | "number";
  min?: number;
  max?: number;
  unit?: string;
}
export interface TexmlEnumAttribute extends AttributeSpecBase {
  /** Exactly one of `values`. */
  type: "enum";
  values: readonly string[];
}
export interface TexmlListAttribute extends AttributeSpecBase {
  /** One or more of `values`, separated by spaces (e.g. `statusCallbackEvent="ringing answered"`). */
  type: "list";
  values: readonly string[];
}
export type TexmlAttributeSpec =
  | TexmlStringAttribute
  | TexmlBooleanAttribute
  | TexmlNumberAttribute
  | TexmlEnumAttribute
  | TexmlListAttribute;

export interface TexmlElementSpec {
  /** The element name, as written in XML. */
  name: string;
  /** `verb` for instructions, `noun` for what a verb acts on. Informational: both keys are accepted. */
  kind: "verb" | "noun";
  description: string;
  /** Whether the element has a text body. */
  text: "required" | "optional" | "none";
  /** What the text body is (e.g. "the words to speak"). */
  textDescription?: string;
  attributes: Readonly<Record<string, TexmlAttributeSpec>>;
  /** Elements allowed inside this one, by name, with their spec in this place. */
  children?: Readonly<Record<string, TexmlElementSpec>>;
  /** At least one of these must be present: "text", "children" or attribute names. */
  needsOneOf?: readonly string[];
  maxChildren?: number;
}

/** Top-level verbs by name. Nested elements are reached through `children`. */
export type TexmlSchema = Readonly<Record<string, TexmlElementSpec>>;

export interface TexmlErrorDetails {
  code: "ERR_TEXML_INVALID" | "ERR_TEXML_MALFORMED";
  path: string;
  element?: string;
  attribute?: string;
  line?: number;
  column?: number;
}

/**
 * Thrown for an invalid verb list (`code` ERR_TEXML_INVALID) or a malformed XML document
 * (ERR_TEXML_MALFORMED). Nothing is emitted. Node-RED copies only `message`, `code`, `stack` and
 * `cause` onto a Catch node's `msg.error`, so `cause` repeats the details
 * (`{ path, element?, attribute?, line?, column? }`).
 */
export class TexmlError extends TelnyxError {
  readonly code: TexmlErrorDetails["code"];
  override readonly cause: Omit<TexmlErrorDetails, "code">;
  /** Where: `verbs[1].children[0]` for verb lists, `line 3, column 7` for XML documents, or `verbs` / `xml` for the whole input. */
  readonly path: string;
  /** The element concerned (e.g. `Gather`), when known. */
  readonly element?: string;
  /** The attribute concerned, when the problem is an attribute. */
  readonly attribute?: string;
  /** 1-based position of the problem in an XML document. */
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, details: TexmlErrorDetails) {
    super(message);
    this.name = "TexmlError";
    this.code = details.code;
    this.path = details.path;
    if (details.element !== undefined) this.element = details.element;
    if (details.attribute !== undefined) this.attribute = details.attribute;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    const { code: _code, ...cause } = details;
    this.cause = cause;
  }
}

// ---------------------------------------------------------------------------------------------
// The table (from shared/telnyx/texml.md; do not add attributes that it does not document)
// ---------------------------------------------------------------------------------------------

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
// Characters and escaping
// ---------------------------------------------------------------------------------------------

// Characters outside XML 1.0's Char production, and unpaired surrogates.
const ILLEGAL_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Removes the characters XML 1.0 cannot represent (see the comment at the top). */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(new RegExp(ILLEGAL_XML_CHARS.source, "g"), "");
}

function findIllegalChar(value: string): number {
  const m = ILLEGAL_XML_CHARS.exec(value);
  return m ? m.index : -1;
}

function codePointName(value: string, index: number): string {
  return "U+" + (value.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

const TEXT_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\r": "&#13;",
  "\u0085": "&#x85;",
  "\u2028": "&#x2028;",
  "\u2029": "&#x2029;",
};
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
};

function escapeText(value: string): string {
  return value.replace(/[&<>\r\u0085\u2028\u2029]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r\u0085\u2028\u2029]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

// ---------------------------------------------------------------------------------------------
// Validation (object form -> checked element tree)
// ---------------------------------------------------------------------------------------------

interface CheckedElement {
  name: string;
  attributes: Array<[string, string]>;
  text?: string;
  children: CheckedElement[];
}

const RESERVED_KEYS = ["verb", "noun", "text", "children"];

function has(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** "a", "a or b", "a, b or c". */
function orList(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** A close spelling among `candidates` (same letters ignoring case, `_` and `-`), for "did you mean". */
function suggest(input: string, candidates: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, "");
  const wanted = squash(input);
  return candidates.find((c) => squash(c) === wanted);
}

/** Describes an attribute's accepted values, e.g. "an integer from 1 to 120 (s), default 5". */
export function describeTexmlAttribute(spec: TexmlAttributeSpec): string {
  return expectation(spec) + (spec.default !== undefined ? `, default ${spec.default}` : "");
}

function expectation(spec: TexmlAttributeSpec): string {
  switch (spec.type) {
    case "string": {
      const parts = ["text"];
      if (spec.patternHint) parts.push(`made of ${spec.patternHint}`);
      if (spec.maxLength !== undefined) parts.push(`of at most ${spec.maxLength} characters`);
      return parts.join(" ");
    }
    case "boolean":
      return "true or false";
    case "enum":
      return `one of ${quoteList(spec.values)}`;
    case "list":
      return `one or more of ${quoteList(spec.values)} separated by spaces`;
    case "integer":
    case "number": {
      const what = spec.type === "integer" ? "an integer" : "a number";
      const unit = spec.unit ? ` (${spec.unit})` : "";
      if (spec.min !== undefined && spec.max !== undefined) return `${what} from ${spec.min} to ${spec.max}${unit}`;
      if (spec.min !== undefined) return `${what} of at least ${spec.min}${unit}`;
      if (spec.max !== undefined) return `${what} of at most ${spec.max}${unit}`;
      return what + unit;
    }
  }
}

/** Checks and normalises one attribute value; returns the string to write, or an error text. */
function normaliseAttribute(spec: TexmlAttributeSpec, value: unknown): { ok: string } | { error: string } {
  const fail = () => ({ error: `expected ${expectation(spec)}, got ${describeValue(value)}` });
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return fail();
  if (typeof value === "number" && !Number.isFinite(value)) return fail();
  switch (spec.type) {
    case "string": {
      if (typeof value === "boolean") return fail();
      const s = String(value);
      if (spec.maxLength !== undefined && Array.from(s).length > spec.maxLength) return fail();
      if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(s)) return fail();
      return { ok: s };
    }
    case "boolean": {
      if (typeof value === "boolean") return { ok: String(value) };
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return { ok: value.toLowerCase() };
      return fail();
    }
    case "integer":
    case "number": {
      let n: number;
      if (typeof value === "number") n = value;
      else if (typeof value === "string" && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) n = Number(value);
      else return fail();
      if (spec.type === "integer" && !Number.isInteger(n)) return fail();
      if (spec.min !== undefined && n < spec.min) return fail();
      if (spec.max !== undefined && n > spec.max) return fail();
      return { ok: String(n) };
    }
    case "enum": {
      if (typeof value === "boolean" || typeof value === "number") value = String(value);
      const found = spec.values.find((v) => v.toLowerCase() === String(value).toLowerCase());
      return found !== undefined ? { ok: found } : fail();
    }
    case "list": {
      if (typeof value !== "string") return fail();
      const out: string[] = [];
      const tokens = value.split(/\s+/).filter((t) => t !== "");
      if (tokens.length === 0) return fail();
      for (const token of tokens) {
        const found = spec.values.find((v) => v.toLowerCase() === token.toLowerCase());
        if (found === undefined) return fail();
        if (out.indexOf(found) < 0) out.push(found);
      }
      return { ok: out.join(" ") };
    }
  }
}

/** Where each element name is allowed, for "Number goes inside Dial" hints. */
function placesOf(name: string): string[] {
  const places: string[] = [];
  const seen = new Set<TexmlElementSpec>();
  const walk = (parent: TexmlElementSpec) => {
    if (seen.has(parent)) return;
    seen.add(parent);
    const children = parent.children ?? {};
    if (has(children, name) && places.indexOf(parent.name) < 0) places.push(parent.name);
    for (const key of Object.keys(children)) walk(children[key]!);
  };
  for (const key of Object.keys(TEXML_SCHEMA)) walk(TEXML_SCHEMA[key]!);
  return places;
}

function checkElement(item: unknown, path: string, allowed: Readonly<Record<string, TexmlElementSpec>>, parent: TexmlElementSpec | undefined): CheckedElement {
  const invalid = (message: string, element?: string, attribute?: string): TexmlError =>
    new TexmlError(`${path}${element ? ` (${element})` : ""}: ${message}`, {
      code: "ERR_TEXML_INVALID",
      path,
      ...(element ? { element } : {}),
      ...(attribute ? { attribute } : {}),
    });

  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    throw invalid(`expected an object like { "verb": "Say", "text": "Hello" }, got ${describeValue(item)}`);
  }
  const obj = item as Record<string, unknown>;
  const hasVerb = has(obj, "verb") && !isUnset(obj.verb);
  const hasNoun = has(obj, "noun") && !isUnset(obj.noun);
  if (hasVerb && hasNoun) throw invalid(`give either "verb" or "noun", not both`);
  const key = hasNoun ? "noun" : "verb";
  const name = hasNoun ? obj.noun : obj.verb;
  if (!hasVerb && !hasNoun) throw invalid(`missing "verb" (the TeXML element name, e.g. "Say")`);
  if (typeof name !== "string") throw invalid(`"${key}" must be a string, got ${describeValue(name)}`);

  // Find the spec for this name in this place.
  if (!has(allowed, name)) {
    const where = parent ? `inside ${parent.name}` : "at the top level";
    const takes = parent ? `; ${parent.name} takes ${Object.keys(allowed).join(", ")}` : "";
    const inside = placesOf(name);
    const places = inside.length > 0 ? [`inside ${orList(inside)}`] : [];
    if (has(TEXML_SCHEMA, name)) places.unshift("at the top level");
    if (places.length > 0) {
      throw invalid(`${name} is not allowed ${where}${takes}; ${name} belongs ${orList(places)}`, name);
    }
    const all = Object.keys(TEXML_SCHEMA);
    const close = suggest(name, parent ? Object.keys(allowed) : all);
    throw invalid(
      `unknown ${parent ? "element" : "verb"} ${describeValue(name)}${close ? ` (did you mean "${close}"?)` : ""}; ` +
        (parent ? `${parent.name} takes ${Object.keys(allowed).join(", ")}` : `TeXML verbs are ${all.join(", ")}`),
    );
  }
  const spec = allowed[name]!;

  // Attributes, in the order given.
  const attributes: Array<[string, string]> = [];
  const attributeNames = Object.keys(spec.attributes);
  for (const attr of Object.keys(obj)) {
    if (RESERVED_KEYS.indexOf(attr) >= 0) continue;
    if (!has(spec.attributes, attr)) {
      const close = suggest(attr, attributeNames);
      const takes = attributeNames.length > 0 ? `${name} takes ${attributeNames.join(", ")}` : `${name} takes no attributes`;
      throw invalid(`unknown attribute "${attr}"${close ? ` (did you mean "${close}"?)` : ""}; ${takes}`, name, attr);
    }
    const value = obj[attr];
    if (isUnset(value)) continue;
    const result = normaliseAttribute(spec.attributes[attr]!, value);
    if ("error" in result) throw invalid(`attribute "${attr}": ${result.error}`, name, attr);
    const bad = findIllegalChar(result.ok);
    if (bad >= 0) throw invalid(`attribute "${attr}": contains ${codePointName(result.ok, bad)}, which XML 1.0 cannot represent`, name, attr);
    attributes.push([attr, result.ok]);
  }
  for (const attr of attributeNames) {
    if (spec.attributes[attr]!.required && isUnset(obj[attr])) {
      throw invalid(`missing attribute "${attr}" (${spec.attributes[attr]!.description ?? expectation(spec.attributes[attr]!)})`, name, attr);
    }
  }

  // Text body.
  let text: string | undefined;
  if (has(obj, "text") && !isUnset(obj.text)) {
    const raw = obj.text;
    if (typeof raw !== "string" && !(typeof raw === "number" && Number.isFinite(raw))) {
      throw invalid(`"text" must be a string or a number, got ${describeValue(raw)}`, name);
    }
    if (spec.text === "none") throw invalid(`${name} takes no text`, name);
    text = String(raw);
    const bad = findIllegalChar(text);
    if (bad >= 0) throw invalid(`text contains ${codePointName(text, bad)}, which XML 1.0 cannot represent`, name);
    if (text.trim() === "") text = undefined;
  }
  if (spec.text === "required" && text === undefined) {
    throw invalid(`missing text (${spec.textDescription ?? "the element's body"})`, name);
  }

  // Children.
  const children: CheckedElement[] = [];
  if (has(obj, "children") && obj.children !== undefined && obj.children !== null) {
    const list = obj.children;
    if (!Array.isArray(list)) throw invalid(`"children" must be an array, got ${describeValue(list)}`, name);
    if (list.length > 0) {
      if (!spec.children) throw invalid(`${name} takes no children`, name);
      if (text !== undefined) throw invalid(`give either text or children, not both`, name);
      if (spec.maxChildren !== undefined && list.length > spec.maxChildren) {
        throw invalid(`takes at most ${spec.maxChildren} child element${spec.maxChildren === 1 ? "" : "s"}, got ${list.length}`, name);
      }
      list.forEach((child, i) => children.push(checkElement(child, `${path}.children[${i}]`, spec.children!, spec)));
    }
  }

  if (spec.needsOneOf) {
    const present = (what: string) =>
      what === "text" ? text !== undefined : what === "children" ? children.length > 0 : attributes.some(([a]) => a === what);
    if (!spec.needsOneOf.some(present)) {
      const wants = spec.needsOneOf.map((w) =>
        w === "children" && spec.children ? `children (${Object.keys(spec.children).join(", ")})` : w === "text" ? "text" : `attribute "${w}"`,
      );
      throw invalid(`needs ${wants.length === 1 ? wants[0] : `one of: ${wants.join(", ")}`}`, name);
    }
  }

  return { name, attributes, ...(text !== undefined ? { text } : {}), children };
}

function checkVerbs(verbs: unknown): CheckedElement[] {
  if (!Array.isArray(verbs)) {
    throw new TexmlError(`verbs: expected an array of TeXML verbs like [{ "verb": "Say", "text": "Hello" }], got ${describeValue(verbs)}`, {
      code: "ERR_TEXML_INVALID",
      path: "verbs",
    });
  }
  return verbs.map((item, i) => checkElement(item, `verbs[${i}]`, TEXML_SCHEMA, undefined));
}

/** Throws a `TexmlError` when `verbs` is not a valid verb list (see the comment at the top). */
export function validateTexmlVerbs(verbs: unknown): asserts verbs is TexmlItem[] {
  checkVerbs(verbs);
}

export interface BuildTexmlOptions {
  /** Indent nested elements, one per line (default true). Whitespace between elements is insignificant in TeXML. */
  pretty?: boolean;
}

/** Validates `verbs` and returns the TeXML document. Throws a `TexmlError` (and returns nothing) when invalid. */
export function buildTexml(verbs: unknown, options: BuildTexmlOptions = {}): string {
  const elements = checkVerbs(verbs);
  const pretty = options.pretty !== false;
  const nl = pretty ? "\n" : "";
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8"?>\n`];
  const write = (el: CheckedElement, depth: number) => {
    const indent = pretty ? "  ".repeat(depth) : "";
    const attrs = el.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join("");
    if (el.text !== undefined) {
      out.push(`${indent}<${el.name}${attrs}>${escapeText(el.text)}</${el.name}>${nl}`);
    } else if (el.children.length > 0) {
      out.push(`${indent}<${el.name}${attrs}>${nl}`);
      for (const child of el.children) write(child, depth + 1);
      out.push(`${indent}</${el.name}>${nl}`);
    } else {
      out.push(`${indent}<${el.name}${attrs}/>${nl}`);
    }
  };
  write({ name: "Response", attributes: [], children: elements }, 0);
  return out.join("").replace(/\n$/, "") + "\n";
}

// ---------------------------------------------------------------------------------------------
// Reference text derived from the table
// ---------------------------------------------------------------------------------------------

/** Markdown reference of every element and attribute in `TEXML_SCHEMA`, for the README and node help. */
export function describeTexmlSchema(): string {
  const lines: string[] = [];
  const done = new Map<TexmlElementSpec, string>();
  const section = (spec: TexmlElementSpec, title: string) => {
    const first = done.get(spec);
    if (first !== undefined) {
      lines.push(`### ${title} (${spec.kind})`, "", `Same as ${first}.`, "");
      return;
    }
    done.set(spec, title);
    lines.push(`### ${title} (${spec.kind})`, "", spec.description, "");
    const text = spec.text === "none" ? "none" : `${spec.text}: ${spec.textDescription ?? "body"}`;
    lines.push(`- text: ${text}`);
    if (spec.children) lines.push(`- children: ${Object.keys(spec.children).join(", ")}`);
    if (spec.needsOneOf) lines.push(`- needs at least one of: ${spec.needsOneOf.join(", ")}`);
    const attrs = Object.keys(spec.attributes);
    if (attrs.length === 0) lines.push("- attributes: none");
    for (const attr of attrs) {
      const a = spec.attributes[attr]!;
      const accepts = describeTexmlAttribute(a);
      const capitalised = accepts.charAt(0).toUpperCase() + accepts.slice(1);
      lines.push(`- \`${attr}\`${a.required ? " (required)" : ""}: ${a.description ? `${a.description}. ` : ""}${capitalised}.`);
    }
    lines.push("");
    for (const child of Object.keys(spec.children ?? {})) section(spec.children![child]!, `${title} > ${child}`);
  };
  for (const verb of Object.keys(TEXML_SCHEMA)) section(TEXML_SCHEMA[verb]!, verb);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Well-formedness of a raw XML document
// ---------------------------------------------------------------------------------------------

const NAME = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9_:.-]*);/y;
const PREDEFINED_ENTITIES = ["lt", "gt", "amp", "quot", "apos"];
const XML_DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/y;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

function isLegalCodePoint(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** A strict, single-pass XML 1.0 well-formedness check (no DTDs). */
class WellFormednessChecker {
  private pos = 0;
  private readonly open: Array<{ name: string; at: number }> = [];

  constructor(private readonly src: string) {}

  run(): void {
    const s = this.src;
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    const bad = findIllegalChar(s);
    if (bad >= 0) this.fail(`${codePointName(s, bad)} is not allowed in an XML document`, bad);

    if (s.startsWith("<?xml", this.pos) && (isSpace(s[this.pos + 5]) || s[this.pos + 5] === "?")) {
      XML_DECLARATION.lastIndex = this.pos;
      if (!XML_DECLARATION.exec(s)) this.fail(`malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8"?>)`);
      this.pos = XML_DECLARATION.lastIndex;
    }

    let rootSeen = false;
    while (this.pos < s.length) {
      if (this.open.length === 0) {
        // Prolog or epilogue: only whitespace, comments and processing instructions.
        if (isSpace(s[this.pos])) {
          this.pos++;
        } else if (s.startsWith("<!--", this.pos)) {
          this.comment();
        } else if (s.startsWith("<?", this.pos)) {
          this.processingInstruction();
        } else if (s.startsWith("<!DOCTYPE", this.pos)) {
          this.fail("DOCTYPE declarations are not allowed in TeXML");
        } else if (s.startsWith("</", this.pos)) {
          this.fail(`closing tag without a matching opening tag`);
        } else if (s[this.pos] === "<" && !s.startsWith("<!", this.pos)) {
          if (rootSeen) this.fail("more than one root element (a document has a single <Response>)");
          const at = this.pos;
          const tag = this.startTag();
          if (tag.name !== "Response") this.fail(`the root element is <${tag.name}>, expected <Response>`, at);
          rootSeen = true;
          if (!tag.selfClosing) this.open.push({ name: tag.name, at });
        } else {
          this.fail(rootSeen ? "text after the root element" : s[this.pos] === "<" ? "unexpected markup before the root element" : "text before the root element");
        }
      } else {
        // Element content.
        if (s.startsWith("<!--", this.pos)) this.comment();
        else if (s.startsWith("<![CDATA[", this.pos)) this.cdata();
        else if (s.startsWith("<?", this.pos)) this.processingInstruction();
        else if (s.startsWith("</", this.pos)) this.endTag();
        else if (s.startsWith("<!", this.pos)) this.fail("unexpected '<!' (only comments and CDATA sections are allowed here)");
        else if (s[this.pos] === "<") {
          const at = this.pos;
          const tag = this.startTag();
          if (!tag.selfClosing) this.open.push({ name: tag.name, at });
        } else this.text();
      }
    }
    if (this.open.length > 0) {
      const top = this.open[this.open.length - 1]!;
      this.fail(`<${top.name}> (${this.where(top.at)}) is never closed`, s.length);
    }
    if (!rootSeen) this.fail("no root element (expected <Response>)");
  }

  private where(index: number): string {
    const { line, column } = this.lineColumn(index);
    return `line ${line}, column ${column}`;
  }

  private lineColumn(index: number): { line: number; column: number } {
    const before = this.src.slice(0, index);
    const line = before.split("\n").length;
    return { line, column: index - before.lastIndexOf("\n") };
  }

  private fail(message: string, index: number = this.pos): never {
    const { line, column } = this.lineColumn(index);
    throw new TexmlError(`TeXML document is not well-formed: ${message} at line ${line}, column ${column}`, {
      code: "ERR_TEXML_MALFORMED",
      path: `line ${line}, column ${column}`,
      line,
      column,
    });
  }

  private name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) {
      this.fail(what === "element" ? "'<' must start a tag (write &lt; for a literal '<')" : `expected ${what} name`);
    }
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private skipSpace(): boolean {
    const from = this.pos;
    while (isSpace(this.src[this.pos])) this.pos++;
    return this.pos > from;
  }

  /** Checks every '&' in src[from, to) starts a valid reference. */
  private references(from: number, to: number): void {
    let i = this.src.indexOf("&", from);
    while (i >= 0 && i < to) {
      REFERENCE.lastIndex = i;
      const m = REFERENCE.exec(this.src);
      if (!m || REFERENCE.lastIndex > to) this.fail("bare '&' (write &amp; for a literal '&')", i);
      const ref = m[1]!;
      if (ref[0] === "#") {
        const cp = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!isLegalCodePoint(cp)) this.fail(`character reference &${ref}; is not a legal XML character`, i);
      } else if (PREDEFINED_ENTITIES.indexOf(ref) < 0) {
        this.fail(`unknown entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed)`, i);
      }
      i = this.src.indexOf("&", REFERENCE.lastIndex);
    }
  }

  private startTag(): { name: string; selfClosing: boolean } {
    const s = this.src;
    this.pos++; // '<'
    const name = this.name("element");
    const seen: string[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      if (s.startsWith("/>", this.pos)) {
        this.pos += 2;
        return { name, selfClosing: true };
      }
      if (s[this.pos] === ">") {
        this.pos++;
        return { name, selfClosing: false };
      }
      if (this.pos >= s.length) this.fail(`<${name}> start tag is not finished`);
      if (!spaced) this.fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const attrAt = this.pos;
      const attr = this.name("attribute");
      if (seen.indexOf(attr) >= 0) this.fail(`attribute ${attr} appears twice in <${name}>`, attrAt);
      seen.push(attr);
      this.skipSpace();
      if (s[this.pos] !== "=") this.fail(`attribute ${attr} in <${name}> has no value (expected ${attr}="...")`);
      this.pos++;
      this.skipSpace();
      const quote = s[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`the value of attribute ${attr} in <${name}> must be in quotes`);
      const end = s.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(`the value of attribute ${attr} in <${name}> is never closed`);
      const lt = s.indexOf("<", this.pos + 1);
      if (lt >= 0 && lt < end) this.fail(`'<' is not allowed in an attribute value (write &lt;)`, lt);
      this.references(this.pos + 1, end);
      this.pos = end + 1;
    }
  }

  private endTag(): void {
    const at = this.pos;
    this.pos += 2; // '</'
    const name = this.name("element");
    this.skipSpace();
    if (this.src[this.pos] !== ">") this.fail(`expected '>' to finish </${name}>`);
    this.pos++;
    const top = this.open.pop()!;
    if (top.name !== name) this.fail(`mismatched closing tag </${name}>: expected </${top.name}> for the tag opened at ${this.where(top.at)}`, at);
  }

  private text(): void {
    const s = this.src;
    let end = s.indexOf("<", this.pos);
    if (end < 0) end = s.length;
    const cdataEnd = s.indexOf("]]>", this.pos);
    if (cdataEnd >= 0 && cdataEnd < end) this.fail("']]>' is not allowed in text (write ]]&gt;)", cdataEnd);
    this.references(this.pos, end);
    this.pos = end;
  }

  private comment(): void {
    const end = this.src.indexOf("-->", this.pos + 4);
    if (end < 0) this.fail("comment is never closed (expected -->)");
    const body = this.src.slice(this.pos + 4, end);
    if (body.indexOf("--") >= 0 || body.endsWith("-")) this.fail("'--' is not allowed inside a comment");
    this.pos = end + 3;
  }

  private cdata(): void {
    const end = this.src.indexOf("]]>", this.pos + 9);
    if (end < 0) this.fail("CDATA section is never closed (expected ]]>)");
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const at = this.pos;
    this.pos += 2; // '<?'
    const target = this.name("processing instruction");
    if (target.toLowerCase() === "xml") this.fail("the XML declaration is only allowed at the very start of the document", at);
    const end = this.src.indexOf("?>", this.pos);
    if (end < 0) this.fail("processing instruction is never closed (expected ?>)", at);
    if (end > this.pos && !isSpace(this.src[this.pos])) this.fail("expected whitespace after the processing instruction target");
    this.pos = end + 2;
  }
}

/**
 * Throws a `TexmlError` (code `ERR_TEXML_MALFORMED`, with `line` and `column`) unless `xml` is a
 * well-formed XML document whose single root element is `<Response>`.
 */
export function assertWellFormedTexml(xml: unknown): asserts xml is string {
  if (typeof xml !== "string") {
    throw new TexmlError(`TeXML document: expected a string of XML, got ${describeValue(xml)}`, { code: "ERR_TEXML_MALFORMED", path: "xml" });
  }
  new WellFormednessChecker(xml).run();
}
