import type { MessageValues } from "@/domain/i18n/translate";

/**
 * What an instructor's change to an assessment answers: done, or refused with a status (and the field at fault).
 * `message` is a message key (messages/<locale>/api.json) said in the reader's locale with `values`.
 */
export type ManageOutcome<T = { id: string }> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; field?: string; message: string; values?: MessageValues };

export const refused = (status: 400 | 404 | 409, message: `api.${string}`, field?: string, values?: MessageValues) =>
  ({ ok: false, status, message, ...(field ? { field } : {}), ...(values ? { values } : {}) }) as const;
