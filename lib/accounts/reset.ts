import type { Db } from "@/db/client";
import { takeRateLimited } from "@/lib/http/rate-limit";
import { deliverLinks } from "./deliver";
import { mailEnabled } from "./mail";
import { findUserByEmail, inviteAgain } from "./users";

const perEmail = { limit: 3, windowMs: 60 * 60_000 };
const perAddress = { limit: 20, windowMs: 60 * 60_000 };

/**
 * "Forgot my password": e-mails a reset link when the account exists. The answer does not say whether it exists;
 * without SMTP there is no way to deliver the link, so the person is sent to their instructor.
 */
export async function requestPasswordReset(db: Db, email: string, ip: string, locale?: string): Promise<"sent" | "no_mail" | "rate_limited" | "invalid_email"> {
  if (!mailEnabled()) return "no_mail";
  const address = email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(address) || address.length > 254) return "invalid_email";
  const [byEmail, byIp] = [await takeRateLimited(db, `reset:email:${address}`, perEmail), await takeRateLimited(db, `reset:ip:${ip}`, perAddress)];
  if (!byEmail.ok || !byIp.ok) return "rate_limited";
  const link = await inviteAgain(db, address, "reset");
  const user = link.ok ? await findUserByEmail(db, address) : null;
  if (link.ok && user) await deliverLinks([{ email: address, name: user.name, token: link.token }], { purpose: "reset", locale });
  return "sent";
}
