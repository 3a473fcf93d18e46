// The one field language: declare (declare.ts) -> check (check.ts) -> describe (describe.ts).
export * from "./declare";
export { check, didYouMean, inputError, isPlainObject, test, type Checked } from "./check";
export { describe, formOf, missingText, oneOfText, type FieldForm } from "./describe";
export { FORMATS, MAX_DISPLAY_NAME_CHARS, type FormatName } from "./formats";
