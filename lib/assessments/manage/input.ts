import { z } from "zod";
import { instantToZoned, isLocalDateTime } from "@/lib/authoring/zoned-time";
import { parseRange } from "@/platform/client-address";

export const localDateTime = z.string().refine(isLocalDateTime, "validation.localDateTime");

const cidr = z
  .string()
  .trim()
  .refine((text) => {
    try {
      parseRange(text);
      return true;
    } catch {
      return false;
    }
  }, "validation.networkRange");
/** Safe Exam Browser shows its Config Key and Browser Exam Key as 64 hexadecimal digits (SHA-256). */
const sebKey = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, "validation.sebKey");

/** What the builder sends. Dates are wall-clock times in the course's time zone. */
export const assessmentInputSchema = z
  .object({
    title: z.string().trim().min(1, "validation.titleRequired").max(200),
    kind: z.enum(["homework", "exam"]),
    opensAt: localDateTime,
    closesAt: localDateTime,
    timeLimitMinutes: z.number().int().min(1).max(24 * 60).nullable(),
    attemptsAllowed: z.number().int().min(1).max(100),
    penaltySchedule: z.array(z.number().min(0).max(1)).min(1).max(20),
    latePolicy: z.enum(["refuse", "penalty"]),
    latePenaltyPerDay: z.number().min(0).max(1),
    allowNewVariant: z.boolean(),
    resultsReleasedAt: localDateTime.nullable(),
    /** access rules (lib/assessments/access.ts); empty: no rule */
    accessCode: z.string().trim().max(100).nullable().default(null).transform((code) => code || null),
    allowedNetworks: z.array(cidr).max(50).default([]),
    sebConfigKeys: z.array(sebKey).max(20).default([]),
    sebBrowserExamKeys: z.array(sebKey).max(20).default([]),
    items: z
      .array(
        z.object({
          id: z.string().uuid().optional(),
          questionIds: z.array(z.string().min(1).max(200)).min(1, "validation.itemNeedsQuestion").max(50),
          points: z.number().positive("validation.pointsPositive").max(1000),
        }),
      )
      .max(100),
  })
  .superRefine((input, ctx) => {
    if (input.closesAt <= input.opensAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "validation.closesAfterOpens" });
    input.items.forEach((item, i) => {
      if (new Set(item.questionIds).size !== item.questionIds.length) {
        ctx.addIssue({ code: "custom", path: ["items", i, "questionIds"], message: "validation.questionTwiceInItem" });
      }
    });
  });
export type AssessmentInput = z.infer<typeof assessmentInputSchema>;


const DAY_MS = 24 * 60 * 60 * 1000;

/** A new assessment's starting values: opens now, closes in a week at 23:59 (course time zone), 3 attempts. */
export function newAssessmentDefaults(timeZone: string, now = new Date()): AssessmentInput {
  return {
    title: "",
    kind: "homework",
    opensAt: instantToZoned(now, timeZone),
    closesAt: `${instantToZoned(new Date(now.getTime() + 7 * DAY_MS), timeZone).slice(0, 10)}T23:59`,
    timeLimitMinutes: null,
    attemptsAllowed: 3,
    penaltySchedule: [1, 0.8, 0.6],
    latePolicy: "refuse",
    latePenaltyPerDay: 0,
    allowNewVariant: false,
    resultsReleasedAt: null,
    accessCode: null,
    allowedNetworks: [],
    sebConfigKeys: [],
    sebBrowserExamKeys: [],
    items: [],
  };
}
