// Posting signed Telnyx events to webhook nodes in a running test flow: a real HTTP server on loopback
// in front of the test helper's httpNode (mounted inside its admin app, after the admin app's body
// parsers, as in Node-RED's default setup), and events shaped like the spec's examples
// (test/telnyx/fixtures/webhooks), signed with real Ed25519 over the exact bytes sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fixtureJson, makeSigner, type TestSigner } from "./fixtures";

interface ExpressLike {
  (req: http.IncomingMessage, res: http.ServerResponse): void;
  use(path: string, app: unknown): void;
}

export class WebhookPoster {
  readonly signer: TestSigner = makeSigner();
  private admin: ExpressLike | undefined;
  private readonly server = http.createServer((req, res) => (this.admin ? this.admin(req, res) : res.writeHead(503).end()));
  private base = "";
  private nextId = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** A "node module" for helper.load: mounts the helper's httpNode the way Node-RED's defaults do. */
  readonly mount = (RED: { httpAdmin: ExpressLike; httpNode: ExpressLike }): void => {
    this.admin = RED.httpAdmin;
    this.admin.use("/", RED.httpNode);
  };

  /**
   * An event of `type` shaped like the spec's example (`fixture`, default: the type's own file) with a
   * fresh data.id and the given payload fields.
   */
  event(type: string, payload: Record<string, unknown>, fixture = type): { data: { event_type: string; id: string; payload: Record<string, unknown> } } {
    const base = fixtureJson<{ data: { payload: Record<string, unknown> } }>(`webhooks/${fixture}.json`).data;
    const id = `5f1a2b3c-0000-4000-8000-${String(++this.nextId).padStart(12, "0")}`;
    return { data: { ...base, event_type: type, id, payload: { ...base.payload, ...payload } } };
  }

  /** Posts an event (or raw bytes) signed as Telnyx signs; resolves with the HTTP status. */
  async post(path: string, event: unknown): Promise<number> {
    const body = Buffer.from(typeof event === "string" ? event : JSON.stringify(event));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.base + path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "telnyx-timestamp": timestamp,
        "telnyx-signature-ed25519": this.signer.sign(timestamp, body),
      },
      body: new Uint8Array(body),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
