import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ErrorPage from "./error";

// The error page is what a person sees when a page fails: it must offer a way on, and never
// show the error's own message (a server error's text can carry internals).
describe("the error page", () => {
  const render = (error: unknown) => renderToStaticMarkup(createElement(ErrorPage, { error, retry: () => {} }));

  it("offers Try again and the ways back, under its own title", () => {
    const html = render(new Error("boom"));
    expect(html).toContain("<title>Something went wrong · Gatehouse</title>");
    expect(html).toContain(">Try again</button>");
    expect(html).toContain('href="/workspaces"');
    expect(html).toContain('href="/login"');
  });

  it("shows the digest that matches the server's log, never the message", () => {
    const html = render(Object.assign(new Error("secret internals at /srv/db"), { digest: "4242" }));
    expect(html).toContain("<code>4242</code>");
    expect(html).not.toContain("secret internals");
  });
});
