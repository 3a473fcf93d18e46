// The webhook dialog's "Link": set this node's URL as the webhook URL of one of the account's Call
// Control applications, messaging profiles or TeXML applications, picked from a list the runtime reads
// from Telnyx (admin routes in src/nodes/lib/application-routes.ts, which keep the API key on the
// server), after a confirmation; the list marks the applications that point at this URL already.
import { applicationKindsFor, type ApplicationKind, type ApplicationSummary } from "../shared/applications";
import { failureText, showOutcome } from "./outcome";

type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

interface LinkDialog {
  t: Translate;
  /** The URL the node serves, as the dialog shows it now. */
  url: () => string;
  /** The account chosen in the dialog ("" or "_ADD_" when none). */
  account: () => string;
  /** The webhook node's mode: which kinds it can serve. */
  mode: () => string;
}

/** Loopback and private hosts, and plain names: Telnyx cannot deliver there. */
function looksPrivate(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return true;
  }
  return !host.includes(".") || /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.0\.0\.0|\[::1\])/.test(host) || host.endsWith(".local");
}

export function webhookLink(dialog: LinkDialog): { refresh: () => void } {
  const { t } = dialog;
  const kindSelect = $("#telnyx-webhook-link-kind");
  const choose = $("#telnyx-webhook-link-choose");
  const appSelect = $("#telnyx-webhook-link-application");
  const linked = $("#telnyx-webhook-link-linked");
  const result = $("#telnyx-webhook-link-result");
  let applications: ApplicationSummary[] = [];

  const kind = () => String(kindSelect.val()) as ApplicationKind;

  /** Lists the applications, each saying where it sends now; names those already sending here. */
  function render(): void {
    const url = dialog.url();
    const selected = appSelect.val();
    appSelect.empty();
    for (const app of applications) {
      const where = app.url === url ? t("telnyx-webhook.link.points-here") : app.url ? t("telnyx-webhook.link.points-to", { url: app.url }) : t("telnyx-webhook.link.no-url");
      $("<option>").val(app.id).text(`${app.name || app.id} (${where})`).appendTo(appSelect);
    }
    if (typeof selected === "string" && applications.some((app) => app.id === selected)) appSelect.val(selected);
    const here = applications.filter((app) => app.url === url).map((app) => app.name || app.id);
    linked.text(here.length ? t("telnyx-webhook.link.linked", { names: here.join(", ") }) : t("telnyx-webhook.link.none-linked"));
    $("#telnyx-webhook-link-set").prop("disabled", applications.length === 0);
    choose.toggle(true);
  }

  /** The kinds this mode can serve; a change of mode or URL forgets the list read before. */
  function refresh(): void {
    const kinds = applicationKindsFor(dialog.mode());
    const current = kind();
    kindSelect.empty();
    for (const k of kinds) $("<option>").val(k).text(t(`telnyx-webhook.link.kind.${k}`)).appendTo(kindSelect);
    kindSelect.val(kinds.includes(current) ? current : kinds[0]);
    $("#telnyx-webhook-link-public").toggle(looksPrivate(dialog.url()));
    if (applications.length) render();
  }

  function accountOrSay(): string | undefined {
    const account = dialog.account();
    if (account && account !== "_ADD_") return account;
    showOutcome(result, "failed", t("telnyx-webhook.link.no-account"));
    return undefined;
  }

  function load(): void {
    const account = accountOrSay();
    if (!account) return;
    applications = [];
    choose.hide();
    showOutcome(result, "waiting", t("telnyx-webhook.link.loading"));
    $.ajax({ url: "telnyx-config/applications", data: { account, kind: kind() }, dataType: "json" })
      .done((answer: { items: ApplicationSummary[]; truncated: boolean }) => {
        applications = answer.items;
        render();
        const count = applications.length;
        showOutcome(result, "ok", t(answer.truncated ? "telnyx-webhook.link.loaded-first" : "telnyx-webhook.link.loaded", { count }));
      })
      .fail((xhr) => showOutcome(result, "failed", failureText(xhr, (status) => t("telnyx-webhook.link.request-failed", { status }))));
  }

  function confirmAndLink(): void {
    const account = accountOrSay();
    const app = applications.find((candidate) => candidate.id === appSelect.val());
    if (!account || !app) return;
    const url = dialog.url();
    const question = $("<div>");
    $("<p>").text(t("telnyx-webhook.link.confirm", { kind: t(`telnyx-webhook.link.kind.${app.kind}`), name: app.name || app.id, url })).appendTo(question);
    if (app.url) $("<p>").text(t("telnyx-webhook.link.replaces", { url: app.url })).appendTo(question);
    if (app.apiVersion !== undefined && app.apiVersion !== "2") $("<p>").text(t("telnyx-webhook.link.api-v2")).appendTo(question);
    const notification = RED.notify(question, {
      modal: true,
      fixed: true,
      type: "warning",
      buttons: [
        { text: t("telnyx-webhook.link.cancel"), click: () => close() },
        {
          id: "telnyx-webhook-link-confirm",
          text: t("telnyx-webhook.link.set"),
          class: "primary",
          click: () => {
            close();
            send(account, app, url);
          },
        },
      ],
    }) as unknown as { close(): void };
    const close = () => notification.close();
  }

  function send(account: string, app: ApplicationSummary, url: string): void {
    showOutcome(result, "waiting", t("telnyx-webhook.link.linking", { name: app.name || app.id }));
    $.ajax({ url: "telnyx-config/applications/link", type: "POST", contentType: "application/json", dataType: "json", data: JSON.stringify({ account, kind: app.kind, id: app.id, url }) })
      .done((answer: { application: ApplicationSummary }) => {
        applications = applications.map((candidate) => (candidate.id === answer.application.id ? answer.application : candidate));
        render();
        showOutcome(result, "ok", t("telnyx-webhook.link.done", { name: answer.application.name || answer.application.id, url: answer.application.url ?? url }));
      })
      .fail((xhr) => showOutcome(result, "failed", failureText(xhr, (status) => t("telnyx-webhook.link.request-failed", { status }))));
  }

  kindSelect.on("change", () => {
    applications = [];
    choose.hide();
    result.hide();
  });
  $("#telnyx-webhook-link-load").on("click", (event) => {
    event.preventDefault();
    load();
  });
  $("#telnyx-webhook-link-set").on("click", (event) => {
    event.preventDefault();
    confirmAndLink();
  });
  refresh();
  return { refresh };
}
