import { describe, expect, it } from "vitest";
import { attemptFactor, decideSubmission, examState, lateFactor, remainingMs, resultsVisible, solutionVisible, timeLimitEnd, type AssessmentRules, type StudentSituation } from "@/lib/assessments/rules";

const t = (iso: string) => new Date(iso);
const homework: AssessmentRules = {
  kind: "homework",
  published: true,
  opensAt: t("2026-11-01T12:00:00Z"),
  closesAt: t("2026-11-10T12:00:00Z"),
  timeLimitMinutes: null,
  attemptsAllowed: 3,
  penaltySchedule: [1, 0.8, 0.6],
  latePolicy: "refuse",
  latePenaltyPerDay: 0,
  resultsReleasedAt: null,
};
const nobody: StudentSituation = { extension: null, startedAt: null };
const during = t("2026-11-05T12:00:00Z");

describe("submission decisions", () => {
  it("accepts during the window with the attempt's penalty", () => {
    expect(decideSubmission(homework, nobody, 0, during)).toEqual({ ok: true, penaltyFactor: 1, late: false });
    expect(decideSubmission(homework, nobody, 1, during)).toEqual({ ok: true, penaltyFactor: 0.8, late: false });
    expect(decideSubmission(homework, nobody, 2, during)).toEqual({ ok: true, penaltyFactor: 0.6, late: false });
  });

  it("refuses when attempts are used up, before opening, after closing and when unpublished", () => {
    expect(decideSubmission(homework, nobody, 3, during)).toEqual({ ok: false, reason: "no-attempts-left" });
    expect(decideSubmission(homework, nobody, 0, t("2026-11-01T11:59:59Z"))).toEqual({ ok: false, reason: "not-open" });
    expect(decideSubmission(homework, nobody, 0, t("2026-11-10T12:00:01Z"))).toEqual({ ok: false, reason: "closed" });
    expect(decideSubmission({ ...homework, published: false }, nobody, 0, during)).toEqual({ ok: false, reason: "not-published" });
  });

  it("an extension moves the close for that student only", () => {
    const extended: StudentSituation = { extension: { closesAt: t("2026-11-12T12:00:00Z"), extraMinutes: 0 }, startedAt: null };
    expect(decideSubmission(homework, extended, 0, t("2026-11-11T12:00:00Z")).ok).toBe(true);
    expect(decideSubmission(homework, nobody, 0, t("2026-11-11T12:00:00Z")).ok).toBe(false);
  });

  it("a late policy applies a penalty per started day and refuses once nothing is left", () => {
    const late = { ...homework, latePolicy: "penalty" as const, latePenaltyPerDay: 0.25 };
    expect(decideSubmission(late, nobody, 0, t("2026-11-10T13:00:00Z"))).toEqual({ ok: true, penaltyFactor: 0.75, late: true });
    expect(decideSubmission(late, nobody, 1, t("2026-11-11T13:00:00Z"))).toEqual({ ok: true, penaltyFactor: 0.8 * 0.5, late: true });
    expect(decideSubmission(late, nobody, 0, t("2026-11-14T13:00:00Z"))).toEqual({ ok: false, reason: "closed" });
    expect(lateFactor(late, late.closesAt, late.closesAt)).toBe(1);
  });

  it("a timed exam needs a start and refuses answers after the limit", () => {
    const exam = { ...homework, kind: "exam" as const, timeLimitMinutes: 30, attemptsAllowed: 1, penaltySchedule: [1] };
    expect(decideSubmission(exam, nobody, 0, during)).toEqual({ ok: false, reason: "not-started" });
    const started: StudentSituation = { extension: null, startedAt: t("2026-11-05T12:00:00Z") };
    expect(decideSubmission(exam, started, 0, t("2026-11-05T12:29:59Z")).ok).toBe(true);
    expect(decideSubmission(exam, started, 0, t("2026-11-05T12:30:01Z"))).toEqual({ ok: false, reason: "time-up" });
    const extra: StudentSituation = { extension: { closesAt: null, extraMinutes: 15 }, startedAt: started.startedAt };
    expect(decideSubmission(exam, extra, 0, t("2026-11-05T12:40:00Z")).ok).toBe(true);
  });

  it("the time limit never runs past the close", () => {
    const exam = { ...homework, timeLimitMinutes: 120 };
    const lateStart: StudentSituation = { extension: null, startedAt: t("2026-11-10T11:30:00Z") };
    expect(timeLimitEnd(exam, lateStart)).toEqual(homework.closesAt);
  });
});

describe("penalties and visibility", () => {
  it("uses the schedule's last value for later attempts", () => {
    expect(attemptFactor([1, 0.5], 5)).toBe(0.5);
    expect(attemptFactor([], 2)).toBe(1);
  });

  it("hides exam results until release, and the solution until the student cannot improve", () => {
    const exam = { ...homework, resultsReleasedAt: t("2026-11-20T00:00:00Z") };
    expect(resultsVisible(exam, during)).toBe(false);
    expect(resultsVisible(exam, t("2026-11-20T00:00:00Z"))).toBe(true);
    expect(solutionVisible(homework, nobody, 1, 0.5, during)).toBe(false);
    expect(solutionVisible(homework, nobody, 1, 1, during)).toBe(true);
    expect(solutionVisible(homework, nobody, 3, 0, during)).toBe(true);
    expect(solutionVisible(homework, nobody, 0, null, t("2026-11-11T00:00:00Z"))).toBe(true);
  });
});

describe("exam state", () => {
  const exam: AssessmentRules = { ...homework, kind: "exam", timeLimitMinutes: 30 };
  const started: StudentSituation = { extension: null, startedAt: t("2026-11-05T12:00:00Z") };
  it("is not started, running, then finished at the time limit, by hand or at the close", () => {
    expect(examState(homework, nobody, during)).toBeNull();
    expect(examState(exam, nobody, during)).toBe("not-started");
    expect(examState(exam, nobody, t("2026-11-10T12:00:01Z"))).toBe("finished");
    expect(examState(exam, started, t("2026-11-05T12:29:59Z"))).toBe("running");
    expect(examState(exam, started, t("2026-11-05T12:30:01Z"))).toBe("finished");
    expect(examState(exam, { ...started, finishedAt: t("2026-11-05T12:10:00Z") }, t("2026-11-05T12:11:00Z"))).toBe("finished");
  });
  it("counts the remaining time on the server's clock, extra minutes included", () => {
    expect(remainingMs(exam, started, t("2026-11-05T12:10:00Z"))).toBe(20 * 60_000);
    expect(remainingMs(exam, { ...started, extension: { closesAt: null, extraMinutes: 5 } }, t("2026-11-05T12:10:00Z"))).toBe(25 * 60_000);
    expect(remainingMs(exam, started, t("2026-11-05T12:31:00Z"))).toBeNull();
  });
  it("refuses a finished exam, and gives an automatic submission at zero a short grace", () => {
    expect(decideSubmission(exam, { ...started, finishedAt: t("2026-11-05T12:10:00Z") }, 0, t("2026-11-05T12:11:00Z"))).toEqual({ ok: false, reason: "finished" });
    expect(decideSubmission(exam, started, 0, t("2026-11-05T12:30:05Z"))).toEqual({ ok: false, reason: "time-up" });
    expect(decideSubmission(exam, started, 0, t("2026-11-05T12:30:05Z"), { autoSubmit: true }).ok).toBe(true);
    expect(decideSubmission(exam, started, 0, t("2026-11-05T12:30:11Z"), { autoSubmit: true })).toEqual({ ok: false, reason: "time-up" });
  });
});
