import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requirePlatformAccess } from "@/lib/auth/session";
import { toolBaseUrl, toolUrls } from "@/lib/lti/config";
import { listPlatforms } from "@/lib/lti/platforms";
import { PlatformForm } from "./PlatformForm";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("lti.admin.title");

/** Administrators: the addresses to give the LMS, and the platforms registered (`npm run admin -- lti add`). */
export default async function LtiAdminPage() {
  await requirePlatformAccess("user:manage");
  const t = await getTranslations("lti.admin");
  const host = (await headers()).get("host") ?? "127.0.0.1";
  const urls = toolUrls(toolBaseUrl(`http://${host}`));
  const platforms = await listPlatforms(await getDb());
  const rows: [string, string][] = [
    [t("loginInitiationUrl"), urls.loginInitiationUrl],
    [t("redirectUrl"), urls.redirectUrl],
    [t("targetLinkUrl"), urls.targetLinkUrl],
    [t("deepLinkingUrl"), urls.deepLinkingUrl],
    [t("jwksUrl"), urls.jwksUrl],
  ];
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-slate-600">{t("intro")}</p>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd className="break-all font-mono text-sm">{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="text-lg font-semibold">{t("platforms")}</h2>
      {platforms.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4">{t("issuer")}</th>
              <th scope="col" className="py-2 pr-4">{t("clientId")}</th>
              <th scope="col" className="py-2 pr-4">{t("deployments")}</th>
              <th scope="col" className="py-2 pr-4">id</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {platforms.map((p) => (
              <tr key={p.id}>
                <td className="py-2 pr-4">{p.name}<br /><span className="font-mono text-xs">{p.issuer}</span></td>
                <td className="py-2 pr-4 font-mono">{p.clientId}</td>
                <td className="py-2 pr-4 font-mono">{p.deploymentIds.join(", ")}</td>
                <td className="py-2 pr-4 font-mono text-xs">{p.id}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PlatformForm />
    </main>
  );
}
