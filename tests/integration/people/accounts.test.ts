import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database, Db } from "@/db/client";
import { accountTokens, users } from "@/db/schema";
import { openTestDatabase } from "@/tests/integration/test-database";

// The real session check (lib/auth/session.ts) with next-auth's cookie decoding replaced by the test's token.
const state = vi.hoisted(() => ({ session: null as { user: { id: string; sv?: number } } | null, db: null as unknown }));
vi.mock("server-only", () => ({}));
vi.mock("next-auth", () => ({ getServerSession: async () => state.session }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: async () => state.db as Db }));

const { currentUser } = await import("@/lib/auth/session");
const { authOptions } = await import("@/lib/auth/options");
const { addUser, changeName, changePassword, deactivateUser, inviteAgain, listAccounts, setPasswordWithToken } = await import("@/lib/accounts/users");
const { issueToken, tokenHolder } = await import("@/lib/accounts/tokens");
const { authenticate } = await import("@/lib/auth/credentials");

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  state.db = db;
});
afterAll(() => database.close());

const HOUR = 3_600_000;
const t0 = new Date("2027-03-01T12:00:00Z");
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

async function invited(email: string) {
  const added = await addUser(db, { email, name: "Convidada" }, t0);
  if (!added.ok || !added.inviteToken) throw new Error("no invitation");
  return added;
}

describe("invitations", () => {
  it("stores only a hash of the token, and the link sets a password once", async () => {
    const { id, inviteToken } = await invited("inv1@ufv.br");
    const [row] = await db.select().from(accountTokens).where(eq(accountTokens.userId, id));
    expect(row!.tokenHash).not.toContain(inviteToken);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await tokenHolder(db, inviteToken!, at(1))).toMatchObject({ userId: id, purpose: "invite" });
    expect(await setPasswordWithToken(db, inviteToken!, "uma senha bem longa", at(1))).toEqual({ ok: true, email: "inv1@ufv.br" });
    expect((await authenticate(db, { email: "inv1@ufv.br", password: "uma senha bem longa" }, "10.9.0.1")).ok).toBe(true);
    // Reused: refused, and the password stays.
    expect(await setPasswordWithToken(db, inviteToken!, "outra senha qualquer", at(2))).toEqual({ ok: false, reason: "invalid_token" });
    expect((await authenticate(db, { email: "inv1@ufv.br", password: "uma senha bem longa" }, "10.9.0.1")).ok).toBe(true);
  });

  it("expires (7 days by default; the clock is injected)", async () => {
    const { inviteToken } = await invited("inv2@ufv.br");
    expect(await tokenHolder(db, inviteToken!, at(7 * 24 - 1))).not.toBeNull();
    expect(await tokenHolder(db, inviteToken!, at(7 * 24 + 1))).toBeNull();
    expect(await setPasswordWithToken(db, inviteToken!, "uma senha bem longa", at(7 * 24 + 1))).toEqual({ ok: false, reason: "invalid_token" });
  });

  it("a new link replaces the previous one", async () => {
    const { inviteToken: first } = await invited("inv3@ufv.br");
    const again = await inviteAgain(db, "INV3@ufv.br", "invite", at(1));
    if (!again.ok) throw new Error("refused");
    expect(await tokenHolder(db, first!, at(2))).toBeNull();
    expect(await setPasswordWithToken(db, first!, "uma senha bem longa", at(2))).toEqual({ ok: false, reason: "invalid_token" });
    expect(await setPasswordWithToken(db, again.token, "uma senha bem longa", at(2))).toMatchObject({ ok: true });
  });

  it("a reset link expires after 2 hours", async () => {
    const { id } = await invited("inv4@ufv.br");
    const token = await issueToken(db, id, "reset", t0);
    expect(await tokenHolder(db, token, at(1.9))).toMatchObject({ purpose: "reset" });
    expect(await tokenHolder(db, token, at(2.1))).toBeNull();
  });

  it("checks the password rules on the server, and an unknown token says nothing about anyone", async () => {
    const { inviteToken } = await invited("curto@ufv.br");
    expect(await setPasswordWithToken(db, inviteToken!, "curta", at(1))).toEqual({ ok: false, reason: "too_short" });
    expect(await setPasswordWithToken(db, inviteToken!, "curto@ufv.br", at(1))).toEqual({ ok: false, reason: "is_email" });
    expect(await setPasswordWithToken(db, inviteToken!, "x".repeat(300), at(1))).toEqual({ ok: false, reason: "too_long" });
    // A refused password does not use the link up.
    expect(await setPasswordWithToken(db, inviteToken!, "agora uma boa senha", at(1))).toMatchObject({ ok: true });
    expect(await tokenHolder(db, "not-a-token", at(1))).toBeNull();
    expect(await addUser(db, { email: "curto@ufv.br", name: "Outra" })).toEqual({ ok: false, reason: "email_taken" });
  });

  it("two simultaneous uses of one link: only one succeeds", async () => {
    const { inviteToken } = await invited("corrida@ufv.br");
    const results = await Promise.all([
      setPasswordWithToken(db, inviteToken!, "primeira senha longa", at(1)),
      setPasswordWithToken(db, inviteToken!, "segunda senha longa", at(1)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe("revocable sessions", () => {
  async function signedIn(email: string) {
    const added = await addUser(db, { email, name: "Pessoa", password: "senha inicial longa" });
    if (!added.ok) throw new Error("refused");
    const token = (await authOptions.callbacks!.jwt!({ token: {}, user: { id: added.id, email }, account: { provider: "credentials", type: "credentials", providerAccountId: added.id } } as never)) as { uid: string; sv: number };
    return { id: added.id, token, session: { user: { id: token.uid, sv: token.sv } } };
  }

  it("signing out ends the session: the same (copied) token no longer counts", async () => {
    const { token, session } = await signedIn("sair@ufv.br");
    state.session = session;
    expect(await currentUser()).toMatchObject({ email: "sair@ufv.br" });
    await authOptions.events!.signOut!({ token, session: null } as never);
    expect(await currentUser()).toBeNull();
    // Signing in again gives a token that works.
    const fresh = await signedIn2("sair@ufv.br");
    state.session = fresh;
    expect(await currentUser()).toMatchObject({ email: "sair@ufv.br" });
  });

  it("changing the password ends every session", async () => {
    const { id, session } = await signedIn("troca@ufv.br");
    state.session = session;
    expect(await changePassword(db, id, "errada", "nova senha bem longa")).toEqual({ ok: false, reason: "wrong_password" });
    expect(await currentUser()).not.toBeNull();
    expect(await changePassword(db, id, "senha inicial longa", "nova senha bem longa")).toEqual({ ok: true });
    expect(await currentUser()).toBeNull();
    expect((await authenticate(db, { email: "troca@ufv.br", password: "nova senha bem longa" }, "10.9.0.2")).ok).toBe(true);
  });

  it("removal from the platform ends the sessions and refuses sign-in; a name change keeps them", async () => {
    const { id, session } = await signedIn("sai@ufv.br");
    state.session = session;
    expect(await changeName(db, id, "  Nome Novo ")).toEqual({ ok: true });
    expect(await currentUser()).toMatchObject({ name: "Nome Novo" });
    await deactivateUser(db, id);
    expect(await currentUser()).toBeNull();
    expect(await authenticate(db, { email: "sai@ufv.br", password: "senha inicial longa" }, "10.9.0.3")).toEqual({ ok: false, reason: "invalid" });
    expect(await inviteAgain(db, "sai@ufv.br")).toEqual({ ok: false, reason: "not_found" });
    expect(await listAccounts(db, "SAI@")).toEqual([expect.objectContaining({ email: "sai@ufv.br", hasPassword: false, deactivatedAt: expect.any(Date) })]);
  });

  it("a token without a version (issued before versions existed) counts as version 0", async () => {
    const { id } = await signedIn("antigo@ufv.br");
    state.session = { user: { id } };
    expect(await currentUser()).not.toBeNull();
    await db.update(users).set({ sessionVersion: 1 }).where(eq(users.id, id));
    expect(await currentUser()).toBeNull();
  });

  async function signedIn2(email: string) {
    const [user] = await db.select().from(users).where(eq(users.email, email));
    const token = (await authOptions.callbacks!.jwt!({ token: {}, user: { id: user!.id, email }, account: { provider: "credentials" } } as never)) as { uid: string; sv: number };
    return { user: { id: token.uid, sv: token.sv } };
  }
});
