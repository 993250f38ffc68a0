"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { localeCookie, locales } from "@/domain/i18n/config";

const localeSchema = z.enum(locales);

export async function setLocale(formData: FormData): Promise<void> {
  const parsed = localeSchema.safeParse(formData.get("locale"));
  if (!parsed.success) return;
  (await cookies()).set(localeCookie, parsed.data, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
