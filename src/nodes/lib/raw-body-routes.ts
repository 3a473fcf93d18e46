// Inbound routes on RED.httpNode that see the exact bytes of the request body, and the msg.res
// wrapper for requests a flow answers.
//
// In Node-RED's default setup (httpAdminRoot = httpNodeRoot = "/") the editor's admin app is mounted
// on the root Express app before RED.httpNode, and its body parsers turn JSON and form bodies into
// objects before any httpNode route runs: the bytes a signature covers are gone. Core `http in`
// (Node-RED 4.1, its skipBodyParsing option) reads the raw body of its own routes in a middleware
// moved to the very top of the root app's router stack, and marks the body read (`req._body`) so
// later parsers skip it. We do the same with our own middleware, so nothing depends on the core
// node's version (Node-RED 3.1 has no such mechanism): one capture per root app, installed when the
// first route is added and removed with the last. At that point Express has not run its own `init`
// yet, so the capture uses only what node's http gives (req.url, req.headers, the stream), never
// req.path or res.status.
//
// Where the capture cannot be placed (Express internals not as expected), the route reads the
// stream itself when it is still unread, and reports a body another parser consumed instead of
// guessing at its bytes.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Application, NextFunction, Request, RequestHandler, Response } from "express";
import { joinUrlPath } from "../../shared/formats";
import { readRawBody, type BodyLimits, type RawBodyResult } from "../../telnyx/webhook/raw-body";

/** The body as a route sees it: the bytes, too large, or already consumed by another parser. */
export type RouteBody = RawBodyResult | { ok: false; status: 500; reason: string };

const RAW_BODY = Symbol.for("node-red-contrib-telnyx.rawBody");

type CapturedRequest = IncomingMessage & {
  [RAW_BODY]?: RawBodyResult;
  body?: unknown;
  _body?: boolean;
  skipRawBodyParser?: boolean;
};

interface Layer {
  handle: unknown;
  route?: { stack: Array<{ handle: unknown }> };
}

/** One root app: the routes whose bodies its capture reads, by normalised full path. */
interface Site {
  routes: Map<string, { owner: string; limits: BodyLimits }>;
  capture: (req: CapturedRequest, res: ServerResponse, next: (err?: unknown) => void) => void;
}

const sites = new WeakMap<object, Site>();

/**
 * Top-level paths of the editor and its admin API. When the editor shares the root with httpNode, a
 * route there would have its body read by our capture before the editor's API sees it (a webhook on
 * /flows would break deploys), so such paths are refused.
 */
const EDITOR_PATHS = new Set([
  "auth", "comms", "context", "credentials", "debug", "diagnostics", "flow", "flows", "icons", "inject",
  "library", "locales", "nodes", "plugins", "projects", "red", "settings", "telnyx-config", "theme", "types", "vendor",
]);

export class RouteError extends Error {
  override readonly name = "RouteError";
  constructor(
    readonly code: "ERR_PATH_IN_USE" | "ERR_PATH_RESERVED",
    message: string,
  ) {
    super(message);
  }
}

export interface RawBodyRouteOptions {
  /** The path as configured, relative to httpNodeRoot ("/telnyx/events"). */
  path: string;
  /** Who holds the path, for the error a second route on it gets. */
  owner: string;
  /** Largest body read (beyond it the route gets a 413 result), and how soon it must have arrived (408). */
  limits: BodyLimits;
  /** httpAdminRoot (false when the editor is off), to refuse paths the editor uses. */
  adminRoot?: string | false;
  /** Run before the handler, as core `http in` runs settings.httpNodeMiddleware. */
  middleware?: RequestHandler | RequestHandler[];
  handle(req: Request, res: Response, body: RouteBody): void;
}

export interface RawBodyRoute {
  /** The path as the root app sees it, with httpNodeRoot ("/telnyx/events", "/api/telnyx/events"). */
  readonly fullPath: string;
  /** False when the capture could not be placed at the top of the root app (see the file comment). */
  readonly captureInstalled: boolean;
  /** Removes the route (and the capture with the last route). Idempotent. */
  close(): void;
}

/**
 * Serves `options.path` on `httpNode` for every method, with the raw body read ahead of any body
 * parser. Throws a RouteError when another route of ours holds the same path (compared the way
 * Express matches: letter case and a trailing slash ignored) or the editor uses it.
 */
export function addRawBodyRoute(httpNode: Application, options: RawBodyRouteOptions): RawBodyRoute {
  const root = rootApp(httpNode);
  const fullPath = joinUrlPath(mountPath(httpNode), options.path);
  const key = routeKey(fullPath);

  const adminRoot = options.adminRoot;
  if (adminRoot !== false && adminRoot !== undefined) {
    const admin = routeKey(adminRoot);
    const rest = admin === "/" ? key : key.startsWith(`${admin}/`) ? key.slice(admin.length) : undefined;
    const first = rest?.split("/")[1];
    if (first !== undefined && EDITOR_PATHS.has(first)) {
      throw new RouteError("ERR_PATH_RESERVED", `path ${fullPath} is used by the Node-RED editor; choose another`);
    }
  }

  let site = sites.get(root);
  const holder = site?.routes.get(key);
  if (holder) throw new RouteError("ERR_PATH_IN_USE", `path ${fullPath} is already served by ${holder.owner}`);
  if (!site) {
    site = { routes: new Map(), capture: createCapture(root) };
    sites.set(root, site);
  }
  const { routes, capture } = site;
  routes.set(key, { owner: options.owner, limits: options.limits });
  const captureInstalled = installAtTop(root, capture);

  let closed = false;
  const handler = (req: Request, res: Response, next: NextFunction) => {
    // A route that could not be unplugged from the stack still steps aside once closed.
    if (closed) return next();
    bodyOf(req as unknown as CapturedRequest, options.limits)
      .then((body) => {
        if (!body.ok && body.status === 408) {
          // A slow sender: once told, its connection goes, so it cannot keep trickling into it.
          res.setHeader("connection", "close");
          res.once("finish", () => req.socket.destroy());
        }
        options.handle(req, res, body);
      })
      .catch(next);
  };
  const middleware = options.middleware === undefined ? [] : ([] as RequestHandler[]).concat(options.middleware);
  httpNode.all(options.path, ...middleware, handler);

  return {
    fullPath,
    captureInstalled,
    close() {
      if (closed) return;
      closed = true;
      removeLayers(httpNode, (layer) => layer.route?.stack.some((entry) => entry.handle === handler) === true);
      routes.delete(key);
      if (routes.size === 0) {
        removeLayers(root, (layer) => layer.handle === capture);
        sites.delete(root);
      }
    },
  };
}

/**
 * The capture for one root app: for a request to one of the site's paths, reads the raw body (with
 * that route's limit) into req[RAW_BODY] before anything else runs.
 */
function createCapture(root: Application): Site["capture"] {
  return function telnyxRawBodyCapture(req, _res, next) {
    const entry = sites.get(root)?.routes.get(routeKey(pathnameOf(req.url)));
    if (!entry || req._body || req.readableEnded) return next();
    void readRawBody(req, entry.limits, req.headers["content-length"]).then((result) => {
      req[RAW_BODY] = result;
      if (result.ok) req.body = result.bytes;
      // Tell body-parser (and core http in's raw parser) that the body is taken care of.
      req._body = true;
      req.skipRawBodyParser = true;
      next();
    });
  };
}

function bodyOf(req: CapturedRequest, limits: BodyLimits): Promise<RouteBody> {
  const captured = req[RAW_BODY];
  if (captured) return Promise.resolve(captured);
  if (req._body || req.readableEnded) {
    return Promise.resolve({
      ok: false,
      status: 500,
      reason: "another body parser read the request before this node could see its raw bytes, so its signature cannot be checked",
    });
  }
  return readRawBody(req, limits, req.headers["content-length"]);
}

/** The app at the top of the mount chain (the one the HTTP server calls); httpNode itself when not mounted. */
function rootApp(app: Application): Application {
  let current = app as Application & { parent?: Application };
  while (current.parent && current.parent !== current) current = current.parent as Application & { parent?: Application };
  return current;
}

/** Where httpNode is mounted ("/" or "/api/"): Express's app.path(); "" when not mounted. */
function mountPath(app: Application): string {
  return typeof app.path === "function" ? app.path() : "";
}

/** A path compared the way Express routes match by default: no letter case, one slash between parts, none at the end. */
function routeKey(path: string): string {
  return joinUrlPath(path.replace(/\/{2,}/g, "/")).toLowerCase();
}

function pathnameOf(url: string | undefined): string {
  const text = url ?? "/";
  // An absolute-form request target ("http://host/path") is rare but legal.
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") : text;
  return path.split(/[?#]/)[0] || "/";
}

/** The router stack of an app: Express 4 keeps it in `_router`, Express 5 in `router`. */
function stackOf(app: Application): Layer[] | undefined {
  const express4 = (app as unknown as { _router?: { stack?: Layer[] } })._router;
  if (express4?.stack) return express4.stack;
  try {
    // Express 4 throws from this getter ("app.router is deprecated").
    return (app as unknown as { router?: { stack?: Layer[] } }).router?.stack;
  } catch {
    return undefined;
  }
}

/** Puts `handle` first in the app's stack (once). False when the stack cannot be found. */
function installAtTop(app: Application, handle: Site["capture"]): boolean {
  let stack = stackOf(app);
  if (stack?.some((layer) => layer.handle === handle)) return moveToTop(stack, handle);
  app.use(handle as unknown as RequestHandler);
  stack = stackOf(app);
  return stack !== undefined && moveToTop(stack, handle);
}

function moveToTop(stack: Layer[], handle: unknown): boolean {
  const index = stack.findIndex((layer) => layer.handle === handle);
  if (index < 0) return false;
  if (index > 0) stack.unshift(...stack.splice(index, 1));
  return true;
}

function removeLayers(app: Application, match: (layer: Layer) => boolean): void {
  const stack = stackOf(app);
  if (!stack) return;
  for (let i = stack.length - 1; i >= 0; i--) if (match(stack[i])) stack.splice(i, 1);
}

/**
 * msg.res for a request the flow answers: the same shape as core `http in` gives
 * (createResponseWrapper in 21-httpin.js), so a core `http response` node can answer it.
 *
 * - `msg.res._res` is the Express response itself: core `http response` calls
 *   `msg.res._res.status(code).send(body)` / `.set(headers)`; the TeXML node may do the same:
 *   `msg.res._res.status(200).set("content-type", "application/xml").send(xml)`.
 * - The wrapper's own methods (status, set, type, send, end, json, sendStatus, ...) call the same
 *   methods on the response and chain: `msg.res.status(200).type("application/xml").send(xml)`.
 *   Unlike core's wrapper they log no deprecation warning.
 *
 * Whoever answers first wins; the node's fallback timer stops when the response finishes.
 */
export function responseWrapper(res: Response): ResponseWrapper {
  const wrapper: Record<string, unknown> = { _res: res };
  for (const name of WRAPPED_METHODS) {
    wrapper[name] = (...args: unknown[]) => {
      const method = (res as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      const result = method.apply(res, args);
      return result === res ? wrapper : result;
    };
  }
  return wrapper as unknown as ResponseWrapper;
}

const WRAPPED_METHODS = [
  "append", "attachment", "cookie", "clearCookie", "download", "end", "format", "get", "json", "jsonp", "links",
  "location", "redirect", "render", "send", "sendfile", "sendFile", "sendStatus", "set", "status", "type", "vary",
] as const;

export type ResponseWrapper = { _res: Response } & {
  [K in (typeof WRAPPED_METHODS)[number]]: (...args: unknown[]) => unknown;
};
