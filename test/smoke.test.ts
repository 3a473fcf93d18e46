import { strict as assert } from "node:assert";
describe("smoke", () => { it("runs TypeScript tests", () => { const n: number = 1; assert.equal(n, 1); }); });
