import { strict as assert } from "node:assert";
import { countSmsParts } from "../../src/telnyx/sms-parts";

describe("countSmsParts", () => {
  const cases: Array<[string, string, "GSM-7" | "UTF-16", number]> = [
    ["160 GSM characters", "a".repeat(160), "GSM-7", 1],
    ["161 GSM characters", "a".repeat(161), "GSM-7", 2],
    ["1,530 GSM characters", "a".repeat(1530), "GSM-7", 10],
    ["1,531 GSM characters", "a".repeat(1531), "GSM-7", 11],
    ["escaped characters counting twice", "{".repeat(80), "GSM-7", 1],
    ["escaped characters pushing past 160", "{".repeat(81), "GSM-7", 2],
    ["Telnyx's GSM letters", "£¥èéùìòØøÅåÆæßÉ¡ÄÖÑÜ¿äöñüà", "GSM-7", 1],
    ["70 UTF-16 units", "é€".repeat(35), "UTF-16", 1],
    ["71 UTF-16 units", "€".repeat(71), "UTF-16", 2],
    ["emoji as two units each", "😀".repeat(35), "UTF-16", 1],
    ["one emoji past a single part", "😀".repeat(36), "UTF-16", 2],
    ["670 UTF-16 units", "€".repeat(670), "UTF-16", 10],
    ["a grave accent (not in Telnyx's GSM set)", "`", "UTF-16", 1],
  ];
  for (const [what, text, encoding, parts] of cases) {
    it(what, () => assert.deepEqual(countSmsParts(text), { encoding, parts }));
  }
});
