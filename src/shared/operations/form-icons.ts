// The icon of each row of the operation nodes' dialogs, by node property (Font Awesome 4, as Node-RED
// ships it). The build writes the rows from the descriptors (scripts/node-forms.mjs) with these; a form
// entry that wants another icon in one node names it (`icon` on the entry, as send SMS does). A field with
// no icon here gets a pencil.
export const FORM_ICONS: Readonly<Record<string, string>> = {
  // Calls
  callControlId: "fa-phone-square",
  to: "fa-phone",
  from: "fa-mobile",
  connectionId: "fa-plug",
  fromDisplayName: "fa-id-card-o",
  timeoutSecs: "fa-hourglass-half",
  timeLimitSecs: "fa-clock-o",
  answeringMachineDetection: "fa-android",
  answeringMachineDetectionConfig: "fa-cogs",
  customHeaders: "fa-list",
  webhookUrl: "fa-link",
  cause: "fa-ban",
  bridgeWith: "fa-link",
  pageLimit: "fa-list-ol",
  // Audio, speech and recording
  audioUrl: "fa-music",
  mediaName: "fa-file-audio-o",
  loop: "fa-repeat",
  text: "fa-commenting",
  voice: "fa-user-circle",
  payloadType: "fa-code",
  language: "fa-language",
  serviceLevel: "fa-star-half-o",
  voiceSettings: "fa-sliders",
  stop: "fa-stop",
  targetLegs: "fa-exchange",
  record: "fa-circle",
  recordFormat: "fa-file-audio-o",
  recordChannels: "fa-columns",
  format: "fa-file-audio-o",
  channels: "fa-columns",
  maxLength: "fa-clock-o",
  playBeep: "fa-bell",
  recordingId: "fa-circle",
  // Gathering digits
  validDigits: "fa-th",
  minimumDigits: "fa-sort-numeric-asc",
  maximumDigits: "fa-sort-numeric-desc",
  terminatingDigit: "fa-hashtag",
  timeoutMillis: "fa-hourglass-half",
  invalidPayload: "fa-exclamation-circle",
  gatherId: "fa-tag",
  digits: "fa-th",
  durationMillis: "fa-clock-o",
  // Messages
  mediaUrls: "fa-picture-o",
  subject: "fa-header",
  messagingProfileId: "fa-comments",
  // Every operation node: the rows the build adds after the form
  clientState: "fa-bookmark",
  commandId: "fa-key",
  options: "fa-sliders",
};
