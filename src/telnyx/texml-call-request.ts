// Starting a TeXML call: POST /texml/Accounts/{account_sid}/Calls (InitiateTexmlCall). The fields and
// their checks are the descriptor's (src/shared/operations/texml-calls.ts).
import { INITIATE_TEXML_CALL } from "../shared/operations/texml-calls";
import { TelnyxInputError, describeValue } from "../shared/errors";
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
