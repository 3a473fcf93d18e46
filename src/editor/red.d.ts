// The editor's global RED object (typed by @types/node-red__editor-client).
import type { RED as EditorRED } from "@node-red/editor-client";

declare global {
  const RED: EditorRED;
}
