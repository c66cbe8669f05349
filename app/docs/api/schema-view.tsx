// Renders the OpenAPI document's JSON Schemas and Markdown as plain HTML for /docs/api: a
// server component, no script. Components are linked by name (#schema-Name), never expanded
// inline, so a page stays short and a shape is described in one place.
import { Fragment, type ReactNode } from "react";

/** A JSON Schema (2020-12) node as the document holds it. */
export type JsonSchema = { [keyword: string]: unknown };

const COMPONENT_REF = "#/components/schemas/";

/** The name of a `$ref` to a component schema, or null. */
export function componentName(schema: JsonSchema): string | null {
  return typeof schema.$ref === "string" && schema.$ref.startsWith(COMPONENT_REF) ? schema.$ref.slice(COMPONENT_REF.length) : null;
}

export const schemaAnchor = (name: string) => `schema-${name}`;

/** The document's inline Markdown: `code` and **bold**; blank lines separate paragraphs. */
export function Markdown({ text }: { text: string }) {
  return text.split(/\n{2,}/).map((paragraph, index) => <p key={index}>{inline(paragraph)}</p>);
}

export function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, index) => {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 1) return <code key={index}>{part.slice(1, -1)}</code>;
    if (part.startsWith("**") && part.endsWith("**") && part.length > 3) return <strong key={index}>{part.slice(2, -2)}</strong>;
    return <Fragment key={index}>{part}</Fragment>;
  });
}

const asSchemas = (value: unknown): JsonSchema[] => (Array.isArray(value) ? (value as JsonSchema[]) : []);

/** What a value is, in one short phrase: `string (uuid)`, `array of Role`, `one of "a", "b"`, `integer or null`. */
export function TypeLabel({ schema }: { schema: JsonSchema }): ReactNode {
  const name = componentName(schema);
  if (name) return <a href={`#${schemaAnchor(name)}`}>{name}</a>;
  if ("const" in schema) return <code>{JSON.stringify(schema.const)}</code>;
  if (Array.isArray(schema.enum)) {
    return (
      <>
        one of{" "}
        {schema.enum.map((value, index) => (
          <Fragment key={index}>
            {index > 0 && ", "}
            <code>{JSON.stringify(value)}</code>
          </Fragment>
        ))}
      </>
    );
  }
  const choices = asSchemas(schema.anyOf ?? schema.oneOf);
  if (choices.length) return <Alternatives schemas={choices} />;
  if (schema.type === "array") {
    const items = (schema.items ?? {}) as JsonSchema;
    return isObject(items) && !componentName(items) ? (
      <>array of objects</>
    ) : (
      <>
        array of <TypeLabel schema={items} />
      </>
    );
  }
  if (schema.type === "object" && !schema.properties && isObject(schema.additionalProperties as JsonSchema)) {
    return (
      <>
        map of string to <TypeLabel schema={schema.additionalProperties as JsonSchema} />
      </>
    );
  }
  const types = Array.isArray(schema.type) ? schema.type.join(" or ") : typeof schema.type === "string" ? schema.type : "any JSON value";
  return typeof schema.format === "string" ? `${types} (${schema.format})` : types;
}

function Alternatives({ schemas }: { schemas: JsonSchema[] }) {
  return schemas.map((choice, index) => (
    <Fragment key={index}>
      {index > 0 && " or "}
      <TypeLabel schema={choice} />
    </Fragment>
  ));
}

const isObject = (schema: JsonSchema | undefined): boolean => Boolean(schema && typeof schema === "object" && (schema.type === "object" || schema.properties));

/** Bounds and defaults worth knowing before sending a value. */
function constraints(schema: JsonSchema): string[] {
  const said: string[] = [];
  if (schema.minLength !== undefined) said.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) said.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) said.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) said.push(`≤ ${schema.maximum}`);
  if (schema.maxItems !== undefined) said.push(`at most ${schema.maxItems} items`);
  if (typeof schema.pattern === "string") said.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) said.push(`default ${JSON.stringify(schema.default)}`);
  return said;
}

/** The fields of an object schema as a list, nested objects (and arrays of them) expanded; anything else as its type. */
export function SchemaView({ schema }: { schema: JsonSchema }) {
  const variants = asSchemas(schema.oneOf ?? schema.anyOf);
  if (variants.length && variants.every((variant) => isObject(variant) && !componentName(variant))) {
    return (
      <ul className="schema-fields">
        {variants.map((variant, index) => (
          <li key={index}>
            one shape: <SchemaView schema={variant} />
          </li>
        ))}
      </ul>
    );
  }
  const items = (schema.items ?? {}) as JsonSchema;
  if (schema.type === "array" && isObject(items) && !componentName(items)) {
    return (
      <div>
        <p className="schema-type">An array; each item:</p>
        <SchemaView schema={items} />
      </div>
    );
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (!isObject(schema) || componentName(schema) || Object.keys(properties).length === 0) {
    return (
      <p className="schema-type">
        <TypeLabel schema={schema} />
        {typeof schema.description === "string" && <> — {inline(schema.description)}</>}
      </p>
    );
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return (
    <ul className="schema-fields">
      {Object.entries(properties).map(([name, property]) => {
        const nested = (property.type === "array" ? property.items : property) as JsonSchema;
        const expand = isObject(nested) && !componentName(nested) && Object.keys(nested.properties ?? {}).length > 0;
        const limits = constraints(property);
        return (
          <li key={name}>
            <code>{name}</code> <span className="schema-type">{expand && property.type !== "array" ? "object" : <TypeLabel schema={property} />}</span>
            {!required.has(name) && <span className="muted"> (optional)</span>}
            {limits.length > 0 && <span className="muted"> · {limits.join(", ")}</span>}
            {typeof property.description === "string" && <> — {inline(property.description)}</>}
            {expand && <SchemaView schema={nested} />}
          </li>
        );
      })}
    </ul>
  );
}
