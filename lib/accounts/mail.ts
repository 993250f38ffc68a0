import nodemailer from "nodemailer";
import { translatorFor } from "@/domain/i18n/translator";
import { accountConfig } from "./config";
import type { TokenPurpose } from "./tokens";

export interface AccountMail {
  to: string;
  name: string;
  link: string;
  purpose: TokenPurpose;
  /** the course's language for invitations, else the platform default */
  locale?: string;
  courseTitle?: string;
}

/** Whether links go out by e-mail (SMTP_URL set) or are shown to whoever created them. */
export const mailEnabled = (): boolean => Boolean(accountConfig().SMTP_URL);

let transport: { url: string; sender: nodemailer.Transporter } | undefined;

function transporter(url: string): nodemailer.Transporter {
  if (transport?.url !== url) transport = { url, sender: nodemailer.createTransport(url) };
  return transport.sender;
}

/** Sends an invitation or reset link; false when no SMTP server is configured (the caller shows the link). */
export async function sendAccountMail(mail: AccountMail): Promise<boolean> {
  const { SMTP_URL, MAIL_FROM } = accountConfig();
  if (!SMTP_URL) return false;
  const { t } = await translatorFor(mail.locale);
  const values = { name: mail.name, link: mail.link, course: mail.courseTitle ?? "Forja" };
  await transporter(SMTP_URL).sendMail({
    from: MAIL_FROM,
    to: mail.to,
    subject: t(`mail.${mail.purpose}.subject`, values),
    text: t(`mail.${mail.purpose}.body`, values),
  });
  return true;
}
