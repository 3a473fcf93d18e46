import { INITIATE_TEXML_CALL } from "../../shared/operations/texml-calls";
import { withoutTemplates } from "../../shared/texml/template";
import type { TexmlItem } from "../../shared/texml/types";
import { validateTexmlVerbs } from "../../shared/texml/validate";
import { operationForm } from "../../editor/operation-form";
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

/** The call mode's fields, checked like the request they become (other modes do not use them). */
const form = operationForm(INITIATE_TEXML_CALL, isCallMode);

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
    // Every form field and its type, written out between these markers by the build (scripts/node-forms.mjs).
    // <form-defaults>
    // </form-defaults>
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
    form.prepare({ choice: t("telnyx-texml.label.choice"), unset: t("telnyx-texml.label.unset") });

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
