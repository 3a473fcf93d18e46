// The telnyx-api dialog: the operation picker (the catalogue, loaded on demand from the node's admin route)
// and the field rows of the chosen operation. Here rather than in the node's editor.ts so that it ships
// once, in resources/, and the node's HTML stays small.
import { SchemaChecker, type ApiOperation, type Catalogue, type Schema } from "../shared/catalogue";
import { API_MAX_ITEMS_RANGE, DEFAULT_API_MAX_ITEMS } from "../shared/defaults";
import { numberInRange } from "../shared/settings";

export { DEFAULT_API_MAX_ITEMS };

/** The maxItems validator: a whole number, 0 (no cap) or more. */
export function maxItemsValid(value: string): boolean {
  return numberInRange(value, API_MAX_ITEMS_RANGE) !== undefined;
}

/** The typedInput types a field offers: literals of every JSON kind, or a value from msg, context, env, JSONata. */
const FIELD_TYPES = ["str", "num", "bool", "json", "msg", "flow", "global", "env", "jsonata"];

/** Loaded once per editor session, on the first dialog that needs it (never inlined into this HTML). */
let catalogue: Promise<{ catalogue: Catalogue; checker: SchemaChecker }> | undefined;

function loadCatalogue(): Promise<{ catalogue: Catalogue; checker: SchemaChecker }> {
  catalogue ??= new Promise((resolve, reject) => {
    $.getJSON("telnyx-api/catalogue")
      .done((data: Catalogue) => resolve({ catalogue: data, checker: new SchemaChecker(data.schemas) }))
      .fail((xhr) => {
        catalogue = undefined;
        reject(new Error(`${xhr.status} ${xhr.statusText}`));
      });
  });
  return catalogue;
}

interface FieldRow {
  key: string;
  name: string;
  schema: Schema;
  required: boolean;
}

/** The dialog's fields for an operation: path parameters, query parameters, the body's top-level fields. */
function fieldRows(op: ApiOperation, checker: SchemaChecker): FieldRow[] {
  const rows: FieldRow[] = op.params.map((p) => ({ key: `${p.in}:${p.name}`, name: p.name, schema: p.schema, required: p.required === true }));
  if (op.body?.schema && (op.body.type === "json" || op.body.type === "form")) {
    const { properties, required } = checker.properties(op.body.schema);
    for (const [name, schema] of Object.entries(properties)) rows.push({ key: `body:${name}`, name, schema, required: required.includes(name) });
  }
  return rows;
}

function literalType(schema: Schema, checker: SchemaChecker): string {
  const s = checker.resolve(schema);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (s.enum) return "str";
  if (type === "integer" || type === "number") return "num";
  if (type === "boolean") return "bool";
  if (type === "object" || type === "array" || s.properties || s.oneOf || s.anyOf) return "json";
  return "str";
}

interface ApiNode {
  operation?: string;
  values?: Record<string, { value?: string; type?: string }>;
  _(key: string, vars?: Record<string, string>): string;
}

/** oneditprepare: the list of operations, the search, and the chosen operation's fields. */
export function prepareApiDialog(node: ApiNode): void {
    const t = (key: string, vars?: Record<string, string>) => node._(key, vars);
    const saved: Record<string, { value?: string; type?: string }> = { ...(node.values ?? {}) };
    const list = $("#telnyx-api-operations");
    const details = $("#telnyx-api-details");
    const fieldsBox = $("#telnyx-api-fields");
    const search = $("#telnyx-api-search");
    const operationInput = $("#node-input-operation");
    list.css({ height: "220px", "overflow-y": "auto", border: "1px solid var(--red-ui-form-input-border-color, #ccc)", padding: "2px 4px", "font-size": "12px" });
    list.text(t("telnyx-api.hint.loading"));

    loadCatalogue().then(
      ({ catalogue: data, checker }) => {
        list.empty();
        const byTag = new Map<string, ApiOperation[]>();
        for (const op of data.operations) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
        for (const [tag, ops] of byTag) {
          const group = $('<div class="telnyx-api-group">').appendTo(list);
          $('<div class="telnyx-api-tag">').text(tag).css({ "font-weight": "bold", margin: "6px 0 2px" }).appendTo(group);
          for (const op of ops) {
            const item = $('<div class="telnyx-api-op">')
              .attr("data-id", op.id)
              .attr("data-search", `${op.id} ${op.method} ${op.path} ${op.summary} ${tag}`.toLowerCase())
              .css({ cursor: "pointer", padding: "1px 4px", "white-space": "nowrap", overflow: "hidden", "text-overflow": "ellipsis" })
              .appendTo(group);
            $("<code>").text(op.method).css({ "margin-right": "6px" }).appendTo(item);
            $("<span>").text(`${op.path} `).appendTo(item);
            $("<span>").text(op.summary).css({ opacity: 0.7 }).appendTo(item);
            item.on("click", () => choose(op));
          }
        }
        $('<div id="telnyx-api-none">').text(t("telnyx-api.hint.none")).hide().appendTo(list);

        const filter = () => {
          const words = String(search.val() ?? "").toLowerCase().split(/\s+/).filter(Boolean);
          let shown = 0;
          list.find(".telnyx-api-group").each(function () {
            let visible = 0;
            $(this).find(".telnyx-api-op").each(function () {
              const text = String($(this).attr("data-search"));
              const match = words.every((w) => text.includes(w));
              $(this).toggle(match);
              if (match) visible++;
            });
            $(this).toggle(visible > 0);
            shown += visible;
          });
          $("#telnyx-api-none").toggle(shown === 0);
        };
        search.on("input", filter);

        function readFields(): void {
          fieldsBox.find("input.telnyx-api-field").each(function () {
            const key = String($(this).attr("data-key"));
            saved[key] = { value: String($(this).typedInput("value") ?? ""), type: String($(this).typedInput("type")) };
          });
        }

        function choose(op: ApiOperation): void {
          readFields();
          operationInput.val(op.id).trigger("change");
          list.find(".telnyx-api-op").css({ background: "" }).removeClass("selected");
          list.find(`.telnyx-api-op[data-id="${op.id}"]`).css({ background: "var(--red-ui-list-item-background-selected, #ffebc7)" }).addClass("selected");
          details.empty();
          $("<div>").append($("<code>").text(`${op.method} ${op.path}`)).appendTo(details);
          $("<div>").text(`${op.summary} (${op.tag}) `).append(
            $("<a>").attr({ href: op.docs, target: "_blank", rel: "noopener" }).text(t("telnyx-api.hint.docs")),
          ).appendTo(details);
          fieldsBox.empty();
          const rows = fieldRows(op, checker);
          if (op.body && op.body.type !== "json" && op.body.type !== "form") $("<div>").text(t("telnyx-api.hint.upload")).appendTo(fieldsBox);
          $("<div>").css({ opacity: 0.8, margin: "4px 0" }).text(t(rows.length ? "telnyx-api.hint.fields" : "telnyx-api.hint.no-fields")).appendTo(fieldsBox);
          rows.forEach((row, i) => {
            const line = $('<div class="form-row telnyx-api-row">').attr("data-key", row.key).appendTo(fieldsBox);
            const where = row.key.slice(0, row.key.indexOf(":"));
            $("<label>")
              .attr({ for: `telnyx-api-field-${i}`, title: `${where}: ${row.name}` })
              .css({ overflow: "hidden", "text-overflow": "ellipsis", "white-space": "nowrap" })
              .text(`${row.name}${row.required ? " *" : ""}`)
              .appendTo(line);
            const input = $('<input type="text" class="telnyx-api-field">')
              .attr({ id: `telnyx-api-field-${i}`, "data-key": row.key, placeholder: `${where}: ${checker.describe(row.schema)}` })
              .css({ width: "70%" })
              .appendTo(line);
            const stored = saved[row.key];
            input.typedInput({ default: literalType(row.schema, checker), types: FIELD_TYPES as never });
            if (stored?.type) input.typedInput("type", stored.type);
            if (stored?.value !== undefined) input.typedInput("value", stored.value);
          });
          // Pages apply to operations that list; the row stays in place, greyed out for the others.
          $("#node-input-pages, #node-input-maxItems").prop("disabled", op.list === undefined);
        }

        const current = data.operations.find((op) => op.id === node.operation);
        if (current) {
          choose(current);
          const selected = list.find(".telnyx-api-op.selected")[0];
          selected?.scrollIntoView({ block: "nearest" });
        }
      },
      (err: Error) => list.text(t("telnyx-api.hint.failed", { message: err.message })),
    );
}

/** oneditsave: the fields of the chosen operation, as `values`. */
export function saveApiDialog(target: unknown): void {
    const node = target as { values: Record<string, { value: string; type: string }> };
    const values: Record<string, { value: string; type: string }> = {};
    $("#telnyx-api-fields input.telnyx-api-field").each(function () {
      const value = String($(this).typedInput("value") ?? "");
      const type = String($(this).typedInput("type"));
      if (value !== "" || type === "bool") values[String($(this).attr("data-key"))] = { value, type };
    });
    // Fields of an operation not chosen any more are dropped: only the operation's own fields are kept.
    // Only when the catalogue loaded: a dialog that could not show the fields keeps the node's as they were.
    if ($("#telnyx-api-operations .telnyx-api-op").length > 0) node.values = values;
}
