import { E164, SIP_URI } from "../../shared/formats";
import { test } from "../../shared/fields";
import { INITIATE_TEXML_CALL } from "../../shared/operations/texml-calls";
import { withoutTemplates } from "../../shared/texml/template";
import type { TexmlItem } from "../../shared/texml/types";
import { validateTexmlVerbs } from "../../shared/texml/validate";
import { literalMatches, typedInput } from "../../editor/fields";
import { verbList, type VerbList } from "../../editor/texml-verb-list";
import { preselectOnlyAccount } from "../../editor/account";

/** Why the configured list cannot build, or undefined. Values with {{...}} references are checked per message. */
function verbsProblem(verbs: unknown): string | undefined {
  try {
    validateTexmlVerbs(withoutTemplates(verbs));
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function isCallMode(node: Record<string, unknown>): boolean {
  // While the dialog is open the form holds the mode; on deploy, the node property does.
  const select = $("#node-input-mode");
  return (select.length ? select.val() : node.mode) === "call";
}

/**
 * The definition of a call-mode typedInput field `<name>` (its type is stored in `<name>Type`): a literal
 * must pass `check`; other modes do not use the field. (With a validate of its own, Node-RED does not
 * apply the typedInput's, which would call an empty JSON field invalid.)
 */
function callField(name: string, check: (literal: string) => boolean, literalType = "str") {
  const literal = literalMatches(check, `${name}Type`, literalType);
  return {
    value: "",
    validate: function (this: Record<string, unknown>, value: string) {
      return !isCallMode(this) || literal.call(this, value);
    },
  };
}

function isJsonObject(literal: string): boolean {
  try {
    const value: unknown = JSON.parse(literal);
    return value !== null && typeof value === "object" && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A literal checked like the request field it becomes. */
const requestField = (field: keyof typeof INITIATE_TEXML_CALL.fields) => (literal: string) => test(INITIATE_TEXML_CALL.fields[field], literal).ok;

let editing: VerbList | undefined;

RED.nodes.registerType("telnyx-texml", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-texml.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    mode: { value: "reply" as "reply" | "output" | "call" },
    account: {
      value: "",
      type: "telnyx-config",
      validate: function (this: Record<string, unknown>, value: string) {
        return !isCallMode(this) || (value !== "" && value !== "_ADD_");
      },
    },
    verbs: {
      value: [{ verb: "Say", text: "Hello" }] as TexmlItem[],
      // A validator with two parameters may return the reason (Node-RED 3.1+); the types know only booleans.
      validate: function (value: unknown, _options?: unknown) {
        return verbsProblem(value) ?? true;
      } as unknown as (value: string) => boolean,
    },
    // Call mode (the Flow Library's validator reads only keys written out).
    to: callField("to", (v) => E164.test(v) || SIP_URI.test(v)),
    toType: { value: "str" },
    from: callField("from", (v) => E164.test(v)),
    fromType: { value: "str" },
    accountSid: callField("accountSid", () => true),
    accountSidType: { value: "str" },
    applicationId: callField("applicationId", () => true),
    applicationIdType: { value: "str" },
    url: callField("url", requestField("Url")),
    urlType: { value: "str" },
    statusCallback: callField("statusCallback", requestField("StatusCallback")),
    statusCallbackType: { value: "str" },
    statusCallbackEvent: callField("statusCallbackEvent", requestField("StatusCallbackEvent")),
    statusCallbackEventType: { value: "str" },
    machineDetection: callField("machineDetection", requestField("MachineDetection")),
    machineDetectionType: { value: "str" },
    record: callField("record", requestField("Record")),
    recordType: { value: "str" },
    callerId: callField("callerId", requestField("CallerId")),
    callerIdType: { value: "str" },
    timeout: callField("timeout", requestField("Timeout")),
    timeoutType: { value: "str" },
    timeLimit: callField("timeLimit", requestField("TimeLimit")),
    timeLimitType: { value: "str" },
    options: callField("options", isJsonObject, "json"),
    optionsType: { value: "json" },
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "TeXML",
  label: function () {
    return this.name || (this.mode === "call" ? "TeXML call" : this.mode === "output" ? "TeXML" : "TeXML reply");
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "message",
  outputLabels: "message with the document, or the call started",
  oneditprepare: function () {
    const node = this;
    const t = (key: string, vars?: Record<string, string>) => node._(key, vars);
    for (const name of ["to", "from", "accountSid", "applicationId", "url", "statusCallback", "statusCallbackEvent", "machineDetection", "record", "callerId", "timeout", "timeLimit"]) {
      typedInput(name);
    }
    typedInput("options", ["json", "msg", "flow", "global", "jsonata"]);

    const mode = $("#node-input-mode");
    mode.on("change", () => $(".telnyx-texml-call-only").toggle(mode.val() === "call"));
    mode.trigger("change");

    const problem = $("#telnyx-texml-problem");
    let pending: number | undefined;
    const check = () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => {
        const reason = editing ? verbsProblem(editing.read()) : undefined;
        problem.text(reason ?? "").toggle(reason !== undefined);
      }, 150);
    };
    const list = verbList($("#node-input-verbs-container"), Array.isArray(node.verbs) ? node.verbs : [], t, check);
    editing = list;
    $("#telnyx-texml-problem").closest(".form-row").on("input change", check);

    $("#telnyx-texml-edit-json").on("click", (event) => {
      event.preventDefault();
      RED.editor.editJSON({
        value: JSON.stringify(list.read(), null, 2),
        complete: (value: string) => {
          try {
            const parsed: unknown = JSON.parse(value);
            if (!Array.isArray(parsed)) throw new Error('expected an array like [{ "verb": "Say", "text": "Hello" }]');
            list.replace(parsed);
          } catch (err) {
            RED.notify(t("telnyx-texml.errors.bad-json", { reason: (err as Error).message }), "error");
          }
        },
      });
    });
  },
  oneditsave: function () {
    if (editing) this.verbs = editing.read();
    editing = undefined;
  },
  oneditcancel: function () {
    editing = undefined;
  },
});
