// telnyx-config: one Telnyx account. Holds the API key and webhook public key as credentials, the
// defaults other nodes fall back to, and the one TelnyxClient every node of this account shares.
import type { Node, NodeAPI, NodeDef } from "node-red";
import type { Request, Response } from "express";
import { TelnyxClient } from "../../telnyx/client";
import { TelnyxApiError } from "../../telnyx/errors";
import { parsePublicKey } from "../../telnyx/webhook/signature";
import { CONNECTION_TEST_TIMEOUT_MS } from "../../shared/defaults";
import { ACCOUNT_SETTINGS } from "../../shared/settings";
import { HTTP_URL } from "../../shared/formats";
import { findAccount, type AccountDefaults, type TelnyxAccountNode } from "../lib/account";
import { addApplicationRoutes } from "../lib/application-routes";
import { numberSetting } from "../lib/settings";
import { openAccountRedis } from "../lib/redis";
import { accountHub } from "../lib/waits";

interface TelnyxConfigDef extends NodeDef, AccountDefaults {
  baseUrl?: string;
  timeoutSecs?: string | number;
  maxConcurrent?: string | number;
  retrySends?: boolean;
  /** Longest API answer read, in MB. */
  maxAnswerMB?: string | number;
  redisUrl?: string;
  redisTls?: boolean;
}

interface TelnyxCredentials {
  apiKey?: string;
  publicKey?: string;
  redisPassword?: string;
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
          timeoutMs: numberSetting(RED, account, "timeoutSecs", config.timeoutSecs, ACCOUNT_SETTINGS.timeoutSecs) * 1000,
          maxConcurrent: numberSetting(RED, account, "maxConcurrent", config.maxConcurrent, ACCOUNT_SETTINGS.maxConcurrent),
          retryAmbiguous: config.retrySends === true,
          maxAnswerBytes: Math.floor(numberSetting(RED, account, "maxAnswerMB", config.maxAnswerMB, ACCOUNT_SETTINGS.maxAnswerMB) * 1024 * 1024),
        })
      : undefined;

    account.redis = openAccountRedis(
      account,
      { url: config.redisUrl, tls: config.redisTls, password: credentials.redisPassword },
      {
        down: (address, reason) => RED._("telnyx-config.errors.redis-down", { address, reason }),
        up: (address) => RED._("telnyx-config.log.redis-up", { address }),
        badMessage: (reason) => RED._("telnyx-config.errors.redis-bad-message", { reason }),
      },
    );
    // Events any instance receives reach the waits of this one (the hub drops those it has seen).
    account.redis?.forwardTo(accountHub(account.id)).catch((err: Error) => {
      if (account.redis) account.warn(account.redis.link?.redact(err.message) ?? err.message);
    });

    account.on("close", (_removed: boolean, done: () => void) => {
      const { client, redis } = account;
      account.client = undefined;
      account.redis = undefined;
      const closing = [client?.close(), redis?.close()].map((closed) => closed?.catch((err: Error) => account.warn(err.message)));
      void Promise.all(closing).then(() => done());
    });
  }

  RED.nodes.registerType("telnyx-config", TelnyxConfigNode, {
    credentials: {
      apiKey: { type: "password" },
      publicKey: { type: "text" },
      redisPassword: { type: "password" },
    },
  });

  // The webhook node's "Link to a Telnyx application" (lists and PATCHes with the deployed account's key).
  addApplicationRoutes(RED, (key, vars) => RED._(key, vars));

  // "Test connection" in the account dialog. The dialog sends what it has: a key typed just now (tested
  // against the base URL typed beside it), or nothing when the key is saved already (the editor never
  // receives saved passwords). A saved key is only ever sent to the base URL deployed with it: otherwise
  // anyone allowed to call this route could have it sent to an address of their choosing. The route
  // uses a secret, so it needs write permission on the account. The answer never contains the key.
  RED.httpAdmin.post(
    "/telnyx-config/test",
    RED.auth.needsPermission("telnyx-config.write"),
    async (req: Request, res: Response) => {
      const body = (req.body ?? {}) as { id?: unknown; apiKey?: unknown; baseUrl?: unknown };
      const typedKey = trimmed(body.apiKey) === "__PWRD__" ? undefined : trimmed(body.apiKey);
      let apiKey = typedKey;
      let baseUrl = trimmed(body.baseUrl);
      if (!typedKey) {
        const account = typeof body.id === "string" ? findAccount(RED, body.id) : undefined;
        const saved = account?.type === "telnyx-config" ? (RED.nodes.getCredentials(account.id) as TelnyxCredentials | undefined) : undefined;
        apiKey = trimmed(saved?.apiKey);
        baseUrl = account?.client?.baseUrl;
      }
      if (!apiKey) {
        res.json({ ok: false, message: RED._("telnyx-config.test.no-key") });
        return;
      }
      if (baseUrl !== undefined && !HTTP_URL.test(baseUrl)) {
        res.json({ ok: false, message: RED._("telnyx-config.test.bad-base-url") });
        return;
      }
      const client = new TelnyxClient({ apiKey, baseUrl, maxAttempts: 1, timeoutMs: CONNECTION_TEST_TIMEOUT_MS });
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
