import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { QUICK_QUEUE } from "@/grader/jobs/pgboss";
import { QuickJobTimeoutError } from "@/grader/jobs/quick-jobs";
import { pythonCheckerStarter } from "@/lib/authoring/forms/starters";
import { validateDraft, type QuestionDraft } from "@/lib/authoring/validate";
import { codeRunnerTimeoutResponse } from "@/lib/http/rate-limit";
import { withLocale } from "@/lib/i18n/request-locale";
import { testDatabaseUrl } from "../test-database";
import { graderInProcess } from "./grader-in-process";

const onPostgres = Boolean(testDatabaseUrl());
const title = onPostgres ? "the question editor's check of a code draft is a grader job in production mode" : "authoring check job — skipped: TEST_DATABASE_URL is not set";

const relu = (reference?: string): QuestionDraft => {
  const fields: Record<string, unknown> = { id: "web-relu", type: "code", title: "ReLU", topic: "ativacoes", tags: [], source: { seed: "web", item: "relu" }, ...pythonCheckerStarter() };
  if (reference !== undefined) fields.reference_solution = reference;
  return { fields, prompt: "Implemente a ReLU.", solution: "Veja a referência." };
};

describe.skipIf(!onPostgres)(title, () => {
  const grader = graderInProcess();
  const checkJobs = async () =>
    rowsOf<{ n: number }>(await grader.fixture().database.db.execute(sql`select count(*)::int as n from pgboss.job where name = ${QUICK_QUEUE} and data->>'kind' = 'authoring-check'`))[0]!.n;

  it("a valid draft is proved by a grader process: one authoring-check job, the self-check rows come back", async () => {
    const before = await checkJobs();
    const result = await validateDraft(relu(), { locale: "en", testAnswer: "import numpy as np\ndef relu(x):\n    return np.maximum(x, 0)\n" });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.preview.selfCheck!.length).toBeGreaterThan(1);
    expect(result.preview.selfCheck!.every((r) => r.ok)).toBe(true);
    expect(await checkJobs()).toBe(before + 1);
  });

  it("a broken reference comes back as an issue at its field, in the editor's locale", async () => {
    const result = await validateDraft(relu("def relu(x):\n    return x +\n"), { locale: "en" });
    if (result.ok) throw new Error("the broken reference was accepted");
    expect(result.issues[0]?.field).toBe("reference_solution");
  });

  it("a draft of another type runs no job (no Python to run)", async () => {
    const before = await checkJobs();
    const result = await validateDraft({
      fields: { id: "web-num", type: "numeric", title: "Saída", topic: "convolucao", tags: [], source: { seed: "web", item: "n" }, params: { n: { default: 32, choices: [28, 32] } }, answer: "n - 2", tolerance: { mode: "integer" } },
      prompt: "Quanto é {{n}} - 2?",
      solution: "{{answer}}",
    });
    expect(result.ok).toBe(true);
    expect(await checkJobs()).toBe(before);
  });

  it("no grader answering: the check is not run in the web process, it times out with a clear 503 in both locales", async () => {
    await grader.boss().offWork(QUICK_QUEUE);
    const error = await validateDraft(relu(), { timeoutMs: 600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickJobTimeoutError);
    expect((error as QuickJobTimeoutError).kind).toBe("authoring-check");
    const en = withLocale("en", () => codeRunnerTimeoutResponse(60_000, "authoring-check"));
    expect(en.status).toBe(503);
    expect(en.headers.get("Retry-After")).toBe("5");
    expect((await en.json()).error).toMatch(/question check .* did not finish within 60 seconds.*Nothing was saved/);
    const pt = withLocale("pt-BR", () => codeRunnerTimeoutResponse(60_000, "authoring-check"));
    expect((await pt.json()).error).toMatch(/verificação da questão .* não terminou em 60 segundos.*Nada foi salvo/);
  });
});
