// The speak node's dialog: its labels. Rows, checks and outcomes come from SPEAK; the build writes the
// registration after this (scripts/node-forms.mjs).
import { SPEAK } from "../../shared/operations/call-control";
import { literalValue } from "../../editor/fields";
import { operationDialog } from "../../editor/operation-dialog";

export const dialog = operationDialog("telnyx-speak", SPEAK, {
  paletteLabel: "speak",
  inputLabels: "call",
  outputLabel: "speak queued",
  label: (node) => {
    const text = literalValue(node, "text");
    return text ? `speak "${text.length > 20 ? text.slice(0, 19) + "…" : text}"` : "speak";
  },
});
