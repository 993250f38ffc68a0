import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { revokeSessions } from "@/lib/accounts/users";
import { edgeConfig } from "@/platform/config";
import { clientAddressOf } from "@/platform/client-address";
import { authenticate } from "./credentials";
import { decodeSessionToken, encodeSessionToken } from "./session-token";
import { findOrCreateOAuthUser, findUserIdByEmail, sessionVersionOf } from "./oauth-users";
import { config } from "@/platform/config";

function clientAddress(headers: Record<string, unknown> | undefined): string {
  return clientAddressOf((name) => {
    const value = headers?.[name];
    return typeof value === "string" ? value : null;
  }, edgeConfig().trustedProxies);
}

/** OAuth providers exist only when their credentials are configured. */
function oauthProviders() {
  const providers = [];
  const { github, google } = config().oauth;
  if (github) {
    providers.push(GitHubProvider(github));
  }
  if (google) {
    providers.push(GoogleProvider(google));
  }
  return providers;
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const result = await authenticate(await getDb(), credentials, clientAddress(req?.headers));
        if (result.ok) return result.user;
        // next-auth passes an Error's message to the sign-in page as ?error=
        if (result.reason === "rate_limited") throw new Error("rate_limited");
        return null;
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      if (!user.email) return false;
      return (await findOrCreateOAuthUser(await getDb(), user.email, user.name ?? user.email)) !== null;
    },
    async jwt({ token, user, account }) {
      if (user) {
        const db = await getDb();
        const id = account?.provider === "credentials" ? user.id : await findUserIdByEmail(db, user.email ?? "");
        if (id) {
          token.uid = id;
          // Checked on every request (lib/auth/session.ts): bumping the user's version revokes this token. A
          // password sign-in read it with the password; an OAuth one reads it now.
          const known = (user as { sessionVersion?: unknown }).sessionVersion;
          token.sv = typeof known === "number" && account?.provider === "credentials" ? known : await sessionVersionOf(db, id);
        }
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.uid) {
        session.user.id = token.uid;
        session.user.sv = token.sv ?? 0;
      }
      return session;
    },
  },
  events: {
    // Signing out ends the user's sessions everywhere: a copied cookie carries the old version and stops working.
    async signOut({ token }) {
      if (token?.uid) await revokeSessions(await getDb(), token.uid);
    },
  },
};
