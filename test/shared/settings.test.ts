import { strict as assert } from "node:assert";
import fs from "node:fs";
import path from "node:path";
import {
  DEFAULT_DEDUPE_MAX_ENTRIES,
  DEFAULT_DEDUPE_MINUTES,
  DEFAULT_MAX_BODY_KB,
  DEFAULT_MAX_ANSWER_MB,
  DEFAULT_MAX_SEEN_IDS,
  DEFAULT_BODY_TIMEOUT_SECONDS,
  DEFAULT_MAX_CONCURRENT,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  DEFAULT_TEXML_ANSWER_TIMEOUT_SECONDS,
  MAX_BODY_KB_RANGE,
  MAX_CONCURRENT_RANGE,
  REQUEST_TIMEOUT_SECONDS_RANGE,
  SIGNATURE_TOLERANCE_SECONDS_RANGE,
} from "../../src/shared/defaults";
import { describeRange, numberInRange, readNumberSetting } from "../../src/shared/settings";
import { root } from "../support/node-red";

describe("shared/settings", () => {
  it("describes each kind of range", () => {
    assert.equal(describeRange(REQUEST_TIMEOUT_SECONDS_RANGE), "a number from 1 to 120 (seconds)");
    assert.equal(describeRange(MAX_CONCURRENT_RANGE), "a whole number from 1 to 100");
    assert.equal(describeRange(SIGNATURE_TOLERANCE_SECONDS_RANGE), "a number of at least 0 (seconds)");
    assert.equal(describeRange(MAX_BODY_KB_RANGE), "a number greater than 0 (KB)");
  });

  it("takes numbers and number text within the range, and nothing else", () => {
    assert.equal(numberInRange(" 15 ", REQUEST_TIMEOUT_SECONDS_RANGE), 15);
    assert.equal(numberInRange(1, REQUEST_TIMEOUT_SECONDS_RANGE), 1);
    assert.equal(numberInRange(120, REQUEST_TIMEOUT_SECONDS_RANGE), 120);
    assert.equal(numberInRange(0.5, REQUEST_TIMEOUT_SECONDS_RANGE), undefined);
    assert.equal(numberInRange(121, REQUEST_TIMEOUT_SECONDS_RANGE), undefined);
    assert.equal(numberInRange("2.5", MAX_CONCURRENT_RANGE), undefined);
    assert.equal(numberInRange(0, SIGNATURE_TOLERANCE_SECONDS_RANGE), 0);
    assert.equal(numberInRange(0, MAX_BODY_KB_RANGE), undefined);
    assert.equal(numberInRange("", MAX_BODY_KB_RANGE), undefined);
    assert.equal(numberInRange("ten", MAX_BODY_KB_RANGE), undefined);
    assert.equal(numberInRange(Number.POSITIVE_INFINITY, SIGNATURE_TOLERANCE_SECONDS_RANGE), undefined);
  });

  it("reads a setting: the default when unset, the value when in range, else the default and what was wrong", () => {
    for (const unset of [undefined, null, "", "  "]) assert.deepEqual(readNumberSetting(unset, 15, REQUEST_TIMEOUT_SECONDS_RANGE), { value: 15 });
    assert.deepEqual(readNumberSetting("30", 15, REQUEST_TIMEOUT_SECONDS_RANGE), { value: 30 });
    assert.deepEqual(readNumberSetting(0, 15, REQUEST_TIMEOUT_SECONDS_RANGE), {
      value: 15,
      problem: "expected a number from 1 to 120 (seconds), got 0",
    });
  });

  it("agrees with the defaults the help texts name", () => {
    const help = (type: string) => fs.readFileSync(path.join(root, "src", "nodes", type, "help.html"), "utf8");
    const config = help("telnyx-config");
    assert.ok(config.includes(`Per attempt, default ${DEFAULT_REQUEST_TIMEOUT_SECONDS}.`), "telnyx-config help: timeout");
    assert.ok(config.includes(`(default ${DEFAULT_MAX_CONCURRENT})`), "telnyx-config help: concurrency");
    assert.ok(config.includes(`default ${DEFAULT_MAX_ANSWER_MB} MB`), "telnyx-config help: answer limit");
    const webhook = help("telnyx-webhook");
    assert.ok(webhook.includes(`<i>Tolerance</i> (${DEFAULT_SIGNATURE_TOLERANCE_SECONDS} s)`), "telnyx-webhook help: tolerance");
    assert.ok(webhook.includes(`<i>Max body</i> (${DEFAULT_MAX_BODY_KB} KB)`), "telnyx-webhook help: body limit");
    assert.ok(webhook.includes(`<i>Answer in</i> seconds (${DEFAULT_TEXML_ANSWER_TIMEOUT_SECONDS})`), "telnyx-webhook help: answer timeout");
    assert.ok(webhook.includes(`<i>Repeats</i> minutes (${DEFAULT_DEDUPE_MINUTES}; 0 keeps ids only while their signature is valid)`), "telnyx-webhook help: repeats");
    assert.ok(webhook.includes(`(at most ${DEFAULT_DEDUPE_MAX_ENTRIES.toLocaleString("en-US")}, oldest forgotten first;`), "telnyx-webhook help: remembered ids in a store");
    assert.ok(webhook.includes(`<i>Remember ids</i> (${DEFAULT_MAX_SEEN_IDS.toLocaleString("en-US")}:`), "telnyx-webhook help: remembered ids in memory");
    assert.ok(webhook.includes(`<i>Body within</i> seconds (${DEFAULT_BODY_TIMEOUT_SECONDS})`), "telnyx-webhook help: body timeout");
  });
});
