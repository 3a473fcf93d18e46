import { strict as assert } from "node:assert";
import { decodeClientState, encodeClientState } from "../../src/telnyx/client-state";

describe("telnyx/client-state", () => {
  it("matches the API's example value", () => {
    // The OpenAPI examples use client_state "aGF2ZSBhIG5pY2UgZGF5ID1d".
    assert.equal(encodeClientState("have a nice day =]"), "aGF2ZSBhIG5pY2UgZGF5ID1d");
    assert.equal(decodeClientState("aGF2ZSBhIG5pY2UgZGF5ID1d"), "have a nice day =]");
  });

  it("round-trips strings, including unicode and empty-looking text", () => {
    for (const text of ["order-42", "Zürich → 東京 🚀", " ", "a|b=c&d", "\u0000bytes\u0000"]) {
      const encoded = encodeClientState(text);
      assert.match(encoded, /^[A-Za-z0-9+/]+=*$/);
      assert.equal(decodeClientState(encoded), text);
    }
  });

  it("round-trips objects and arrays as JSON", () => {
    const state = { step: "menu", attempts: 2, caller: { name: "Zoë 🚀", vip: true }, tags: ["a", "b"], none: null };
    const encoded = encodeClientState(state);
    assert.equal(Buffer.from(encoded, "base64").toString("utf8"), JSON.stringify(state));
    assert.deepEqual(decodeClientState(encoded), state);
    assert.deepEqual(decodeClientState(encodeClientState([1, "two", { three: 3 }])), [1, "two", { three: 3 }]);
  });

  it("keeps JSON scalars as the strings they were sent as", () => {
    for (const text of ["42", "true", "null", '"quoted"']) {
      assert.equal(decodeClientState(encodeClientState(text)), text);
    }
  });

  it("returns text that only looks like JSON as text", () => {
    assert.equal(decodeClientState(encodeClientState("{not json")), "{not json");
    assert.equal(decodeClientState(encodeClientState("[1,")), "[1,");
  });

  it("gives undefined for nothing", () => {
    assert.equal(decodeClientState(undefined), undefined);
    assert.equal(decodeClientState(null), undefined);
    assert.equal(decodeClientState(""), undefined);
  });

  it("returns a value that is not base64 of UTF-8 text unchanged", () => {
    const cases = [
      "not base64!",
      "aGF2ZSBhIG5pY2UgZGF5ID1", // padding missing
      "aGF2ZSBh-G5pY2UgZGF5ID1d", // base64url character
      Buffer.from([0xff, 0xfe, 0x80]).toString("base64"), // valid base64, but not UTF-8
    ];
    for (const value of cases) assert.equal(decodeClientState(value), value);
  });
});
