// Answering the HTTP request a message carries in msg.res. Core `http in` puts a wrapper there whose
// `_res` is the express response (core `http response` answers through it); the telnyx-webhook node's
// TeXML mode hands on the same shape.
import { TelnyxInputError, describeValue } from "../../shared/errors";

interface ExpressResponse {
  headersSent: boolean;
  status(code: number): ExpressResponse;
  set(field: string, value: string): ExpressResponse;
  send(body: string): unknown;
}

function isExpressResponse(value: unknown): value is ExpressResponse {
  const res = value as Partial<ExpressResponse> | null | undefined;
  return typeof res?.status === "function" && typeof res.set === "function" && typeof res.send === "function";
}

/** Answers msg.res with an XML document (200, application/xml). Throws, answering nothing, when there is nothing to answer. */
export function replyWithXml(res: unknown, xml: string): void {
  const response = (res as { _res?: unknown } | null | undefined)?._res;
  if (!isExpressResponse(response)) {
    throw new TelnyxInputError(
      "msg.res",
      "the HTTP request to answer, as a telnyx-webhook node in TeXML mode or an http in node puts it on the message",
      describeValue(res),
    );
  }
  if (response.headersSent) throw new TelnyxInputError("msg.res", "an HTTP request not answered yet", "one already answered");
  response.status(200).set("Content-Type", "application/xml").send(xml);
}
