// Which outcome table a node waits with (runtime and editor alike), read through the descriptor of the
// operation it sends: the descriptor's `outcomes` is the one place that says which events end an operation.
// Kept apart from ./outcomes (the tables, which the descriptors import) so that neither imports the other.
import { CALL_COMMANDS, CALL_CONTROL_ACTIONS, isCallAction } from "./operations/call-control";
import { waitKind, type Descriptor } from "./operations/descriptor";
import { NODE_OPERATIONS } from "./operations/index";
import { MESSAGE_VARIANTS, variantOf } from "./operations/messaging";
import type { MenuChoice, OutcomeTable } from "./outcomes";

/** The node properties that decide waiting: `waitFor` (call nodes: true; send SMS: "delivery" or "reply"), the action, the menu, send SMS's variant. */
export interface WaitConfig {
  waitFor?: unknown;
  action?: unknown;
  menu?: unknown;
  send?: unknown;
}

/**
 * The operation a node waits on: call control's by its action (none when msg sets it), send SMS's by its
 * `send` variant (empty or missing: a message), the others' first.
 */
function waitingOperation(type: string, config: WaitConfig): Descriptor | undefined {
  if (type === "telnyx-call-control") return isCallAction(config.action) ? CALL_CONTROL_ACTIONS[config.action] : undefined;
  if (type === "telnyx-sms") {
    const variant = variantOf(config.send);
    return variant && MESSAGE_VARIANTS[variant];
  }
  return NODE_OPERATIONS[type]?.[0];
}

/**
 * Whether a node so configured can wait at all: the operation it sends has an outcome table to wait with
 * (call control by its action, send SMS by its variant). A node that waits (nodeOutcomes) always can.
 */
export function canWait(type: string, config: WaitConfig): boolean {
  const outcomes = waitingOperation(type, config)?.outcomes;
  return outcomes !== undefined && (outcomes.result ?? outcomes.delivery ?? outcomes.reply) !== undefined;
}

/** Whether send SMS with this `send` variant can wait for delivery or a reply (scheduling, cancelling and WhatsApp cannot). */
export function smsSendCanWait(send: unknown): boolean {
  return canWait("telnyx-sms", { send });
}

/**
 * The outcome table a node waits with, or undefined when it does not wait (it then has one output).
 * dial's outputs are the same with and without detection; its rules follow the request (`forRequest`).
 */
export function nodeOutcomes(type: string, config: WaitConfig): OutcomeTable | undefined {
  const outcomes = waitingOperation(type, config)?.outcomes;
  const kind = waitKind(config.waitFor);
  const table = outcomes && kind ? outcomes[kind] : undefined;
  if (!outcomes || !table) return undefined;
  const choices = outcomes.menu ? menuChoices(config.menu) : [];
  return outcomes.menu && choices.length > 0 ? outcomes.menu(choices) : table;
}

/** Whether a call-control action can wait for its outcome. */
export function actionCanWait(action: unknown): boolean {
  return canWait("telnyx-call-control", { action });
}

/** Actions whose outputs a menu can set. */
export const MENU_ACTIONS: readonly string[] = Object.entries(CALL_COMMANDS)
  .filter(([, descriptor]) => descriptor.outcomes?.menu !== undefined)
  .map(([action]) => action);

/** How many outputs a node has. */
export function outputCount(type: string, config: WaitConfig): number {
  return nodeOutcomes(type, config)?.outputs.length ?? 1;
}

/** DTMF a menu choice may name (gather's valid_digits default: "0123456789#*"). */
const MENU_DIGITS = /^[0-9*#]{1,128}$/;

/** A node's menu property as choices; entries without valid digits are dropped (the editor refuses them). */
export function menuChoices(menu: unknown): MenuChoice[] {
  if (!Array.isArray(menu)) return [];
  return menu
    .filter((c): c is { digits: unknown; label?: unknown } => c !== null && typeof c === "object")
    .map((c) => ({ digits: String(c.digits ?? "").trim(), label: typeof c.label === "string" && c.label.trim() !== "" ? c.label.trim() : undefined }))
    .filter((c) => MENU_DIGITS.test(c.digits));
}

export function isMenuDigits(value: unknown): boolean {
  return typeof value === "string" && MENU_DIGITS.test(value.trim());
}
