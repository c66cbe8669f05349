// The frame every Gatehouse e-mail shares: one column, the product name, the message, a footer
// saying why it was sent. Plain inline styles only: mail clients ignore style sheets.
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", border: "1px solid #e3e5e8", borderRadius: "8px", margin: "0 auto", maxWidth: "520px", padding: "32px" },
  brand: { color: "#5b6270", fontSize: "13px", letterSpacing: "0.08em", margin: "0 0 16px", textTransform: "uppercase" as const },
  heading: { color: "#1d2330", fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" },
  footer: { color: "#6b7280", fontSize: "12px", lineHeight: "18px", margin: 0 },
};

export const textStyle = { color: "#1d2330", fontSize: "15px", lineHeight: "24px", margin: "0 0 16px" };
export const buttonStyle = { backgroundColor: "#1f4fd1", borderRadius: "6px", color: "#ffffff", display: "inline-block", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" };
export const linkStyle = { color: "#1f4fd1", wordBreak: "break-all" as const };

export function EmailLayout({ preview, heading, footer, children }: { preview: string; heading: string; footer: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>Gatehouse</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e3e5e8", margin: "24px 0 16px" }} />
          <Text style={styles.footer}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** An instant as people read it in an e-mail, in UTC so every reader sees the same time. */
export function formatInstant(iso: string): string {
  return `${new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso))} UTC`;
}

/** A one-time link's button, when it expires, and the address itself for clients that drop buttons. */
export function OneTimeLinkButton({ url, label, expiresAt }: { url: string; label: string; expiresAt: string }) {
  return (
    <>
      <Button href={url} style={buttonStyle}>
        {label}
      </Button>
      <Text style={textStyle}>The link works once and expires on {formatInstant(expiresAt)}.</Text>
      <Text style={textStyle}>
        If the button does not work, open this address: <Link href={url} style={linkStyle}>{url}</Link>
      </Text>
    </>
  );
}
