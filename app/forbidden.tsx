import { getTranslations } from "next-intl/server";
import { titled } from "./_components/page-title";
import { SimpleMessagePage } from "./_components/SimpleMessagePage";

export const generateMetadata = titled("pageTitle.forbidden");

export default async function Forbidden() {
  const t = await getTranslations("errors");
  return <SimpleMessagePage title={t("forbiddenTitle")} text={t("forbiddenText")} />;
}
