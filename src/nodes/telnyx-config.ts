// telnyx-config: one Telnyx account. Holds the API key and webhook public key as credentials, the
// defaults other nodes fall back to, and the one TelnyxClient every node of this account shares.
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { Request, Response } from "express";
import { TelnyxClient } from "../telnyx/client";
import { TelnyxApiError } from "../telnyx/errors";
import { parsePublicKey } from "../telnyx/signature";
import type { AccountDefaults, TelnyxAccountNode } from "./lib/account";

interface TelnyxConfigDef extends NodeDef, AccountDefaults {
  baseUrl?: string;
  timeoutSecs?: string | number;
  maxConcurrent?: string | number;
  retrySends?: boolean;
}

interface TelnyxCredentials {
  apiKey?: string;
  publicKey?: string;
}

/** A harmless authenticated read: 200 or 403 both prove the key was accepted. */
const CONNECTION_TEST_PATH = "/balance";

export = (RED: NodeAPI) => {
  function TelnyxConfigNode(this: Node, config: TelnyxConfigDef) {
    RED.nodes.createNode(this, config);
    initAccount(this as TelnyxAccountNode, config);
  }

  function initAccount(account: TelnyxAccountNode, config: TelnyxConfigDef) {
    const credentials = (account.credentials ?? {}) as TelnyxCredentials;
    account.defaults = {
      connectionId: trimmed(config.connectionId),
      fromNumber: trimmed(config.fromNumber),
      messagingProfileId: trimmed(config.messagingProfileId),
      texmlAccountSid: trimmed(config.texmlAccountSid),
      texmlApplicationId: trimmed(config.texmlApplicationId),
    };
    account.publicKey = trimmed(credentials.publicKey);
    account.publicKeyProblem = undefined;
    if (account.publicKey) {
      try {
        parsePublicKey(account.publicKey);
      } catch (err) {
        account.publicKeyProblem = (err as Error).message;
        account.error(RED._("telnyx-config.errors.bad-public-key", { reason: account.publicKeyProblem }));
      }
    }
    const apiKey = trimmed(credentials.apiKey);
    account.client = apiKey
      ? new TelnyxClient({
          apiKey,
          baseUrl: trimmed(config.baseUrl),
          timeoutMs: Number(config.timeoutSecs) * 1000 || undefined,
          maxConcurrent: Number(config.maxConcurrent) || undefined,
          retryAmbiguous: config.retrySends === true,
        })
      : undefined;

    account.on("close", (_removed: boolean, done: () => void) => {
      const client = account.client;
      account.client = undefined;
      if (!client) return done();
      client.close().then(done, (err: Error) => {
        account.warn(err.message);
        done();
      });
    });
  }

  RED.nodes.registerType("telnyx-config", TelnyxConfigNode, {
    credentials: {
      apiKey: { type: "password" },
      publicKey: { type: "text" },
    },
  });

  // "Test connection" in the account dialog. The dialog sends what it has: a key typed just now, or
  // nothing when the key is saved already (the editor never receives saved passwords), in which case the
  // deployed node's credentials are used. The answer never contains the key.
  RED.httpAdmin.post(
    "/telnyx-config/test",
    RED.auth.needsPermission("telnyx-config.read"),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as { id?: string; apiKey?: string; baseUrl?: string };
      const typedKey = typeof body.apiKey === "string" && body.apiKey !== "" && body.apiKey !== "__PWRD__" ? body.apiKey : undefined;
      const saved = body.id ? (RED.nodes.getCredentials(body.id) as TelnyxCredentials | undefined) : undefined;
      const apiKey = typedKey ?? trimmed(saved?.apiKey);
      if (!apiKey) {
        res.json({ ok: false, message: RED._("telnyx-config.test.no-key") });
        return;
      }
      const client = new TelnyxClient({ apiKey: apiKey.trim(), baseUrl: trimmed(body.baseUrl), maxAttempts: 1, timeoutMs: 10_000 });
      try {
        await client.request({ method: "GET", path: CONNECTION_TEST_PATH, idempotent: true });
        res.json({ ok: true, message: RED._("telnyx-config.test.ok") });
      } catch (err) {
        if (err instanceof TelnyxApiError && err.statusCode === 403) {
          res.json({ ok: true, message: RED._("telnyx-config.test.ok") });
        } else if (err instanceof TelnyxApiError && err.statusCode === 401) {
          res.json({ ok: false, message: RED._("telnyx-config.test.bad-key") });
        } else {
          res.json({ ok: false, message: (err as Error).message });
        }
      } finally {
        await client.close();
      }
    },
  );
};

function trimmed(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}
