import { WEBHOOK_SETTINGS } from "../../shared/settings";
import { HTTP_URL, WEBHOOK_PATH, joinUrlPath } from "../../shared/formats";
import { preselectOnlyAccount } from "../../editor/account";
import { numberSettingDefault } from "../../editor/fields";
import { webhookLink } from "../../editor/webhook-link";

/** What the runtime's editor settings tell us (httpNodeRoot, and the context stores when several are set). */
interface EditorSettings {
  httpNodeRoot?: string;
  context?: { default?: string; stores?: string[] };
}

/** The URL to paste into the Telnyx portal: the public base (else this editor's origin), httpNodeRoot, the path. */
function fullUrl(publicUrl: string, path: string): string {
  const settings = RED.settings as unknown as EditorSettings;
  const base = publicUrl.trim().replace(/\/+$/, "") || window.location.origin;
  return base + joinUrlPath(settings.httpNodeRoot ?? "/", path.trim() || "/");
}

RED.nodes.registerType("telnyx-webhook", {
  category: "telnyx",
  color: "#00E3AA",
  icon: "telnyx-webhook.svg",
  inputs: 0,
  outputs: 1,
  defaults: {
    name: { value: "" },
    account: {
      value: "",
      type: "telnyx-config",
      required: false,
      // Needed to verify signatures; only a node that skips verification (testing) may do without.
      validate: function (this: { skipVerification?: boolean }, value: string) {
        const box = $("#node-input-skipVerification");
        const skipping = box.length ? box.is(":checked") : this.skipVerification === true;
        return skipping || (typeof value === "string" && value !== "" && value !== "_ADD_");
      },
    },
    url: { value: "/telnyx/events", required: true, validate: (v: string) => WEBHOOK_PATH.test(String(v ?? "").trim()) },
    publicUrl: { value: "", validate: (v: string) => !v || HTTP_URL.test(v.trim()) },
    mode: { value: "events" as string },
    eventTypes: { value: "" },
    toleranceSecs: numberSettingDefault(WEBHOOK_SETTINGS.toleranceSecs, true),
    dedupeMinutes: numberSettingDefault(WEBHOOK_SETTINGS.dedupeMinutes, true),
    dedupeStore: { value: "" },
    maxBodyKb: numberSettingDefault(WEBHOOK_SETTINGS.maxBodyKb, true),
    texmlTimeoutSecs: numberSettingDefault(WEBHOOK_SETTINGS.texmlTimeoutSecs, true),
    texmlFallback: { value: "" },
    skipVerification: { value: false },
    handOffWaited: { value: false },
    trustQuery: { value: false },
    maxSeenIds: numberSettingDefault(WEBHOOK_SETTINGS.maxSeenIds, true),
    bodyTimeoutSecs: numberSettingDefault(WEBHOOK_SETTINGS.bodyTimeoutSecs, true),
  },
  onadd: preselectOnlyAccount,
  paletteLabel: "webhook",
  label: function () {
    return this.name || (this.mode === "texml" ? `TeXML ${this.url}` : this.url) || "webhook";
  },
  labelStyle: function () {
    return this.name ? "node_label_italic" : "";
  },
  outputLabels: function () {
    return this.mode === "texml" ? "TeXML request (msg.res)" : "event";
  },
  oneditprepare: function () {
    const node = this as unknown as { dedupeStore?: string };

    // Context stores for repeats: this node's memory, or a named store from settings.js.
    const storeSelect = $("#node-input-dedupeStore");
    const stores = (RED.settings as unknown as EditorSettings).context?.stores ?? [];
    // this._ reads the node's own catalog; RED._ would look in the editor's.
    storeSelect.append($("<option>").val("").text(this._("telnyx-webhook.store.memory")));
    const names = [...stores];
    if (node.dedupeStore && !names.includes(node.dedupeStore)) names.push(node.dedupeStore);
    for (const name of names) storeSelect.append($("<option>").val(name).text(name));
    storeSelect.val(node.dedupeStore ?? "");

    const mode = $("#node-input-mode");
    const showMode = () => {
      const texml = mode.val() === "texml";
      $(".telnyx-webhook-events").toggle(!texml);
      $(".telnyx-webhook-texml").toggle(texml);
    };
    mode.on("change", showMode);
    showMode();

    const skip = $("#node-input-skipVerification");
    const showSkip = () => {
      $("#telnyx-webhook-skip-tip").toggle(skip.is(":checked"));
      $("#node-input-account").trigger("change"); // re-validate: the account is optional only while skipping
    };
    skip.on("change", showSkip);
    showSkip();

    const trust = $("#node-input-trustQuery");
    const showTrust = () => $("#telnyx-webhook-trust-tip").toggle(trust.is(":checked"));
    trust.on("change", showTrust);
    showTrust();

    const urlText = $("#telnyx-webhook-full-url");
    const showUrl = () => urlText.text(fullUrl(String($("#node-input-publicUrl").val() ?? ""), String($("#node-input-url").val() ?? "")));
    $("#node-input-url, #node-input-publicUrl").on("input change", showUrl);
    showUrl();

    $("#telnyx-webhook-copy").on("click", (event) => {
      event.preventDefault();
      // The editor's own "Value copied" (copyText translates the key in the editor's catalog).
      RED.clipboard.copyText(urlText.text(), event.currentTarget as HTMLElement, "clipboard.copyMessageValue");
    });

    const link = webhookLink({
      t: (key, substitutions) => this._(key, substitutions),
      url: () => urlText.text(),
      account: () => String($("#node-input-account").val() ?? ""),
      mode: () => String(mode.val()),
    });
    mode.on("change", link.refresh);
    $("#node-input-url, #node-input-publicUrl").on("input change", link.refresh);
  },
});
