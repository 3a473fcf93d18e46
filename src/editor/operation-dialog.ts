// The dialog of a node that sends one operation and says little about itself (dial, answer, speak): its
// rows, validators, waiting and outputs come from the operation's descriptor; the node names only its
// labels. The build registers it: scripts/node-forms.mjs writes the literal RED.nodes.registerType the Flow
// Library reads (category, colour, icon, every `defaults` key) after the node's `export const dialog = ...`.
import type { Descriptor } from "../shared/operations/descriptor";
import { preselectOnlyAccount } from "./account";
import { operationForm } from "./operation-form";
import { outcomeDialog, validWaitTimeout } from "./wait-for-result";

/** What a node says about itself. */
export interface OwnLabels {
  /** Its name in the palette, and its label when it has no name and `label` gives none. */
  paletteLabel: string;
  inputLabels: string;
  /** The output's label while the node does not wait for the result. */
  outputLabel: string;
  /** Its label when it has no name (from its fields: "dial +15550100001"); the palette label by default. */
  label?: (node: object) => string;
}

export function operationDialog(type: string, descriptor: Descriptor, own: OwnLabels) {
  const form = operationForm(descriptor);
  return {
    form,
    validWaitTimeout,
    onadd: preselectOnlyAccount,
    paletteLabel: own.paletteLabel,
    label: function (this: { name?: string }) {
      return this.name || (own.label ?? (() => own.paletteLabel))(this);
    },
    inputLabels: own.inputLabels,
    // An operation no event ends has one output, and no waiting rows.
    ...(descriptor.outcomes ? outcomeDialog(type, own.outputLabel, form) : plainDialog(type, own.outputLabel, form)),
  };
}

function plainDialog(type: string, outputLabel: string, form: ReturnType<typeof operationForm>) {
  return {
    labelStyle: function (this: { name?: string }) {
      return this.name ? "node_label_italic" : "";
    },
    outputLabels: outputLabel,
    oneditprepare: function (this: { _: (key: string) => string }) {
      form.prepare({ choice: this._(`${type}.label.choice`), unset: this._(`${type}.label.unset`) });
    },
    oneditsave: function () {},
  };
}
