// Outcomes: for each operation a node can wait on, which Telnyx events end the wait, on which output
// and with which outcome word (msg.outcome). Data, so that one table drives the runtime (the event hub
// evaluates the rules), the editor (outputs and their labels) and the help (the events behind each
// output). Every event type, payload field and value below is checked against openapi.yml by
// test/shared/outcomes.test.ts (through test/spec/telnyx-events.json). No node:* and no DOM here.

import { isPlainObject } from "./fields";

/** How a wait finds its events (see src/telnyx/webhook/event-hub.ts for the keys). */
export type Correlation =
  /** By call_control_id: events of the call the command went to. */
  | "call"
  /** By message id and recipient: the delivery receipts of one sent message. */
  | "message"
  /** By sender and receiving number: the recipient's next inbound message, plus the sent message's receipts. */
  | "reply";

/** What a matching event does to a wait. */
export type Ending =
  /** The wait ends: the message goes out on output `output` (0-based) with msg.outcome = `outcome`. */
  | { output: number; outcome: string }
  /** The wait ends with an error a Catch node receives (msg.outcome = `outcome`, msg.payload = the event). */
  | { error: string; outcome: string }
  /** The wait goes on, remembering `note` (a timeout can then end it differently, see `OutcomeTable.timeout`). */
  | { note: string }
  /** The wait goes on, but at most `graceMs` longer: the event that ends it follows this one. */
  | { graceMs: number };

/**
 * A data.payload field (spec path) and the values that select a rule. `to[].status` means the status of
 * the wait's own recipient in payload.to (or payload.cc).
 */
export interface Condition {
  field: string;
  values: readonly string[];
}

export interface OutcomeRule {
  /** data.event_type, as the spec spells it. */
  event: string;
  /** Conditions on data.payload, all of which must hold; none: any event of the type. */
  when?: readonly Condition[];
  /**
   * Whose event (call waits): `self` the call the command went to (the default), `other` another call
   * the wait watches (the bridged call, or another leg of the call session for a transfer), `any` either.
   */
  leg?: "self" | "other" | "any";
  then: Ending;
}

export interface OutcomeTable {
  /** Output names in order: the keys of their labels (`telnyx.outcomes.output.<name>` in the locale). */
  outputs: readonly string[];
  correlation: Correlation;
  /** First matching rule wins; an event no rule matches leaves the wait as it was. */
  rules: readonly OutcomeRule[];
  /** When the wait times out: the first entry whose `after` note was taken (or that has none) applies. */
  timeout: ReadonlyArray<{ after?: string; output: number; outcome: string }>;
  /** waitTimeout when the node sets none, in seconds. */
  defaultTimeoutSecs: number;
}

/** The event that ends a call, whatever was going on. */
export const CALL_HANGUP = "call.hangup";

// ---------------------------------------------------------------------------------------------------
// Building blocks

/** call.hangup's hangup_cause (enum in CallHangup) as outcome words for a call that was never connected. */
const NOT_ANSWERED_CAUSES: ReadonlyArray<{ values: readonly string[]; outcome: string }> = [
  { values: ["user_busy"], outcome: "busy" },
  { values: ["no_answer", "timeout"], outcome: "no_answer" },
  { values: ["call_rejected"], outcome: "rejected" },
  { values: ["not_found", "unspecified"], outcome: "failed" },
  { values: ["normal_clearing", "originator_cancel", "time_limit"], outcome: "hangup" },
];

/** A hangup of `leg` before it was connected, told apart by cause; `output` is the not-connected output. */
function notAnsweredRules(output: number, leg: OutcomeRule["leg"] = "self"): OutcomeRule[] {
  return [
    ...NOT_ANSWERED_CAUSES.map(({ values, outcome }) => ({ event: CALL_HANGUP, when: [{ field: "hangup_cause", values }], leg, then: { output, outcome } })),
    // A cause this table does not know (a newer spec): still not answered.
    { event: CALL_HANGUP, leg, then: { output, outcome: "failed" } },
  ];
}

const hangupTo = (output: number): OutcomeRule => ({ event: CALL_HANGUP, then: { output, outcome: "hangup" } });

// ---------------------------------------------------------------------------------------------------
// The tables

/** dial without machine detection: call.answered or call.hangup. */
const DIAL: OutcomeTable = {
  outputs: ["answered", "machine", "not-answered"],
  correlation: "call",
  rules: [{ event: "call.answered", then: { output: 0, outcome: "answered" } }, ...notAnsweredRules(2)],
  timeout: [{ output: 2, outcome: "timeout" }],
  defaultTimeoutSecs: 120,
};

/**
 * dial with answering_machine_detection on: the detection result decides (it may come before or after
 * call.answered). Answered but no result by the timeout: a live call, so "answered".
 */
const DIAL_WITH_DETECTION: OutcomeTable = {
  ...DIAL,
  rules: [
    { event: "call.machine.detection.ended", when: [{ field: "result", values: ["human"] }], then: { output: 0, outcome: "answered" } },
    { event: "call.machine.detection.ended", when: [{ field: "result", values: ["machine"] }], then: { output: 1, outcome: "machine" } },
    { event: "call.machine.detection.ended", when: [{ field: "result", values: ["not_sure"] }], then: { output: 0, outcome: "not_sure" } },
    {
      event: "call.machine.premium.detection.ended",
      when: [{ field: "result", values: ["human_residence", "human_business"] }],
      then: { output: 0, outcome: "answered" },
    },
    { event: "call.machine.premium.detection.ended", when: [{ field: "result", values: ["machine"] }], then: { output: 1, outcome: "machine" } },
    { event: "call.machine.premium.detection.ended", when: [{ field: "result", values: ["fax_detected"] }], then: { output: 1, outcome: "fax" } },
    {
      event: "call.machine.premium.detection.ended",
      when: [{ field: "result", values: ["not_sure", "silence"] }],
      then: { output: 0, outcome: "not_sure" },
    },
    { event: "call.answered", then: { note: "answered" } },
    ...notAnsweredRules(2),
  ],
  timeout: [
    { after: "answered", output: 0, outcome: "answered" },
    { output: 2, outcome: "timeout" },
  ],
};

const ANSWER: OutcomeTable = {
  outputs: ["answered", "ended"],
  correlation: "call",
  rules: [{ event: "call.answered", then: { output: 0, outcome: "answered" } }, hangupTo(1)],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 30,
};

const SPEAK: OutcomeTable = {
  outputs: ["finished", "hung-up"],
  correlation: "call",
  rules: [
    { event: "call.speak.ended", when: [{ field: "status", values: ["completed"] }], then: { output: 0, outcome: "finished" } },
    // Machine detection stopped the speech: the call is still up.
    { event: "call.speak.ended", when: [{ field: "status", values: ["cancelled_amd"] }], then: { output: 0, outcome: "cancelled" } },
    { event: "call.speak.ended", when: [{ field: "status", values: ["call_hangup"] }], then: { output: 1, outcome: "hangup" } },
    hangupTo(1),
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 300,
};

const PLAYBACK: OutcomeTable = {
  outputs: ["finished", "hung-up"],
  correlation: "call",
  rules: [
    { event: "call.playback.ended", when: [{ field: "status", values: ["completed"] }], then: { output: 0, outcome: "finished" } },
    { event: "call.playback.ended", when: [{ field: "status", values: ["cancelled", "cancelled_amd"] }], then: { output: 0, outcome: "cancelled" } },
    { event: "call.playback.ended", when: [{ field: "status", values: ["call_hangup"] }], then: { output: 1, outcome: "hangup" } },
    // The audio never played (status_detail says why): an error, the call itself is still up.
    {
      event: "call.playback.ended",
      when: [{ field: "status", values: ["file_not_found", "failed", "unknown"] }],
      then: { error: "playback-failed", outcome: "failed" },
    },
    hangupTo(1),
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 600,
};

/** call.gather.ended for gather, gather_using_speak and gather_using_audio; `valid` goes to `inputRules`. */
function gatherTable(outputs: readonly string[], inputRules: readonly OutcomeRule[]): OutcomeTable {
  const noInput = outputs.length - 2;
  const hungUp = outputs.length - 1;
  return {
    outputs,
    correlation: "call",
    rules: [
      ...inputRules,
      { event: "call.gather.ended", when: [{ field: "status", values: ["invalid"] }], then: { output: noInput, outcome: "invalid" } },
      { event: "call.gather.ended", when: [{ field: "status", values: ["timeout"] }], then: { output: noInput, outcome: "no_input" } },
      { event: "call.gather.ended", when: [{ field: "status", values: ["cancelled", "cancelled_amd"] }], then: { output: noInput, outcome: "cancelled" } },
      { event: "call.gather.ended", when: [{ field: "status", values: ["call_hangup"] }], then: { output: hungUp, outcome: "hangup" } },
      hangupTo(hungUp),
    ],
    timeout: [{ output: noInput, outcome: "timeout" }],
    defaultTimeoutSecs: 300,
  };
}

const GATHER = gatherTable(
  ["input", "no-input", "hung-up"],
  [{ event: "call.gather.ended", when: [{ field: "status", values: ["valid"] }], then: { output: 0, outcome: "input" } }],
);

/** A gather menu choice: the digits a caller presses, and the label of its output. */
export interface MenuChoice {
  digits: string;
  label?: string;
}

/**
 * A gather whose valid input is routed by its digits: one output per choice (in order), then "other"
 * (valid input that is no choice), "no input" and "hung up". Choices with the same digits: the first wins.
 */
export function gatherMenu(choices: readonly MenuChoice[]): OutcomeTable {
  const other = choices.length;
  return gatherTable(
    [...choices.map((_, i) => `choice-${i + 1}`), "other", "no-input", "hung-up"],
    [
      ...choices.map((choice, i) => ({
        event: "call.gather.ended",
        when: [
          { field: "status", values: ["valid"] },
          { field: "digits", values: [choice.digits] },
        ],
        then: { output: i, outcome: "input" },
      })),
      { event: "call.gather.ended", when: [{ field: "status", values: ["valid"] }], then: { output: other, outcome: "other" } },
    ],
  );
}

/**
 * transfer: a new leg B in the same call session. Connected when the legs are bridged; not connected
 * when leg B hangs up first (Telnyx: "a call.hangup webhook for the other call (Leg B) will be sent
 * indicating that the transfer could not be completed"; the original call stays up) or the caller does.
 */
const TRANSFER: OutcomeTable = {
  outputs: ["connected", "not-connected"],
  correlation: "call",
  rules: [
    { event: "call.bridged", leg: "any", then: { output: 0, outcome: "connected" } },
    hangupTo(1),
    ...notAnsweredRules(1, "other"),
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 120,
};

/** bridge: call.bridged for either call; a hangup of either before that ends it unconnected. */
const BRIDGE: OutcomeTable = {
  outputs: ["connected", "not-connected"],
  correlation: "call",
  rules: [
    { event: "call.bridged", leg: "any", then: { output: 0, outcome: "connected" } },
    { event: CALL_HANGUP, leg: "any", then: { output: 1, outcome: "hangup" } },
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 60,
};

/** Seconds a recording wait goes on after the hangup, for the call.recording.saved that follows it. */
export const RECORDING_AFTER_HANGUP_SECS = 60;

/** record_start: "Recording will stop on call hang-up", so call.recording.saved comes after the hangup. */
const RECORD_START: OutcomeTable = {
  outputs: ["saved", "failed"],
  correlation: "call",
  rules: [
    { event: "call.recording.saved", then: { output: 0, outcome: "saved" } },
    { event: "call.recording.error", then: { output: 1, outcome: "failed" } },
    { event: CALL_HANGUP, then: { graceMs: RECORDING_AFTER_HANGUP_SECS * 1000 } },
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  // A recording lasts until the hangup or max_length (at most 14,400 s).
  defaultTimeoutSecs: 14_400 + RECORDING_AFTER_HANGUP_SECS,
};

/** to[].status values (OutboundMessagePayload) after which nothing more happens to a recipient. */
const FAILED_STATUSES = ["sending_failed", "delivery_failed"] as const;
/** The events that carry a message's delivery receipts (to[].status per recipient). */
export const RECEIPTS: readonly string[] = ["message.sent", "message.finalized"];

/** Delivery receipts of one recipient: the first final status ends the wait. */
function receiptRules(failed: Ending, expired: Ending, delivered?: { delivered: Ending; unconfirmed: Ending }): OutcomeRule[] {
  return RECEIPTS.flatMap((event) => [
    ...(delivered
      ? [
          { event, when: [{ field: "to[].status", values: ["delivered"] }], then: delivered.delivered },
          // The carrier sent no receipt: probably delivered, and sending again could duplicate it.
          { event, when: [{ field: "to[].status", values: ["delivery_unconfirmed"] }], then: delivered.unconfirmed },
        ]
      : []),
    { event, when: [{ field: "to[].status", values: FAILED_STATUSES }], then: failed },
    { event, when: [{ field: "to[].status", values: ["expired"] }], then: expired },
  ]);
}

const SMS_DELIVERY: OutcomeTable = {
  outputs: ["delivered", "failed"],
  correlation: "message",
  rules: receiptRules({ output: 1, outcome: "failed" }, { output: 1, outcome: "expired" }, {
    delivered: { output: 0, outcome: "delivered" },
    unconfirmed: { output: 0, outcome: "unconfirmed" },
  }),
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 3600,
};

/** The recipient's next message to the sending number; a failed delivery goes to Catch (nobody can reply). */
const SMS_REPLY: OutcomeTable = {
  outputs: ["reply", "no-reply"],
  correlation: "reply",
  rules: [
    { event: "message.received", then: { output: 0, outcome: "reply" } },
    ...receiptRules({ error: "delivery-failed", outcome: "failed" }, { error: "delivery-failed", outcome: "expired" }),
  ],
  timeout: [{ output: 1, outcome: "timeout" }],
  defaultTimeoutSecs: 3600,
};

/**
 * Every table by name. The operation descriptors (src/shared/operations) say which operation ends with which
 * (`outcomes: { result: OUTCOMES.speak }`); src/shared/node-outcomes.ts finds a node's through them.
 */
export const OUTCOMES = {
  dial: DIAL,
  dial_with_detection: DIAL_WITH_DETECTION,
  answer: ANSWER,
  speak: SPEAK,
  playback_start: PLAYBACK,
  gather: GATHER,
  transfer: TRANSFER,
  bridge: BRIDGE,
  record_start: RECORD_START,
  sms_delivery: SMS_DELIVERY,
  sms_reply: SMS_REPLY,
} as const satisfies Record<string, OutcomeTable>;


/** answering_machine_detection values (CallRequest) that leave detection off. */
const NO_DETECTION = [undefined, null, "", "disabled"];

/** dial's table for a request body: with detection on, the detection result decides answered/machine. */
export function dialOutcomes(body: { answering_machine_detection?: unknown }): OutcomeTable {
  return NO_DETECTION.includes(body.answering_machine_detection as string | undefined) ? DIAL : DIAL_WITH_DETECTION;
}

// ---------------------------------------------------------------------------------------------------
// Evaluating the rules

/** What a wait knows about itself when an event comes: its call (for `leg`), its recipient (for `to[].status`). */
export interface WaitSubject {
  callControlId?: string;
  /** The call's leg id: an event that names no call_control_id is the call's own when it names this leg. */
  callLegId?: string;
  recipient?: string;
}

/** The rule an event matches for a wait, or undefined. */
export function matchRule(table: OutcomeTable, subject: WaitSubject, eventType: string, payload: Record<string, unknown>): OutcomeRule | undefined {
  for (const rule of table.rules) {
    if (rule.event !== eventType) continue;
    if (!legMatches(rule.leg ?? "self", subject, payload)) continue;
    const holds = (rule.when ?? []).every((c) => {
      const value = fieldValue(c.field, subject, payload);
      return typeof value === "string" && c.values.includes(value);
    });
    if (holds) return rule;
  }
  return undefined;
}

/** The ending a timeout gives, given the notes the wait has taken. */
export function timeoutEnding(table: OutcomeTable, notes: ReadonlySet<string>): { output: number; outcome: string } {
  const entry = table.timeout.find((t) => t.after === undefined || notes.has(t.after)) ?? table.timeout[table.timeout.length - 1];
  return { output: entry.output, outcome: entry.outcome };
}

function legMatches(leg: "self" | "other" | "any", subject: WaitSubject, payload: Record<string, unknown>): boolean {
  if (leg === "any" || subject.callControlId === undefined) return true;
  const own =
    payload.call_control_id === undefined && subject.callLegId !== undefined
      ? payload.call_leg_id === subject.callLegId
      : payload.call_control_id === subject.callControlId;
  return leg === "self" ? own : !own;
}

function fieldValue(field: string, subject: WaitSubject, payload: Record<string, unknown>): unknown {
  if (field === "to[].status") return recipientEntry(payload, subject.recipient)?.status;
  return payload[field];
}

/** The payload.to (or payload.cc) entry of `recipient` in a message event. */
export function recipientEntry(payload: Record<string, unknown>, recipient: string | undefined): Record<string, unknown> | undefined {
  if (recipient === undefined) return undefined;
  for (const list of [payload.to, payload.cc]) {
    if (!Array.isArray(list)) continue;
    const entry = list.find((item) => isPlainObject(item) && item.phone_number === recipient);
    if (entry) return entry as Record<string, unknown>;
  }
  return undefined;
}
