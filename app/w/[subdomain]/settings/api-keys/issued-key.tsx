"use client";

import { useEffect, useId, useRef, useState } from "react";
import { CopyButton } from "@/app/ui/copy-button";
import type { IssuedKey } from "./actions";
import styles from "./api-keys.module.css";

/**
 * A key's secret, shown this once: read-only, with Copy; "Done" hands it back to the caller to
 * forget. It lives only in this component's state: never in the URL, the server-rendered page or
 * storage, so leaving or reloading the page loses it for good. The heading takes the focus, so a
 * screen reader announces it.
 */
export function IssuedKeyPanel({ title, issued, onDone }: { title: string; issued: IssuedKey; onDone: () => void }) {
  const titleId = useId();
  const fieldId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState("");
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className={styles.issuedKey} aria-labelledby={titleId}>
      <h3 id={titleId} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <p className={styles.warning}>
        <strong>This is the only time the key is shown.</strong> Copy it into your integration&apos;s secret store now: Gatehouse keeps only a hash of it and cannot show it
        again.
      </p>
      <div className="field">
        <label htmlFor={fieldId}>API key “{issued.name}”</label>
        <input id={fieldId} className="mono" readOnly value={issued.key} autoComplete="off" spellCheck={false} onFocus={(event) => event.currentTarget.select()} />
      </div>
      <div className="actions">
        <CopyButton text={issued.key} copied="Copied" refused="Copying is not allowed here: select the key and copy it." onResult={setStatus}>
          Copy
        </CopyButton>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}
