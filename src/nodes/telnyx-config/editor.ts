import { DEFAULT_BASE_URL } from "../../shared/defaults";
import { ACCOUNT_SETTINGS } from "../../shared/settings";
import { E164 } from "../../shared/formats";
import { redisUrlProblem } from "../../shared/redis-url";
import { explainingValidator, numberSettingDefault } from "../../editor/fields";
import { failureText, showOutcome } from "../../editor/outcome";

type Translate = (key: string, substitutions?: Record<string, string | number>) => string;

/** The account dialog's check for the webhook public key: base64 of exactly 32 bytes. */
function publicKeyProblem(value: string, t: Translate): string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return t("telnyx-config.errors.public-key-not-base64");
  const bytes = atob(text).length;
  return bytes === 32 ? undefined : t("telnyx-config.errors.public-key-length", { bytes });
}

RED.nodes.registerType("telnyx-config", {
  category: "config",
  defaults: {
    name: { value: "" },
    baseUrl: { value: "", validate: (v: string) => v === "" || /^https?:\/\/\S+$/.test(v) },
    connectionId: { value: "" },
    fromNumber: { value: "", validate: (v: string) => v === "" || E164.test(v.trim()) },
    messagingProfileId: { value: "" },
    texmlAccountSid: { value: "" },
    texmlApplicationId: { value: "" },
    timeoutSecs: numberSettingDefault(ACCOUNT_SETTINGS.timeoutSecs, false),
    maxConcurrent: numberSettingDefault(ACCOUNT_SETTINGS.maxConcurrent, false),
    retrySends: { value: false },
    maxAnswerMB: numberSettingDefault(ACCOUNT_SETTINGS.maxAnswerMB, true),
    // A flow saved before this setting existed has none: that is "no Redis", not an invalid account.
    redisUrl: {
      value: "",
      validate: explainingValidator((v) => (v.trim() === "" ? undefined : redisUrlProblem(v.trim()))),
    },
    redisTls: { value: false },
  },
  credentials: {
    apiKey: { type: "password" },
    publicKey: { type: "text" },
    redisPassword: { type: "password" },
  },
  // What the Account dropdown ("Add new Telnyx account...") and the dialog's title call it.
  paletteLabel: "Telnyx account",
  label: function () {
    return this.name || "Telnyx account";
  },
  oneditprepare: function () {
    const node = this;
    // The node's own _ looks keys up in this package's catalog (RED._ would look in Node-RED's).
    const t: Translate = (key, substitutions) => node._(key, substitutions);
    const keyInput = $("#node-config-input-publicKey");
    const keyHint = $("#telnyx-config-public-key-problem");
    const checkKey = () => {
      const problem = publicKeyProblem(String(keyInput.val() ?? ""), t);
      keyInput.toggleClass("input-error", problem !== undefined);
      keyHint.text(problem ?? "").toggle(problem !== undefined);
    };
    keyInput.on("input change", checkKey);
    checkKey();
    $("#node-config-input-baseUrl").attr("placeholder", DEFAULT_BASE_URL);

    const result = $("#telnyx-config-test-result");
    $("#telnyx-config-test").on("click", (event) => {
      event.preventDefault();
      showOutcome(result, "waiting", t("telnyx-config.test.testing"));
      $.ajax({
        url: "telnyx-config/test",
        type: "POST",
        contentType: "application/json",
        data: JSON.stringify({
          id: node.id,
          apiKey: $("#node-config-input-apiKey").val(),
          baseUrl: $("#node-config-input-baseUrl").val(),
        }),
      })
        .done((answer: { ok: boolean; message: string }) => showOutcome(result, answer.ok ? "ok" : "failed", answer.message))
        .fail((xhr) => showOutcome(result, "failed", failureText(xhr, (status) => t("telnyx-config.test.request-failed", { status }))));
    });
  },
});
