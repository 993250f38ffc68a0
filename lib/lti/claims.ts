import { z } from "zod";

/** Claim names of LTI Core 1.3 §5.3–5.4, Deep Linking 2.0 §4.4, AGS 2.0 §3.1, NRPS 2.0 §3.6. */
const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const claim = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
} as const;

export const messageTypes = ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"] as const;
export type MessageType = (typeof messageTypes)[number];

/** The claims Forja reads from a verified id_token (signature, iss, aud, exp, iat, nonce are checked before). */
export const launchClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(254).optional(),
  locale: z.string().max(20).optional(),
  [claim.messageType]: z.enum(messageTypes),
  [claim.version]: z.literal("1.3.0"),
  [claim.deploymentId]: z.string().min(1).max(255),
  [claim.targetLinkUri]: z.string().url(),
  [claim.roles]: z.array(z.string()),
  [claim.resourceLink]: z.object({ id: z.string().min(1).max(255), title: z.string().optional() }).optional(),
  [claim.context]: z.object({ id: z.string().min(1).max(255), title: z.string().optional(), label: z.string().optional() }).optional(),
  [claim.custom]: z.record(z.string(), z.unknown()).optional(),
  [claim.deepLinkingSettings]: z.object({ deep_link_return_url: z.string().url(), accept_types: z.array(z.string()), data: z.string().optional() }).optional(),
  [claim.ags]: z.object({ scope: z.array(z.string()).default([]), lineitems: z.string().url().optional(), lineitem: z.string().url().optional() }).optional(),
  [claim.nrps]: z.object({ context_memberships_url: z.string().url() }).optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
const MEMBERSHIP_SUB = "http://purl.imsglobal.org/vocab/lis/v2/membership/";

/**
 * LTI context roles (Core §A.2.3) → the Forja course role. Only context roles count: institution or system roles
 * (e.g. institution#Instructor, system#Administrator) say nothing about this course and grant nothing. The short
 * forms ("Instructor") are the deprecated simple names §A.2.3.1 still allows. null: no role Forja knows.
 */
export function courseRoleFromLti(roles: readonly string[]): "instructor" | "ta" | "student" | null {
  const has = (name: string) => roles.some((r) => r === `${MEMBERSHIP}${name}` || r === name);
  const subRole = (parent: string, name: string) => roles.includes(`${MEMBERSHIP_SUB}${parent}#${name}`);
  if (has("TeachingAssistant") || subRole("Instructor", "TeachingAssistant")) return "ta";
  if (has("Instructor") || has("ContentDeveloper") || has("Administrator")) return "instructor";
  if (has("Learner") || subRole("Learner", "Learner")) return "student";
  return null;
}
