import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { assessments, extensions } from "@/db/schema";
import type { ClientFacts } from "@/lib/assessments/access";
import { assessmentInputSchema } from "@/lib/assessments/manage/input";
import { enterAssessmentCode, startAssessment } from "@/lib/assessments/student-actions";
import { assessmentOverview, itemView } from "@/lib/assessments/student-view";
import { submitAnswer } from "@/lib/assessments/submit";
import { DAY, makeAssessment, makeFixture, now, type Fixture, NUMERIC } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});
afterAll(() => f.database.close());

const url = "https://forja.example/courses/c/assessments/a";
const lab: ClientFacts = { ip: "200.17.3.4", url, sebConfigKeyHash: null, sebRequestHash: null };
const home: ClientFacts = { ...lab, ip: "177.5.6.7" };
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
let keys = 0;
const submit = (itemId: string, client?: ClientFacts, at = now) =>
  submitAnswer(f.database.db, { userId: f.student, courseId: f.courseId, client }, { itemId, answer: "1", idempotencyKey: `access-key-${++keys}` }, at);

describe("an access code", () => {
  it("is asked before anything is shown; a wrong one is refused; a changed one is asked again", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, { accessCode: "sala-42" }, [[NUMERIC]]);
    const before = (await assessmentOverview(f.database.db, f.courseId, assessmentId, f.student, now, lab))!;
    expect(before.accessRefusal).toBe("access-code");
    expect(before.items[0]!.id).toBeNull();
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, lab)).toEqual({ ok: false, reason: "access-code" });
    expect(await submit(item!, lab)).toEqual({ kind: "refused", reason: "access-code" });
    expect(await enterAssessmentCode(f.database.db, f.courseId, assessmentId, f.student, "sala-41", lab)).toBe("access-code");
    expect(await enterAssessmentCode(f.database.db, f.courseId, assessmentId, f.student, " sala-42 ", lab)).toBe("granted");
    expect((await itemView(f.database.db, f.courseId, item!, f.student, now, lab)).ok).toBe(true);
    // the other student has not entered it
    expect((await assessmentOverview(f.database.db, f.courseId, assessmentId, f.otherStudent, now, lab))!.accessRefusal).toBe("access-code");
    await f.database.db.update(assessments).set({ accessCode: "sala-43" }).where(eq(assessments.id, assessmentId));
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, lab)).toEqual({ ok: false, reason: "access-code" });
  });

  it("comes before the start of a timed exam", async () => {
    const { assessmentId } = await makeAssessment(f, { kind: "exam", timeLimitMinutes: 30, accessCode: "prova" }, [[NUMERIC]]);
    expect(await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now, lab)).toBe("access-code");
    await enterAssessmentCode(f.database.db, f.courseId, assessmentId, f.student, "prova", lab);
    expect(await startAssessment(f.database.db, f.courseId, assessmentId, f.student, now, lab)).toBe("started");
  });
});

describe("allowed networks", () => {
  it("refuse every request from outside the ranges, on each request", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, { allowedNetworks: ["200.17.0.0/16", "2001:db8::/32"] }, [[NUMERIC]]);
    expect((await assessmentOverview(f.database.db, f.courseId, assessmentId, f.student, now, home))!.accessRefusal).toBe("network");
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, home)).toEqual({ ok: false, reason: "network" });
    expect((await itemView(f.database.db, f.courseId, item!, f.student, now, lab)).ok).toBe(true);
    expect((await itemView(f.database.db, f.courseId, item!, f.student, now, { ...lab, ip: "2001:db8::5" })).ok).toBe(true);
    expect((await submit(item!, lab)).kind).toBe("accepted");
    // the same student, later from home: refused again
    expect(await submit(item!, home)).toEqual({ kind: "refused", reason: "network" });
    // a caller without the request's facts is refused too
    expect(await submit(item!, undefined)).toEqual({ kind: "refused", reason: "network" });
  });
});

describe("Safe Exam Browser", () => {
  const configKey = "a".repeat(64);
  const examKey = "b".repeat(64);
  it("needs SHA-256(url + Config Key) and SHA-256(url + Browser Exam Key) in the request's headers", async () => {
    const { itemIds: [item] } = await makeAssessment(f, { sebConfigKeys: [configKey], sebBrowserExamKeys: [examKey] }, [[NUMERIC]]);
    const seb: ClientFacts = { ...lab, sebConfigKeyHash: sha(url + configKey), sebRequestHash: sha(url + examKey) };
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, lab)).toEqual({ ok: false, reason: "safe-exam-browser" });
    expect((await itemView(f.database.db, f.courseId, item!, f.student, now, seb)).ok).toBe(true);
    // a hash made for another page does not open this one
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, { ...seb, url: `${url}/outra` })).toEqual({ ok: false, reason: "safe-exam-browser" });
    expect(await itemView(f.database.db, f.courseId, item!, f.student, now, { ...seb, sebRequestHash: sha(url + "c".repeat(64)) })).toEqual({ ok: false, reason: "safe-exam-browser" });
  });
});

describe("per-student overrides", () => {
  it("an extension still works with the access rules", async () => {
    const { assessmentId, itemIds: [item] } = await makeAssessment(f, { accessCode: "x", allowedNetworks: ["200.17.0.0/16"] }, [[NUMERIC]]);
    await f.database.db.insert(extensions).values({ assessmentId, userId: f.student, closesAt: new Date(now.getTime() + 3 * DAY), grantedBy: f.ta });
    const late = new Date(now.getTime() + 2 * DAY);
    await enterAssessmentCode(f.database.db, f.courseId, assessmentId, f.student, "x", lab);
    expect((await submit(item!, lab, late)).kind).toBe("accepted");
    expect(await submit(item!, home, late)).toEqual({ kind: "refused", reason: "network" });
  });
});

describe("the builder", () => {
  it("checks the ranges and keys it is given", () => {
    const base = { title: "P", kind: "exam", opensAt: "2026-01-01T00:00", closesAt: "2026-01-02T00:00", timeLimitMinutes: 60, attemptsAllowed: 1, penaltySchedule: [1], latePolicy: "refuse", latePenaltyPerDay: 0, allowNewVariant: false, resultsReleasedAt: null, items: [] };
    expect(assessmentInputSchema.parse(base)).toMatchObject({ accessCode: null, allowedNetworks: [], sebConfigKeys: [] });
    expect(assessmentInputSchema.safeParse({ ...base, allowedNetworks: ["10.0.0.0/33"] }).success).toBe(false);
    expect(assessmentInputSchema.safeParse({ ...base, sebConfigKeys: ["xyz"] }).success).toBe(false);
    expect(assessmentInputSchema.parse({ ...base, accessCode: "", allowedNetworks: [" 10.0.0.0/8 "], sebBrowserExamKeys: ["A".repeat(64)] })).toMatchObject({
      accessCode: null,
      allowedNetworks: ["10.0.0.0/8"],
      sebBrowserExamKeys: ["a".repeat(64)],
    });
  });
});
