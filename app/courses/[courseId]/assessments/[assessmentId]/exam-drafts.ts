/**
 * Answers being written in a timed exam, kept in this browser (localStorage) until they are submitted: when the
 * countdown reaches zero, every saved draft of the exam is submitted automatically.
 */
import { fetchRetrying } from "@/lib/http/retry-fetch";

export interface Draft {
  answer: string;
  idempotencyKey: string;
}

const prefix = (assessmentId: string) => `forja:draft:${assessmentId}:`;

export function saveDraft(assessmentId: string, itemId: string, draft: Draft): void {
  try {
    localStorage.setItem(prefix(assessmentId) + itemId, JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft only lives in the page
  }
}

export function loadDraft(assessmentId: string, itemId: string): Draft | null {
  try {
    const draft = JSON.parse(localStorage.getItem(prefix(assessmentId) + itemId) ?? "null") as Draft | null;
    return draft && typeof draft.answer === "string" && typeof draft.idempotencyKey === "string" ? draft : null;
  } catch {
    return null;
  }
}

export function clearDraft(assessmentId: string, itemId: string): void {
  try {
    localStorage.removeItem(prefix(assessmentId) + itemId);
  } catch {
    // nothing to clear
  }
}

function drafts(assessmentId: string): [string, Draft][] {
  const found: [string, Draft][] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(prefix(assessmentId))) continue;
    try {
      const draft = JSON.parse(localStorage.getItem(key) ?? "") as Draft;
      if (typeof draft.answer === "string" && draft.answer.trim() !== "" && typeof draft.idempotencyKey === "string") found.push([key.slice(prefix(assessmentId).length), draft]);
    } catch {
      // an unreadable entry is skipped
    }
  }
  return found;
}

/** Submits every saved draft of the exam (the server accepts them for a few seconds after the time limit). */
export async function submitDrafts(courseId: string, assessmentId: string): Promise<void> {
  await Promise.all(
    drafts(assessmentId).map(async ([itemId, draft]) => {
      try {
        // sent again with its key if the database is away for a moment (the key makes a repeat harmless)
        await fetchRetrying(() =>
          fetch(`/api/courses/${courseId}/items/${itemId}/submissions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ answer: draft.answer, idempotencyKey: draft.idempotencyKey, autoSubmit: true }),
          }),
        );
      } finally {
        clearDraft(assessmentId, itemId);
      }
    }),
  );
}
