import type { AccessRefusal } from "./access";
import type { Refusal } from "./rules";

type Reason = Refusal | AccessRefusal | "not-found" | "invalid-answer" | "conflict";

/** The message key (messages/<locale>/api.json) saying why a submission was refused; apiError says it in the reader's locale. */
export function refusalMessage(reason: Reason): string {
  return `api.refusal.${reason}`;
}
