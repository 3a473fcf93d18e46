// How many SMS parts (segments) a text takes, the way Telnyx counts them
// (developers.telnyx.com/docs/messaging/messages/message-encoding): GSM-7 holds 160 characters in one
// part or 153 per part when split, and ~^|\{}[] take two; anything outside Telnyx's GSM set makes the
// message UTF-16, 70 code units in one part or 67 per part (an emoji takes two units).

const GSM_BASIC = new Set(
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\r !\"#$%&'()*+,-./:;<=>?@_" +
    "£¥èéùìòØøÅåÆæßÉ¡ÄÖÑÜ¿äöñüà",
);
const GSM_ESCAPED = new Set("~^|\\{}[]");

/** Carriers reject concatenated SMS beyond 10 parts (Telnyx error 40302) unless the profile chunks them. */
export const MAX_SMS_PARTS = 10;

export interface SmsParts {
  encoding: "GSM-7" | "UTF-16";
  parts: number;
}

export function countSmsParts(text: string): SmsParts {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_ESCAPED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: "GSM-7", parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length; // UTF-16 code units
  return { encoding: "UTF-16", parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}
