// Node-RED settings for `npm start`: Node-RED's own defaults (node_modules/node-red/settings.js, the file
// a new user directory gets), without the two first-run questions a developer would otherwise answer on
// every fresh .node-red-dev/: whether to check for Node-RED updates (the telemetry prompt; an explicit
// `enabled: false` is what makes Node-RED not ask) and the welcome tour.
const defaults = require("node-red/settings.js");

module.exports = {
  ...defaults,
  telemetry: { ...defaults.telemetry, enabled: false, updateNotification: false },
  editorTheme: { ...defaults.editorTheme, tours: false },
};
