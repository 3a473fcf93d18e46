import { INITIATE_TEXML_CALL, LIVE_ACTIONS, UPDATE_TEXML_CALL } from "../../shared/operations/texml-calls";
import { withoutTemplates } from "../../shared/texml/template";
import type { TexmlItem } from "../../shared/texml/types";
import { validateTexmlVerbs } from "../../shared/texml/validate";
import { operationForms } from "../../editor/operation-form";
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

/** The mode: while the dialog is open the form holds it; on deploy, the node property does. */
function modeOf(node: Record<string, unknown>): unknown {
  const select = $("#node-input-mode");
  return select.length ? select.val() : node.mode;
}
/** The live action, read the same way. */
function liveActionOf(node: Record<string, unknown>): unknown {
  const select = $("#node-input-liveAction");
  return select.length ? select.val() : node.liveAction;
}
const isCallMode = (node: Record<string, unknown>) => modeOf(node) === "call";
const isLiveMode = (node: Record<string, unknown>) => modeOf(node) === "live";
/** Whether the node sends a request (and so needs an account). */
const sends = (node: Record<string, unknown>) => isCallMode(node) || isLiveMode(node);

/** The call and live modes' fields, checked like the requests they become (the other modes use none). */
const form = operationForms([
  { descriptor: INITIATE_TEXML_CALL, inUse: isCallMode },
  { descriptor: UPDATE_TEXML_CALL, inUse: isLiveMode },
]);

let editing: VerbList | undefined;

RED.nodes.registerType("telnyx-texml", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-texml.svg",
  inputs: 1,
  outputs: 1,
  defaults: {
    name: { value: "" },
    mode: { value: "reply" as "reply" | "output" | "call" | "live" },
    liveAction: { value: "texml", validate: (v: string) => v === undefined || v === "" || (LIVE_ACTIONS as readonly string[]).includes(v) },
    account: {
      value: "",
      type: "telnyx-config",
      validate: function (this: Record<string, unknown>, value: string) {
        return !sends(this) || (value !== "" && value !== "_ADD_");
      },
    },
    verbs: {
      value: [{ verb: "Say", text: "Hello" }] as TexmlItem[],
      // A validator with two parameters may return the reason (Node-RED 3.1+); the types know only booleans.
      validate: function (this: Record<string, unknown> & { _(key: string): string }, value: unknown, _options?: unknown) {
        // Redirecting a live call to an empty list would send <Response/>, which hangs the call up.
        const redirectsToNothing = isLiveMode(this) && (liveActionOf(this) || LIVE_ACTIONS[0]) === "texml" && Array.isArray(value) && value.length === 0;
        return (redirectsToNothing ? this._("telnyx-texml.errors.no-verbs") : verbsProblem(value)) ?? true;
      } as unknown as (value: string) => boolean,
    },
    // Call mode (the Flow Library's validator reads only keys written out).
    // Every form field and its type, written out between these markers by the build (scripts/node-forms.mjs).
    // <form-defaults>
    // </form-defaults>
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "TeXML",
  label: function () {
    const labels: Record<string, string> = { call: "TeXML call", output: "TeXML", live: "TeXML live call" };
    return this.name || labels[this.mode as string] || "TeXML reply";
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  inputLabels: "message",
  outputLabels: "message with the document, or the call started or updated",
  oneditprepare: function () {
    const node = this;
    const t = (key: string, vars?: Record<string, string>) => node._(key, vars);
    form.prepare({ choice: t("telnyx-texml.label.choice"), unset: t("telnyx-texml.label.unset") });

    // Rows by mode (and, in live mode, by action): a row shows when each of its classes says so.
    const mode = $("#node-input-mode");
    const liveAction = $("#node-input-liveAction");
    if (!liveAction.val()) liveAction.val(LIVE_ACTIONS[0]);
    const show = () => {
      const m = mode.val();
      const action = liveAction.val();
      const when: Record<string, boolean> = {
        "telnyx-texml-call-only": m === "call",
        "telnyx-texml-api": m === "call" || m === "live",
        "telnyx-texml-live": m === "live",
        "telnyx-texml-url": m === "call" || (m === "live" && action === "url"),
      };
      for (const element of $(Object.keys(when).map((c) => `.${c}`).join(",")).toArray()) {
        $(element).toggle(Object.keys(when).every((c) => !element.classList.contains(c) || when[c]));
      }
      $(".node-input-verbs-container-row").toggle(m !== "live" || action === "texml");
      $("#node-input-url, #node-input-method, #node-input-callSid, #node-input-accountSid, #node-input-options").trigger("change");
    };
    mode.on("change", show);
    liveAction.on("change", show);
    show();

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
    // A live call is redirected to the URL only by the URL action: nothing hidden is kept to surprise later.
    if ($("#node-input-mode").val() === "live" && $("#node-input-liveAction").val() !== "url") {
      for (const property of ["url", "method"]) $(`#node-input-${property}`).typedInput("value", "");
    }
    editing = undefined;
  },
  oneditcancel: function () {
    editing = undefined;
  },
});
