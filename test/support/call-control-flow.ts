// Shared by the voice node tests: a flow with one voice node, its output and a Catch node.
import { strict as assert } from "node:assert";
import type { TelnyxStandIn } from "./telnyx-standin";
import { account, collect, coreNode, helper, nodeModule, onTab } from "./node-red";

/** The call_control_id of the spec's webhook examples (test/telnyx/fixtures/webhooks/call.initiated.json). */
export const CALL_ID = "v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg";
export const CONNECTION_ID = "1494404757140276705";
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const VOICE_TYPES = ["telnyx-dial", "telnyx-answer", "telnyx-speak", "telnyx-call-control"];

export function voiceNodes(): unknown[] {
  return [nodeModule("telnyx-config"), ...VOICE_TYPES.map((type) => nodeModule(type)), coreNode("common/25-catch.js")];
}

/** One voice node ("voice") wired to `out`, and a catch node wired to `caught` (`modules`: the node modules to load). */
export async function loadVoiceNode(
  api: TelnyxStandIn,
  type: string,
  props: Record<string, unknown> = {},
  accountProps: Record<string, unknown> = {},
  modules: unknown[] = voiceNodes(),
) {
  const acct = account(api.baseUrl, { fromNumber: "+15550001111", connectionId: CONNECTION_ID, ...accountProps });
  const flow = onTab(
    acct.node,
    { id: "voice", type, account: "acct", wires: [["out"]], ...props },
    { id: "out", type: "helper" },
    { id: "catcher", type: "catch", scope: null, uncaught: false, wires: [["caught"]] },
    { id: "caught", type: "helper" },
  );
  await helper.load(modules as never, flow, acct.credentials);
  return { node: helper.getNode("voice"), out: collect("out"), caught: collect("caught") };
}

/** The body without its command_id, after checking that one was generated (a UUID v4). */
export function withoutCommandId(body: unknown): Record<string, unknown> {
  const { command_id, ...rest } = body as Record<string, unknown>;
  assert.match(String(command_id), UUID_V4, "a generated command_id");
  return rest;
}

export interface CaughtError {
  message: string;
  code: string;
  cause: { statusCode?: number; field?: string; expected?: string; errors?: unknown[] };
}
