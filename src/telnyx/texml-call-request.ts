// Starting a TeXML call: POST /texml/Accounts/{account_sid}/Calls (InitiateTexmlCall).
// Field names and types follow InitiateCallRequest and InitiateCallResult in the Telnyx OpenAPI spec.
import { E164, SIP_URI, isUnset } from "../shared/formats";
import {
  OWN_TEXML_CALL_FIELDS,
  TEXML_CALL_FIELDS,
  checkTexmlCallField,
  type TexmlCallField,
  type TexmlCallFieldValue,
} from "../shared/texml-call-fields";
import { pathSegment, type TelnyxRequester } from "./client";
import { TelnyxInputError, describeValue } from "../shared/errors";
import { readOptionsObject, requireString } from "./flow-input";

/**
 * InitiateCallRequest. The spec's oneOf allows `Url` (fetch the instructions), `Texml` (carry them) or
 * neither (the application's voice URL), never both.
 */
export type InitiateTexmlCallRequest = {
  ApplicationSid: string;
  To: string;
  From: string;
  Texml?: string;
} & { [K in TexmlCallField]?: TexmlCallFieldValue };

/** InitiateCallResult: the answer has no `data` wrapper. */
export interface InitiateTexmlCallResult {
  from?: string;
  status?: string;
  to?: string;
  [field: string]: unknown;
}

/** What a flow provides for one call, named as in the request; the node fills it from its fields, `msg` and the account. */
export type TexmlCallInput = {
  /** The `account_sid` path parameter. */
  accountSid: unknown;
  ApplicationSid: unknown;
  To: unknown;
  From: unknown;
  /** The TeXML document (checked by the caller). */
  Texml?: string;
  /** Further request fields (the ones without a field of their own, see OWN_TEXML_CALL_FIELDS). */
  options?: unknown;
} & { [K in (typeof OWN_TEXML_CALL_FIELDS)[number]]?: unknown };

export interface TexmlCallPlan {
  path: string;
  body: InitiateTexmlCallRequest;
}

/** Fields the node always sets itself; `options` may not name them. */
const SET_BY_THE_NODE = ["ApplicationSid", "To", "From", "Texml", ...OWN_TEXML_CALL_FIELDS];

/**
 * Checks one call and builds its request. Throws TelnyxInputError naming the field when the call cannot be
 * valid; nothing is sent in that case.
 */
export function planTexmlCall(input: TexmlCallInput): TexmlCallPlan {
  const accountSid = requireString(input.accountSid, "account_sid", "the TeXML account SID (the node's Account SID, or the account's TeXML account)");
  const body: InitiateTexmlCallRequest = {
    ApplicationSid: requireString(input.ApplicationSid, "ApplicationSid", "the TeXML application id (the node's Application, or the account's TeXML app)"),
    To: requireString(input.To, "To", "a +E.164 number or a SIP URI to call"),
    From: requireString(input.From, "From", "a +E.164 number to call from"),
  };
  if (!E164.test(body.To) && !SIP_URI.test(body.To)) {
    throw new TelnyxInputError("To", "a +E.164 number (e.g. +15551234567) or a SIP URI (sip:user@host)", describeValue(body.To));
  }
  if (!E164.test(body.From)) throw new TelnyxInputError("From", "a +E.164 number (e.g. +15551234567)", describeValue(body.From));

  for (const name of OWN_TEXML_CALL_FIELDS) setField(body, name, name, input[name]);
  for (const [key, value] of Object.entries(readOptionsObject(input.options))) {
    if (SET_BY_THE_NODE.indexOf(key) >= 0) {
      throw new TelnyxInputError(`options.${key}`, `a further request field (${key} is set by the node itself)`);
    }
    if (!isField(key)) {
      const further = Object.keys(TEXML_CALL_FIELDS).filter((name) => SET_BY_THE_NODE.indexOf(name) < 0);
      throw new TelnyxInputError(`options.${key}`, `one of ${further.join(", ")}`, "an unknown field");
    }
    setField(body, key, `options.${key}`, value);
  }

  if (input.Texml !== undefined) {
    if (body.Url !== undefined) {
      throw new TelnyxInputError("Url", "either a Url to fetch the TeXML from or a TeXML document (the verb list or msg.texml), not both", "both");
    }
    if (input.Texml.trim() === "") throw new TelnyxInputError("Texml", "a TeXML document", "an empty string");
    body.Texml = input.Texml;
  }
  return { path: `/texml/Accounts/${pathSegment("account_sid", accountSid)}/Calls`, body };
}

/**
 * Starts the call. The request carries no idempotency key (the spec declares none for TeXML), so the
 * client never repeats it after an ambiguous failure unless the account opts in: a repeat could ring twice.
 */
export async function initiateTexmlCall(client: TelnyxRequester, plan: TexmlCallPlan): Promise<InitiateTexmlCallResult> {
  const response = await client.request<InitiateTexmlCallResult>({ method: "POST", path: plan.path, body: plan.body, idempotent: false });
  return response.body;
}

function isField(name: string): name is TexmlCallField {
  return Object.prototype.hasOwnProperty.call(TEXML_CALL_FIELDS, name);
}

/** Sets a checked optional field; unset values (undefined, null, "") are left out. */
function setField(body: InitiateTexmlCallRequest, name: TexmlCallField, label: string, value: unknown): void {
  if (isUnset(value)) return;
  const checked = checkTexmlCallField(name, value);
  if ("expected" in checked) throw new TelnyxInputError(label, checked.expected, describeValue(value));
  body[name] = checked.ok;
}
