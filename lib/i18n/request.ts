import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale, localeCookie } from "@/domain/i18n/config";
import { loadMessages } from "@/domain/i18n/messages";

export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(localeCookie)?.value;
  const locale = isLocale(chosen) ? chosen : defaultLocale;
  return { locale, messages: await loadMessages(locale), timeZone: "America/Sao_Paulo" };
});
