import { getTranslations } from "next-intl/server";
import { titled } from "./_components/page-title";
import { SimpleMessagePage } from "./_components/SimpleMessagePage";

export const generateMetadata = titled("pageTitle.notFound");

export default async function NotFound() {
  const t = await getTranslations("errors");
  return <SimpleMessagePage title={t("notFoundTitle")} text={t("notFoundText")} />;
}
