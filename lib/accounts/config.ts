import { config } from "@/platform/config";

/** Account settings (platform/config.ts parses and validates them with every other variable). */
export interface AccountConfig {
  /** where links in e-mails and on the roster point (the app's public address) */
  NEXTAUTH_URL: string;
  /** smtp://user:pass@host:port or smtps://…; unset = no e-mail, links are shown to the instructor instead */
  SMTP_URL: string | undefined;
  MAIL_FROM: string;
  INVITE_TTL_HOURS: number;
  RESET_TTL_HOURS: number;
}

export function accountConfig(env?: NodeJS.ProcessEnv): AccountConfig {
  const { NEXTAUTH_URL, SMTP_URL, MAIL_FROM, INVITE_TTL_HOURS, RESET_TTL_HOURS } = config(env).raw;
  return { NEXTAUTH_URL: NEXTAUTH_URL ?? "http://127.0.0.1:3000", SMTP_URL, MAIL_FROM, INVITE_TTL_HOURS, RESET_TTL_HOURS };
}
