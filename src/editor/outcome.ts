// One line in a dialog saying how something it asked the runtime for went (Test connection, linking a
// webhook): a spinner while waiting, then a green tick or a red cross with the reason. The reason stays
// on one line (the whole text is in its tooltip when it does not fit).

export type OutcomeState = "waiting" | "ok" | "failed";

const ICONS: Record<OutcomeState, string> = { waiting: "fa-spinner fa-spin", ok: "fa-check-circle", failed: "fa-times-circle" };
// Node-RED's own colours for success and error text, with its light theme's values as fallbacks.
const COLOURS: Record<OutcomeState, string> = {
  waiting: "",
  ok: "var(--red-ui-text-color-success, #3a3)",
  failed: "var(--red-ui-text-color-error, #ad1625)",
};

export function showOutcome(line: JQuery, state: OutcomeState, text: string): void {
  line
    .attr({ "data-state": state, title: text, role: "status" })
    .css({ color: COLOURS[state], whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" })
    .empty()
    .append($("<i>").addClass(`fa ${ICONS[state]}`), " ", $("<span>").text(text))
    .show();
}

/** The message of a failed admin request: the route's own `message`, else the HTTP status. */
export function failureText(xhr: JQuery.jqXHR, fallback: (status: number) => string): string {
  const message = (xhr.responseJSON as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message !== "" ? message : fallback(xhr.status);
}
