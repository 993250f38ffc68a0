import { describe, expect, it } from "vitest";
import { scoresUrl } from "@/lib/lti/ags";
import { courseRoleFromLti } from "@/lib/lti/claims";
import { isLtiCrossSiteEndpoint, setsOwnContentSecurityPolicy } from "@/lib/lti/edge";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

describe("LTI roles → course roles", () => {
  it("maps the context roles, sub-roles and simple names", () => {
    expect(courseRoleFromLti([`${M}Learner`])).toBe("student");
    expect(courseRoleFromLti(["Learner"])).toBe("student");
    expect(courseRoleFromLti([`${M}Instructor`])).toBe("instructor");
    expect(courseRoleFromLti([`${M}ContentDeveloper`])).toBe("instructor");
    expect(courseRoleFromLti([`${M}TeachingAssistant`])).toBe("ta");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant", `${M}Instructor`])).toBe("ta");
  });
  it("institution and system roles grant nothing", () => {
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"])).toBeNull();
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"])).toBeNull();
    expect(courseRoleFromLti([`${M}Learner`, "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"])).toBe("student");
    expect(courseRoleFromLti([`${M}Mentor`, "Instructorx"])).toBeNull();
  });
});

describe("LTI edge", () => {
  it("only the login and launch endpoints accept cross-site posts; only the deep-linking answer sets its own CSP", () => {
    expect(isLtiCrossSiteEndpoint("/api/lti/login")).toBe(true);
    expect(isLtiCrossSiteEndpoint("/api/lti/launch/")).toBe(true);
    expect(isLtiCrossSiteEndpoint("/api/lti/deep-link")).toBe(false);
    expect(isLtiCrossSiteEndpoint("/api/lti/launch/../../courses")).toBe(false);
    expect(setsOwnContentSecurityPolicy("/api/lti/deep-link")).toBe(true);
    expect(setsOwnContentSecurityPolicy("/courses")).toBe(false);
  });
  it("the scores URL keeps the line item's query", () => {
    expect(scoresUrl("https://lms.test/api/lti/courses/1/line_items/2?type_id=3")).toBe("https://lms.test/api/lti/courses/1/line_items/2/scores?type_id=3");
  });
});
