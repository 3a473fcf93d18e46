// The answer node's dialog: its labels. Rows, checks and outcomes come from ANSWER; the build writes the
// registration after this (scripts/node-forms.mjs).
import { ANSWER } from "../../shared/operations/call-control";
import { operationDialog } from "../../editor/operation-dialog";

export const dialog = operationDialog("telnyx-answer", ANSWER, { paletteLabel: "answer", inputLabels: "incoming call", outputLabel: "answered" });
