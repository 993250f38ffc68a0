import { z } from "zod";

/** Account settings, read and validated once from the environment. */
const schema = z.object({
  /** where links in e-mails and on the roster point (the app's public address) */
  NEXTAUTH_URL: z.string().url().default("http://127.0.0.1:3000"),
  /** smtp://user:pass@host:port or smtps://…; unset = no e-mail, links are shown to the instructor instead */
  SMTP_URL: z.string().url().optional().or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Forja <no-reply@forja.local>"),
  INVITE_TTL_HOURS: z.coerce.number().positive().default(7 * 24),
  RESET_TTL_HOURS: z.coerce.number().positive().default(2),
});

export type AccountConfig = z.infer<typeof schema>;

export function accountConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
