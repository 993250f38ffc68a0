import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { SimpleMessagePage } from "@/app/_components/SimpleMessagePage";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { toolBaseUrl } from "@/lib/lti/config";
import { pickableAssessments, readPickerRequest, type PickerRequest } from "@/lib/lti/deep-linking";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("lti.deepLink.title");

/** Deep Linking 2.0: the instructor chooses the Forja assessment the LMS course will link to. */
export default async function DeepLinkPicker({ searchParams }: PageProps<"/lti/deep-link">) {
  const t = await getTranslations("lti.deepLink");
  const token = (await searchParams).request;
  const db = await getDb();
  const host = (await headers()).get("host") ?? "127.0.0.1";
  let picker: PickerRequest;
  try {
    picker = await readPickerRequest(db, typeof token === "string" ? token : "", toolBaseUrl(`http://${host}`), currentTime());
  } catch {
    return <SimpleMessagePage title={t("title")} text={t("expired")} />;
  }
  await requireCourseAccess(picker.courseId, "assessment:manage");
  const list = await pickableAssessments(db, picker.courseId);
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {list.length === 0 && <p>{t("none")}</p>}
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {list.map((a) => (
          <li key={a.id} className="flex items-center justify-between gap-3 p-3">
            <span>
              {a.title} <span className="font-mono text-xs text-slate-500">{a.slug}</span>
            </span>
            <form method="post" action="/api/lti/deep-link">
              <input type="hidden" name="request" value={String(token)} />
              <input type="hidden" name="assessmentId" value={a.id} />
              <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{t("choose")}</button>
            </form>
          </li>
        ))}
      </ul>
    </main>
  );
}
