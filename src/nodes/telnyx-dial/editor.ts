// The dial node's dialog: its labels. Rows, checks and outcomes come from DIAL; the build writes the
// registration after this (scripts/node-forms.mjs).
import { DIAL } from "../../shared/operations/call-control";
import { literalValue } from "../../editor/fields";
import { operationDialog } from "../../editor/operation-dialog";

export const dialog = operationDialog("telnyx-dial", DIAL, {
  paletteLabel: "dial",
  inputLabels: "message",
  outputLabel: "call",
  label: (node) => {
    const to = literalValue(node, "to");
    return to ? `dial ${to}` : "dial";
  },
});
