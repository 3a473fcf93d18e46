// Every operation descriptor, by name (the spec tests, the new-node script and the docs read this list).
import { ANSWER, CALL_COMMANDS, CALL_CONTROL_ACTIONS, CALL_READS, DIAL, SPEAK } from "./call-control";
import type { Descriptor } from "./descriptor";
import { MESSAGE_VARIANTS, SEND_ALPHANUMERIC_MESSAGE, SEND_MESSAGE } from "./messaging";
import { INITIATE_TEXML_CALL, UPDATE_TEXML_CALL } from "./texml-calls";

export const OPERATIONS: Readonly<Record<string, Descriptor>> = {
  dial: DIAL,
  answer: ANSWER,
  speak: SPEAK,
  ...CALL_COMMANDS,
  ...CALL_READS,
  send_message: SEND_MESSAGE,
  send_alphanumeric_message: SEND_ALPHANUMERIC_MESSAGE,
  ...Object.fromEntries(Object.values(MESSAGE_VARIANTS).map((d) => [d.name, d])),
  initiate_texml_call: INITIATE_TEXML_CALL,
  update_texml_call: UPDATE_TEXML_CALL,
};

/**
 * The operations each node sends, by node type: its dialog's fields are their forms. The build generates
 * those dialogs' `defaults` entries and form rows from this (scripts/node-forms.mjs); the runtimes send
 * the same descriptors (SMS one per `send` variant, and the alphanumeric sender form of the first; TeXML in its call and live modes).
 */
export const NODE_OPERATIONS: Readonly<Record<string, readonly Descriptor[]>> = {
  "telnyx-dial": [DIAL],
  "telnyx-answer": [ANSWER],
  "telnyx-speak": [SPEAK],
  "telnyx-call-control": Object.values(CALL_CONTROL_ACTIONS),
  "telnyx-sms": Object.values(MESSAGE_VARIANTS),
  "telnyx-texml": [INITIATE_TEXML_CALL, UPDATE_TEXML_CALL],
};
