// Fixture access (test/telnyx/fixtures/) and a real Ed25519 signer in Telnyx's format.

import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const FIXTURES = path.join(__dirname, "..", "telnyx", "fixtures");

export function fixtureBytes(relative: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, relative));
}

export function fixtureJson<T>(relative: string): T {
  return JSON.parse(fixtureBytes(relative).toString("utf8")) as T;
}

export function fixtureFiles(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, dir))
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** A fresh Ed25519 key pair, with the public key as the base64 of its 32 raw bytes (what the portal shows). */
export interface TestSigner {
  publicKeyBase64: string;
  privateKey: KeyObject;
  /** Base64 signature over `timestamp + "|" + body`, exactly as Telnyx signs. */
  sign(timestamp: string, body: Buffer): string;
}

export function makeSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = publicKey.export({ format: "jwk" });
  const publicKeyBase64 = Buffer.from(String(jwk.x), "base64url").toString("base64");
  return {
    publicKeyBase64,
    privateKey,
    sign(timestamp, body) {
      const message = Buffer.concat([Buffer.from(`${timestamp}|`, "utf8"), body]);
      return sign(null, message, privateKey).toString("base64");
    },
  };
}

/** A clock (milliseconds) fixed at the given Unix second. */
export function clockAt(unixSeconds: number): () => number {
  return () => unixSeconds * 1000;
}
