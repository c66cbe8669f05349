// /docs/api — the API reference: the OpenAPI document of /uauth/openapi.json rendered on the
// server into plain HTML with the app's own styles (no script, nothing from another site), so
// it reads offline. Operations grouped by tag; who may call, parameters, bodies, responses and
// every error code per status.
import type { Metadata } from "next";
import { openApiDocument } from "@/lib/api/openapi";
import { appEnv } from "@/lib/env";
import styles from "./api-docs.module.css";
import { inline, Markdown, SchemaView, schemaAnchor, type JsonSchema } from "./schema-view";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { title: "API reference" };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Response {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}

interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  security: unknown[];
  "x-gatehouse-authority"?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, Response>;
}

/** The id of a tag's section ("Workspace administration" → tag-Workspace-administration). */
const tagAnchor = (name: string) => `tag-${name.replace(/\W+/g, "-")}`;

interface Listed {
  method: string;
  path: string;
  operation: Operation;
}

/** The codes of an error response, from its description: one "`CODE`: when" paragraph each. */
function errorCodes(response: Response): { code: string; when: string }[] {
  return response.description.split(/\n{2,}/).map((line) => {
    const match = /^`([A-Z_]+)`: ([\s\S]*)$/.exec(line);
    return match ? { code: match[1]!, when: match[2]! } : { code: "", when: line };
  });
}

function OperationView({ method, path, operation }: Listed) {
  const statuses = Object.entries(operation.responses);
  const successes = statuses.filter(([status]) => Number(status) < 400 || !operation.responses[status]?.content?.["application/json"]?.schema?.allOf);
  const failures = statuses.filter((entry) => !successes.includes(entry));
  const body = operation.requestBody?.content["application/json"]?.schema;
  return (
    <article className={`card ${styles.operation}`} id={operation.operationId} aria-labelledby={`${operation.operationId}-title`}>
      <h3 id={`${operation.operationId}-title`} className={styles.title}>
        <span className={`${styles.method} ${styles[method]}`}>{method.toUpperCase()}</span> <code className={styles.path}>{path}</code>
      </h3>
      <p className={styles.summary}>{operation.summary}</p>
      <p>
        {operation.security.length === 0 ? (
          <span className="badge">No token</span>
        ) : (
          <span className="badge warn">Bearer token{operation.security.some((entry) => Object.keys(entry as object).length === 0) ? " (optional)" : ""}</span>
        )}
        {operation["x-gatehouse-authority"] && <span className="badge">{operation["x-gatehouse-authority"]}</span>}
      </p>
      <Markdown text={operation.description} />
      {/* Closed until asked for: the page lists every operation, and most readers want one. */}
      <details className={styles.details}>
        <summary>Parameters, body and responses</summary>
        {operation.parameters && operation.parameters.length > 0 && (
          <>
            <h4>Parameters</h4>
            <TableScroll label="Parameters">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">In</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {operation.parameters.map((parameter) => (
                    <tr key={`${parameter.in}-${parameter.name}`}>
                      <th scope="row">
                        <code>{parameter.name}</code>
                        {!parameter.required && <span className="muted"> (optional)</span>}
                      </th>
                      <td>{parameter.in}</td>
                      <td>
                        <SchemaView schema={{ ...parameter.schema, description: parameter.description ?? parameter.schema.description }} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        {body && (
          <>
            <h4>Request body (application/json)</h4>
            <SchemaView schema={body} />
          </>
        )}
        <h4>Responses</h4>
        {successes.map(([status, response]) => (
          <section key={status} className={styles.response} aria-label={`${status} response`}>
            <p>
              <strong>{status}</strong> {inline(response.description)}
              {response.content && Object.keys(response.content).length > 1 && <span className="muted"> ({Object.keys(response.content).join(" or ")})</span>}
            </p>
            {response.content?.["application/json"] && <SchemaView schema={response.content["application/json"].schema} />}
          </section>
        ))}
      </details>
      {failures.length > 0 && (
        <details className={styles.details}>
          <summary>Errors: {failures.map(([status]) => status).join(", ")}</summary>
          <TableScroll label="Errors">
            <table className="data-table">
              <caption className={styles.caption}>
                Errors, as the <a href={`#${schemaAnchor("Error")}`}>Error</a> envelope
              </caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Code</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {failures.flatMap(([status, response]) =>
                  errorCodes(response).map(({ code, when }) => (
                    <tr key={`${status}-${code}`}>
                      <td>{status}</td>
                      <td>
                        <code className={styles.code}>{code}</code>
                      </td>
                      <td>{inline(when)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </TableScroll>
        </details>
      )}
    </article>
  );
}

export default function ApiDocsPage() {
  const document = openApiDocument(appEnv().appUrl);
  const listed: Listed[] = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ method, path, operation })),
  );
  const tags = document.tags ?? [];
  const schemas = Object.entries((document.components?.schemas ?? {}) as Record<string, JsonSchema>);
  return (
    <div className={styles.page}>
      <h1>{document.info.title} reference</h1>
      {document.info.description && <Markdown text={document.info.description} />}
      <p>
        Base URL <code>{document.servers?.[0]?.url}</code> · OpenAPI {document.openapi} as JSON: <a href="/uauth/openapi.json">/uauth/openapi.json</a>
      </p>
      <nav aria-label="Operations" className={`card ${styles.contents}`}>
        <h2>Operations</h2>
        {tags.map((tag) => (
          <div key={tag.name}>
            <h3 className={styles.contentsTag}>
              <a href={`#${tagAnchor(tag.name)}`}>{tag.name}</a>
            </h3>
            <ul className="plain-list">
              {listed
                .filter((entry) => entry.operation.tags.includes(tag.name))
                .map(({ method, path, operation }) => (
                  <li key={operation.operationId}>
                    <a href={`#${operation.operationId}`}>
                      <code>
                        {method.toUpperCase()} {path}
                      </code>
                    </a>{" "}
                    {operation.summary}
                  </li>
                ))}
            </ul>
          </div>
        ))}
        <h3 className={styles.contentsTag}>
          <a href="#schemas">Schemas</a>
        </h3>
      </nav>
      {tags.map((tag) => (
        <section key={tag.name} id={tagAnchor(tag.name)} aria-labelledby={`${tagAnchor(tag.name)}-title`}>
          <h2 id={`${tagAnchor(tag.name)}-title`}>{tag.name}</h2>
          {tag.description && <p className="muted">{tag.description}</p>}
          {listed
            .filter((entry) => entry.operation.tags.includes(tag.name))
            .map((entry) => (
              <OperationView key={entry.operation.operationId} {...entry} />
            ))}
        </section>
      ))}
      <section id="schemas" aria-labelledby="schemas-title">
        <h2 id="schemas-title">Schemas</h2>
        {schemas.map(([name, schema]) => (
          <article key={name} id={schemaAnchor(name)} className={`card ${styles.operation}`} aria-labelledby={`${schemaAnchor(name)}-title`}>
            <h3 id={`${schemaAnchor(name)}-title`}>{name}</h3>
            {typeof schema.description === "string" && <p>{inline(schema.description)}</p>}
            <SchemaView schema={{ ...schema, description: undefined }} />
          </article>
        ))}
      </section>
    </div>
  );
}
