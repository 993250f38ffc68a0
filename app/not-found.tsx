import { getTranslations } from "next-intl/server";
import { SimpleMessagePage } from "./_components/SimpleMessagePage";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return <SimpleMessagePage title={t("notFoundTitle")} text={t("notFoundText")} />;
}
