// Strict base64 decoding shared by webhook verification and client_state.
//
// Buffer.from(text, "base64") never fails: it skips characters outside the alphabet, accepts
// base64url and missing padding, and so turns garbage into some bytes. For keys and signatures
// that hides mistakes (a pasted key with a stray character still "decodes"), so we accept only
// canonical, padded, standard base64: the input must re-encode to exactly itself.

/** Decodes canonical standard base64 (RFC 4648 section 4, with padding); undefined when `text` is anything else. */
export function decodeBase64Strict(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
}
