import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, questions } from "@/db/schema";

const DAY = 24 * 60 * 60 * 1000;

interface DemoAssessment {
  slug: string;
  title: string;
  kind: "homework" | "exam";
  opensInDays: number;
  closesInDays: number;
  timeLimitMinutes?: number;
  attemptsAllowed: number;
  penaltySchedule: number[];
  allowNewVariant?: boolean;
  /** exams: scores and feedback hidden until this many days from now */
  resultsReleasedInDays?: number;
  /** one entry per item; several ids make a pool ("one of these") */
  items: { questions: string[]; points: number }[];
}

/** The demo course's assessments: a homework with one question of every type, timed exams and a closed homework. */
export const demoAssessments: DemoAssessment[] = [
  {
    slug: "lista-1",
    title: "Lista 1 — Redes convolucionais",
    kind: "homework",
    opensInDays: -7,
    closesInDays: 30,
    attemptsAllowed: 3,
    penaltySchedule: [1, 0.8, 0.6],
    allowNewVariant: true,
    items: [
      { questions: ["lista-i-e-lenet5-onde-estao-parametros"], points: 1 },
      { questions: ["lista-i-d-lenet5-parametros"], points: 2 },
      { questions: ["lista-vii-inicializacao-he"], points: 2 },
      { questions: ["lista-ii-stride"], points: 1 },
      { questions: ["cnn-en-max-pooling-4x4"], points: 2 },
      { questions: ["cnn-en-exemplo-camada-dois-filtros"], points: 2 },
      { questions: ["xi-batchnorm-codigo"], points: 4 },
    ],
  },
  {
    slug: "prova-1",
    title: "Prova 1 — Convoluções e parâmetros",
    kind: "exam",
    opensInDays: -1,
    closesInDays: 14,
    timeLimitMinutes: 30,
    attemptsAllowed: 1,
    penaltySchedule: [1],
    resultsReleasedInDays: 14,
    items: [
      { questions: ["mba-ex2-tamanho-saida-calculo"], points: 2 },
      { questions: ["lista-x-batchnorm-parametros"], points: 2 },
      { questions: ["lista-i-c-lenet5-campo-receptivo"], points: 2 },
    ],
  },
  {
    slug: "quiz-relampago",
    title: "Quiz relâmpago — 1 minuto",
    kind: "exam",
    opensInDays: -1,
    closesInDays: 60,
    timeLimitMinutes: 1,
    attemptsAllowed: 1,
    penaltySchedule: [1],
    items: [
      { questions: ["lista-x-batchnorm-parametros"], points: 1 },
      { questions: ["lista-i-c-lenet5-campo-receptivo"], points: 1 },
    ],
  },
  {
    slug: "lista-0",
    title: "Lista 0 — Revisão (encerrada)",
    kind: "homework",
    opensInDays: -30,
    closesInDays: -2,
    attemptsAllowed: 3,
    penaltySchedule: [1],
    items: [{ questions: ["lista-x-batchnorm-parametros"], points: 1 }],
  },
];

/** Creates the demo assessments that do not exist yet (by slug); existing ones are left as they are. */
export async function seedDemoAssessments(db: Db, courseId: string, now = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (const spec of demoAssessments) {
    for (const item of spec.items) {
      for (const id of item.questions) {
        const [found] = await db.select({ id: questions.id }).from(questions).where(eq(questions.id, id));
        if (!found) throw new Error(`demo assessment ${spec.slug} needs question ${id}, which is not in the database (bank sync)`);
      }
    }
    await db.transaction(async (tx) => {
      const [assessment] = await tx
        .insert(assessments)
        .values({
          courseId,
          slug: spec.slug,
          title: spec.title,
          kind: spec.kind,
          opensAt: new Date(now.getTime() + spec.opensInDays * DAY),
          closesAt: new Date(now.getTime() + spec.closesInDays * DAY),
          timeLimitMinutes: spec.timeLimitMinutes ?? null,
          attemptsAllowed: spec.attemptsAllowed,
          penaltySchedule: spec.penaltySchedule,
          allowNewVariant: spec.allowNewVariant ?? false,
          resultsReleasedAt: spec.resultsReleasedInDays === undefined ? null : new Date(now.getTime() + spec.resultsReleasedInDays * DAY),
          published: true,
        })
        .onConflictDoNothing()
        .returning({ id: assessments.id });
      if (!assessment) return;
      for (const [index, item] of spec.items.entries()) {
        const [row] = await tx.insert(assessmentItems).values({ assessmentId: assessment.id, position: index + 1, points: item.points }).returning({ id: assessmentItems.id });
        await tx.insert(assessmentItemQuestions).values(item.questions.map((questionId) => ({ itemId: row!.id, questionId })));
      }
      created.push(spec.slug);
    });
  }
  return created;
}

export async function demoAssessmentId(db: Db, courseId: string, slug: string): Promise<string | undefined> {
  const [row] = await db.select({ id: assessments.id }).from(assessments).where(and(eq(assessments.courseId, courseId), eq(assessments.slug, slug)));
  return row?.id;
}
