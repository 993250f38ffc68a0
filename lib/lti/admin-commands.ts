import type { Db } from "@/db/client";
import { UsageError } from "@/lib/cli/io";
import { toolUrls } from "./config";
import { addPlatform, linkContext, listPlatforms, type PlatformRefusal } from "./platforms";
import { config } from "@/platform/config";

export interface LtiFlags {
  name?: string;
  issuer?: string;
  "client-id"?: string;
  "deployment-id"?: string[];
  "auth-url"?: string;
  "token-url"?: string;
  "jwks-url"?: string;
  platform?: string;
  context?: string;
  course?: string;
}

type Command = (db: Db) => Promise<{ result: Record<string, unknown>; text: string; code?: number }>;

/** Refused input of an `lti` command: the admin CLI prints it and exits 1. */
export class LtiRefusal extends Error {}

const fieldFlags: Record<string, string> = { name: "--name", issuer: "--issuer", clientId: "--client-id", deploymentIds: "--deployment-id", authLoginUrl: "--auth-url", tokenUrl: "--token-url", jwksUrl: "--jwks-url" };

function refusal(r: PlatformRefusal): string {
  if (r.reason === "taken") return "a platform with this issuer and client id is already registered";
  if (r.reason === "not_found") return r.field === "course" ? "no course with this slug" : "no platform with this id";
  return `invalid ${fieldFlags[r.field ?? ""] ?? r.field ?? "value"}`;
}

const toolBase = () => (config().raw.NEXTAUTH_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");

/** `admin lti add|link|list` (db/admin-cli.ts): registering platforms and linking LMS courses to Forja courses. */
export function ltiCommands(flags: LtiFlags): Record<string, Command> {
  return {
    "lti add": async (db) => {
      const deploymentIds = flags["deployment-id"] ?? [];
      if (deploymentIds.length === 0) throw new UsageError("--deployment-id is required (repeat it for several)");
      const added = await addPlatform(db, {
        name: flags.name ?? "",
        issuer: flags.issuer ?? "",
        clientId: flags["client-id"] ?? "",
        deploymentIds,
        authLoginUrl: flags["auth-url"] ?? "",
        tokenUrl: flags["token-url"] ?? "",
        jwksUrl: flags["jwks-url"] ?? "",
      });
      if (!added.ok) throw new LtiRefusal(refusal(added));
      const urls = toolUrls(toolBase());
      const lines = [`platform ${added.platform.name} registered, id ${added.platform.id}`, "give the LMS these addresses:", ...Object.entries(urls).map(([k, v]) => `  ${k}: ${v}`)];
      return { result: { id: added.platform.id, issuer: added.platform.issuer, clientId: added.platform.clientId, deploymentIds: added.platform.deploymentIds, tool: urls }, text: lines.join("\n") };
    },
    "lti link": async (db) => {
      const linked = await linkContext(db, flags.platform ?? "", flags.context ?? "", flags.course ?? "");
      if (!linked.ok) throw new LtiRefusal(refusal(linked));
      return { result: { platformId: flags.platform, contextId: flags.context, courseId: linked.courseId }, text: `LMS course ${flags.context} now opens the Forja course ${flags.course}` };
    },
    "lti list": async (db) => {
      const platforms = await listPlatforms(db);
      return {
        result: { platforms: platforms.map((p) => ({ id: p.id, name: p.name, issuer: p.issuer, clientId: p.clientId, deploymentIds: p.deploymentIds })), tool: toolUrls(toolBase()) },
        text: platforms.length ? platforms.map((p) => `${p.id}  ${p.name}  ${p.issuer}  client ${p.clientId}  deployments ${p.deploymentIds.join(",")}`).join("\n") : "no platform registered",
      };
    },
  };
}
