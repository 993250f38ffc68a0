import type { DefaultSession } from "next-auth";
import type { CourseRole } from "./policy";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; roles: Record<string, CourseRole> };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    roles?: Record<string, CourseRole>;
  }
}
