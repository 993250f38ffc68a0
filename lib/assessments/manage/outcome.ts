/** What an instructor's change to an assessment answers: done, or refused with a status (and the field at fault). */
export type ManageOutcome<T = { id: string }> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; field?: string; message: string };

export const refused = (status: 400 | 404 | 409, message: string, field?: string) => ({ ok: false, status, message, ...(field ? { field } : {}) }) as const;
