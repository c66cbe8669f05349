"use client";

import { useEffect, useRef, useState } from "react";
import { CopyButton } from "@/app/ui/copy-button";

/**
 * The recovery codes, shown once: copy and download (.txt), and the heading takes focus so a
 * screen reader announces them.
 */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState("");
  useEffect(() => heading.current?.focus(), []);
  const text = `Gatehouse recovery codes\nEach code works once. Keep them somewhere safe.\n\n${codes.join("\n")}\n`;

  return (
    <section className="recovery-codes" aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title" ref={heading} tabIndex={-1}>
        Save your recovery codes
      </h3>
      <p>
        If your phone is lost, each of these codes signs you in once instead of a 6-digit code. <strong>They are shown only now.</strong> Copy or download them and keep
        them somewhere safe, such as a password manager.
      </p>
      <ul className="codes mono" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="actions">
        <CopyButton text={text} copied="Copied the recovery codes." refused="Copying is not allowed here: select the codes and copy them, or download them." onResult={setStatus}>
          Copy codes
        </CopyButton>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
            const link = document.createElement("a");
            link.href = url;
            link.download = "gatehouse-recovery-codes.txt";
            document.body.append(link);
            link.click();
            link.remove();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
            setStatus("Downloaded gatehouse-recovery-codes.txt.");
          }}
        >
          Download .txt
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
    </section>
  );
}
