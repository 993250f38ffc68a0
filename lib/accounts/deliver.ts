import { sendAccountMail } from "./mail";
import { passwordLinkFor, type TokenPurpose } from "./tokens";

export interface Delivered {
  email: string;
  name: string;
  link: string;
  /** false: no SMTP server configured, the link is to be copied by whoever made it */
  mailed: boolean;
}

/** E-mails each link when SMTP is configured; the links are always returned (shown when not mailed). */
export async function deliverLinks(
  people: { email: string; name: string; token: string }[],
  options: { purpose: TokenPurpose; locale?: string; courseTitle?: string },
): Promise<Delivered[]> {
  const out: Delivered[] = [];
  for (const person of people) {
    const link = passwordLinkFor(person.token);
    const mailed = await sendAccountMail({ to: person.email, name: person.name, link, purpose: options.purpose, locale: options.locale, courseTitle: options.courseTitle });
    out.push({ email: person.email, name: person.name, link, mailed });
  }
  return out;
}
