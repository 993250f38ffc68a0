import { describe, expect, it } from "vitest";
import { can, canOnPlatform, courseActions, courseRoles, homePathFor, platformActions, type CourseAction, type CourseRole } from "@/lib/auth/policy";

// The expected matrix, written out in full so that a change to the policy has to change this table too.
const expected: Record<CourseAction, Record<CourseRole, boolean>> = {
  "course:view": { student: true, ta: true, instructor: true },
  "assessment:take": { student: true, ta: false, instructor: false },
  "grades:view-own": { student: true, ta: false, instructor: false },
  "assessment:view-unpublished": { student: false, ta: true, instructor: true },
  "assessment:manage": { student: false, ta: false, instructor: true },
  "question:edit": { student: false, ta: false, instructor: true },
  "question:preview": { student: false, ta: true, instructor: true },
  "analytics:view": { student: false, ta: true, instructor: true },
  "submission:grade-manually": { student: false, ta: true, instructor: true },
  "grades:export": { student: false, ta: true, instructor: true },
  "extension:grant": { student: false, ta: false, instructor: true },
  "course:edit": { student: false, ta: false, instructor: true },
  "roster:view": { student: false, ta: true, instructor: true },
  "roster:manage": { student: false, ta: false, instructor: true },
  "grade:override": { student: false, ta: true, instructor: true },
};

// In an archived course: staff may look (and the instructor un-archive), nobody may change anything, students see nothing.
const archivedAllowed: Record<CourseRole, CourseAction[]> = {
  student: [],
  ta: ["course:view", "assessment:view-unpublished", "question:preview", "analytics:view", "grades:export", "roster:view"],
  instructor: ["course:view", "assessment:view-unpublished", "question:preview", "analytics:view", "grades:export", "roster:view", "course:edit"],
};

describe("course authorization policy", () => {
  it("lists every action in the expected matrix", () => {
    expect(Object.keys(expected).sort()).toEqual([...courseActions].sort());
  });

  for (const action of courseActions) {
    for (const role of courseRoles) {
      it(`${role} ${expected[action][role] ? "may" : "may not"} ${action}`, () => {
        expect(can(role, action)).toBe(expected[action][role]);
      });
    }
    it(`a user not enrolled in the course may not ${action}`, () => {
      expect(can(null, action)).toBe(false);
    });
  }

  for (const role of courseRoles) {
    it(`in an archived course a ${role} may only ${archivedAllowed[role].join(", ") || "nothing"}`, () => {
      const allowedThere = courseActions.filter((action) => can(role, action, { archived: true }));
      expect(allowedThere.sort()).toEqual([...archivedAllowed[role]].sort());
    });
  }

  it("platform actions are for administrators only", () => {
    for (const action of platformActions) {
      expect(canOnPlatform({ isAdmin: true }, action)).toBe(true);
      expect(canOnPlatform({ isAdmin: false }, action)).toBe(false);
      expect(canOnPlatform(null, action)).toBe(false);
    }
  });

  it("sends each role to its own home page", () => {
    expect(homePathFor("c1", "student")).toBe("/courses/c1");
    expect(homePathFor("c1", "ta")).toBe("/courses/c1/review");
    expect(homePathFor("c1", "instructor")).toBe("/courses/c1/manage");
    expect(homePathFor("c1", "instructor", true)).toBe("/courses/c1/review");
  });
});
