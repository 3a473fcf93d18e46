// The rule for an account's Redis URL, one place for the account dialog's validator and the runtime
// (src/telnyx/redis/link.ts). Built on the WHATWG URL, which browsers and Node parse alike.

/** redis[s]://[user@]host[:port][/db]: why `url` (trimmed, not empty) is not one, or undefined when it is. */
export function redisUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Everything up to the last "@" may be a password (one with a "/" or "@" in it too): it is not repeated.
    return `Redis URL: expected redis://host:port or rediss://host:port, got "${url.replace(/^[^]*@/, "…@")}"`;
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    return `Redis URL: expected the redis:// or rediss:// scheme, got "${parsed.protocol}"`;
  }
  if (parsed.hostname === "") return "Redis URL: expected a host name, e.g. redis://127.0.0.1:6379";
  // Saying so beats silently dropping it: the URL is saved in the flows in clear.
  if (parsed.password !== "") return "Redis URL: holds a password; put it in the Redis password field instead (the URL is saved in the flows in clear)";
  return undefined;
}
