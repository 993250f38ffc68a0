import "server-only";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { assessmentTitleFor } from "@/lib/assessments/page-titles";
import { checkCourseAccess } from "@/lib/auth/session";

/** A page's `generateMetadata` giving it the title of one message key (the root layout adds " · Forja"). */
export function titled(key: string) {
  return async function generateMetadata(): Promise<Metadata> {
    return { title: (await getTranslations())(key) };
  };
}

/**
 * A page's `generateMetadata` naming its assessment (and item position) with a `pageTitle.*` message: only for
 * someone allowed in the course; otherwise the page's own 403/404 decides and the title stays the default.
 */
export function assessmentTitled(key: string) {
  return async function generateMetadata({ params }: { params: Promise<{ courseId: string; assessmentId: string; itemId?: string }> }): Promise<Metadata> {
    const { courseId, assessmentId, itemId } = await params;
    const access = await checkCourseAccess(courseId, "course:view");
    if (!access.ok) return {};
    const found = await assessmentTitleFor(await getDb(), { courseId, assessmentId, itemId, staff: access.access.role !== "student" });
    if (!found) return {};
    return { title: (await getTranslations("pageTitle"))(key, { assessment: found.title, position: found.position ?? 0 }) };
  };
}
