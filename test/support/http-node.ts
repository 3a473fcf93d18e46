// Real HTTP into a flow loaded with node-red-node-test-helper. The helper gives nodes an Express app as
// RED.httpNode (where http in and telnyx-webhook add their routes) but serves it nowhere; this serves it
// on a loopback port.
//
//   const http = await new HttpNodeServer().start();
//   await helper.load([...modules, http.capture], flow);   // capture: keeps this load's RED.httpNode
//   const res = await fetch(http.url("/texml"), { method: "POST", body });
//   await http.close();
import http from "node:http";
import type { AddressInfo } from "node:net";

export class HttpNodeServer {
  private app: http.RequestListener | undefined;
  private readonly server = http.createServer((req, res) => {
    if (this.app) return this.app(req, res);
    res.statusCode = 503;
    res.end("no flow loaded");
  });

  /** Pass it with the node modules to helper.load: it registers nothing, it keeps RED.httpNode. */
  readonly capture = (RED: { httpNode: http.RequestListener }): void => {
    this.app = RED.httpNode;
  };

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
