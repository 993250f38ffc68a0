import type { DefaultSession } from "next-auth";
declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; sv: number };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** the user's session version when the token was issued */
    sv?: number;
  }
}
