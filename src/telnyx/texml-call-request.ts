// Starting a TeXML call: POST /texml/Accounts/{account_sid}/Calls (InitiateTexmlCall), and acting on a live
// one: POST /texml/Accounts/{account_sid}/Calls/{call_sid} (UpdateTexmlCall). The fields and their checks
// are the descriptors' (src/shared/operations/texml-calls.ts).
import { INITIATE_TEXML_CALL, UPDATE_TEXML_CALL, type LiveAction } from "../shared/operations/texml-calls";
import { TelnyxInputError, describeValue } from "../shared/errors";
import { isUnset } from "../shared/formats";
import { plan, type Plan, type PlanInput } from "./operations/request";

/** InitiateCallResult: the answer has no `data` wrapper. */
export interface InitiateTexmlCallResult {
  from?: string;
  status?: string;
  to?: string;
  [field: string]: unknown;
}

/**
 * Checks one call and plans it. `Texml` is the node's own (its verbs or msg.texml), never an option.
 * Throws TelnyxInputError naming the field; nothing is sent then. The request carries no idempotency key
 * (the spec declares none for TeXML), so it is never repeated after an ambiguous failure unless the account
 * opts in: a repeat could ring twice.
 */
export function planTexmlCall(input: PlanInput): Plan {
  const texml = input.fields?.Texml;
  if (typeof texml === "string" && texml.trim() === "") throw new TelnyxInputError("Texml", "a TeXML document", describeValue(texml));
  return plan(INITIATE_TEXML_CALL, { ...input, fields: { ...input.fields, Texml: texml } });
}

/**
 * Plans one update of a live TeXML call (UpdateTexmlCall) for the node's live action: `texml` sends the
 * node's document as Texml (undefined: the node has none, no verbs and no msg.texml), `url` the node's Url
 * (and Method), `end` Status completed. Texml and Status are the node's own, never options. Throws
 * TelnyxInputError naming the field; nothing is sent then.
 */
export function planTexmlCallUpdate(action: LiveAction, input: PlanInput, document?: string): Plan {
  const Url = input.fields?.Url;
  if (action === "url" && isUnset(Url)) throw new TelnyxInputError("Url", "the URL to fetch the call's new TeXML from (the node's Url)", "nothing");
  if (action === "texml" && document === undefined) {
    throw new TelnyxInputError("Texml", "verbs in the node's list, or a TeXML document in msg.texml, to redirect the call to", "neither");
  }
  // A Url beside TeXML or the end of the call is refused by the descriptor's rules (one thing at a time).
  const fields = { ...input.fields, Texml: action === "texml" ? document : undefined, Status: action === "end" ? "completed" : undefined };
  return plan(UPDATE_TEXML_CALL, { ...input, fields });
}
