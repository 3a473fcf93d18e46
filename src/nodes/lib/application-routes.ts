// Admin routes behind the webhook node's "Link to a Telnyx application": list an account's applications
// of one kind, and set one's webhook URL. Both act with the API key of the account as deployed, through
// its own client, so the key only ever goes to the deployed base URL and never reaches the editor; both
// use that secret, so both need write permission on accounts. What the PATCH sends besides the URL (the
// name, the webhook format) comes from the application as Telnyx lists it, not from the request.
import type { NodeAPI } from "node-red";
import type { Request, Response } from "express";
import { isApplicationKind, type ApplicationKind } from "../../shared/applications";
import { HTTP_URL } from "../../shared/formats";
import { linkApplication, listApplications } from "../../telnyx/applications";
import type { TelnyxClient } from "../../telnyx/client";
import { findAccount } from "./account";

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Routes relative to httpAdminRoot; the editor calls them with relative URLs. */
export const APPLICATIONS_ROUTE = "/telnyx-config/applications";
export const LINK_ROUTE = "/telnyx-config/applications/link";

export function addApplicationRoutes(RED: NodeAPI, t: Translate): void {
  const canWrite = RED.auth.needsPermission("telnyx-config.write");

  /** The deployed account's client and the kind asked for, or an answer saying what is missing. */
  function clientFor(res: Response, accountId: unknown, kind: unknown): { client: TelnyxClient; kind: ApplicationKind } | undefined {
    if (!isApplicationKind(kind)) {
      res.status(400).json({ message: t("telnyx-config.applications.bad-kind") });
      return undefined;
    }
    const account = typeof accountId === "string" ? findAccount(RED, accountId) : undefined;
    if (!account || account.type !== "telnyx-config") {
      res.status(409).json({ message: t("telnyx-config.applications.not-deployed") });
      return undefined;
    }
    if (!account.client) {
      res.status(409).json({ message: t("telnyx-config.applications.no-key") });
      return undefined;
    }
    return { client: account.client, kind };
  }

  /** A failed API call: its message names the status and the Telnyx error, never the key. */
  function failed(res: Response, err: unknown): void {
    res.status(502).json({ message: err instanceof Error ? err.message : String(err) });
  }

  RED.httpAdmin.get(APPLICATIONS_ROUTE, canWrite, async (req: Request, res: Response) => {
    const found = clientFor(res, req.query.account, req.query.kind);
    if (!found) return;
    try {
      res.json(await listApplications(found.client, found.kind));
    } catch (err) {
      failed(res, err);
    }
  });

  RED.httpAdmin.post(LINK_ROUTE, canWrite, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { account?: unknown; kind?: unknown; id?: unknown; url?: unknown };
    const url = typeof body.url === "string" ? body.url.trim() : "";
    if (!HTTP_URL.test(url)) {
      res.status(400).json({ message: t("telnyx-config.applications.bad-url") });
      return;
    }
    if (typeof body.id !== "string" || body.id === "") {
      res.status(400).json({ message: t("telnyx-config.applications.bad-id") });
      return;
    }
    const found = clientFor(res, body.account, body.kind);
    if (!found) return;
    try {
      const { items } = await listApplications(found.client, found.kind);
      const application = items.find((item) => item.id === body.id);
      if (!application) {
        res.status(404).json({ message: t("telnyx-config.applications.not-found", { id: body.id }) });
        return;
      }
      res.json({ application: await linkApplication(found.client, application, url) });
    } catch (err) {
      failed(res, err);
    }
  });
}
