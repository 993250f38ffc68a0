import { getTranslations } from "next-intl/server";
import { SimpleMessagePage } from "./_components/SimpleMessagePage";

export default async function Forbidden() {
  const t = await getTranslations("errors");
  return <SimpleMessagePage title={t("forbiddenTitle")} text={t("forbiddenText")} />;
}
