import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  uniqueIndex,
  integer,
  json,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const courseRole = pgEnum("course_role", ["student", "ta", "instructor"]);
export const questionType = pgEnum("question_type", ["mcq", "numeric", "matrix", "symbolic", "architecture", "open", "code", "shortanswer"]);
export const assessmentKind = pgEnum("assessment_kind", ["homework", "exam"]);
export const latePolicy = pgEnum("late_policy", ["refuse", "penalty"]);
export const submissionStatus = pgEnum("submission_status", ["queued", "running", "graded", "error", "pending_manual"]);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** null for users who only sign in through an OAuth provider */
    passwordHash: text("password_hash"),
    /** platform administrator: creates courses and instructors (separate from the course roles) */
    isAdmin: boolean("is_admin").notNull().default(false),
    /** bumped on sign-out, password change and removal: a session signed with an older version is refused */
    sessionVersion: integer("session_version").notNull().default(0),
    /** removed from the platform: cannot sign in; submissions stay */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [check("users_email_lowercase", sql`${t.email} = lower(${t.email}) and position('@' in ${t.email}) > 1`)],
);

export const courses = pgTable("courses", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  /** e.g. "2027/1" */
  term: text("term").notNull().default(""),
  timeZone: text("time_zone").notNull().default("America/Sao_Paulo"),
  language: text("language").notNull().default("pt-BR"),
  /** archived: read-only, hidden from students, still visible to its staff */
  archivedAt: timestamp("archived_at", { withTimezone: true }),
  /** self-enrolment: anyone signed in with the code (and an allowed e-mail domain) joins as a student */
  joinCode: text("join_code").unique(),
  selfEnrolment: boolean("self_enrolment").notNull().default(false),
  /** e.g. ["ufv.br"]; empty = any domain */
  allowedDomains: text("allowed_domains").array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
});

export const enrolments = pgTable(
  "enrolments",
  {
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: courseRole("role").notNull(),
    /** matrícula, as the university's roster gives it */
    studentId: text("student_id"),
    /** removed from the course: no access any more, but submissions stay visible (as "removido(a)") */
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.userId] }), index("enrolments_user_idx").on(t.userId)],
);

export const accountTokenPurpose = pgEnum("account_token_purpose", ["invite", "reset"]);

/**
 * One-time links to set a password (invitation or "forgot my password"). Only the SHA-256 of the token is stored.
 * One live link per user (the primary key): a new one replaces the previous; using it deletes it.
 */
export const accountTokens = pgTable("account_tokens", {
  userId: uuid("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull().unique(),
  purpose: accountTokenPurpose("purpose").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

/** A question as an identity; its content lives in immutable versions. courseId null = shared bank question. */
export const questions = pgTable("questions", {
  id: text("id").primaryKey(),
  type: questionType("type").notNull(),
  courseId: uuid("course_id").references(() => courses.id, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

export const questionVersions = pgTable(
  "question_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    questionId: text("question_id").notNull().references(() => questions.id, { onDelete: "restrict" }),
    version: integer("version").notNull(),
    contentHash: text("content_hash").notNull(),
    /**
     * The whole validated question (yaml fields + prompt + solution), never updated. `json`, not `jsonb`: jsonb
     * reorders object keys, and the order of `derived` values is meaningful (each may use the ones before it).
     */
    content: json("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("question_versions_number").on(t.questionId, t.version),
    unique("question_versions_hash").on(t.questionId, t.contentHash),
    check("question_versions_positive", sql`${t.version} >= 1`),
  ],
);

export const assessments = pgTable(
  "assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    kind: assessmentKind("kind").notNull(),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    timeLimitMinutes: integer("time_limit_minutes"),
    attemptsAllowed: integer("attempts_allowed").notNull().default(3),
    /** score multiplier per attempt, e.g. [1, 0.8, 0.6]; the last value applies to later attempts */
    penaltySchedule: jsonb("penalty_schedule").$type<number[]>().notNull().default([1]),
    latePolicy: latePolicy("late_policy").notNull().default("refuse"),
    latePenaltyPerDay: real("late_penalty_per_day").notNull().default(0),
    allowNewVariant: boolean("allow_new_variant").notNull().default(false),
    /** exam mode: scores and feedback hidden until this instant (null = shown at once) */
    resultsReleasedAt: timestamp("results_released_at", { withTimezone: true }),
    /** access rules (lib/assessments/access.ts): a code to enter, allowed client networks (CIDR), Safe Exam Browser keys */
    accessCode: text("access_code"),
    allowedNetworks: jsonb("allowed_networks").$type<string[]>().notNull().default([]),
    sebConfigKeys: jsonb("seb_config_keys").$type<string[]>().notNull().default([]),
    sebBrowserExamKeys: jsonb("seb_browser_exam_keys").$type<string[]>().notNull().default([]),
    published: boolean("published").notNull().default(false),
    /** archived: hidden from students, read-only for staff, restorable (lib/assessments/lifecycle.ts) */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("assessments_course_slug").on(t.courseId, t.slug),
    check("assessments_dates", sql`${t.closesAt} > ${t.opensAt}`),
    check("assessments_time_limit", sql`${t.timeLimitMinutes} is null or ${t.timeLimitMinutes} > 0`),
    check("assessments_attempts", sql`${t.attemptsAllowed} >= 1`),
    check("assessments_late_penalty", sql`${t.latePenaltyPerDay} >= 0 and ${t.latePenaltyPerDay} <= 1`),
  ],
);

/** One slot of an assessment: a single question, or a pool ("one of these N") when it has several questions. */
export const assessmentItems = pgTable(
  "assessment_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    points: real("points").notNull().default(1),
  },
  (t) => [unique("assessment_items_position").on(t.assessmentId, t.position), check("assessment_items_points", sql`${t.points} > 0`)],
);

export const assessmentItemQuestions = pgTable(
  "assessment_item_questions",
  {
    itemId: uuid("item_id").notNull().references(() => assessmentItems.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull().references(() => questions.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.questionId] })],
);

/** A student's own instance of an item: which question of the pool, which version, which seed. */
export const variants = pgTable(
  "variants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    itemId: uuid("item_id").notNull().references(() => assessmentItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    questionVersionId: uuid("question_version_id").notNull().references(() => questionVersions.id, { onDelete: "restrict" }),
    /** 1 for the first variant, 2 after "new variant", ... */
    number: integer("number").notNull(),
    seed: integer("seed").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("variants_number").on(t.itemId, t.userId, t.number), check("variants_number_positive", sql`${t.number} >= 1`)],
);

/** A student who entered an assessment's access code (once per student; a changed code asks again). */
export const assessmentAccessGrants = pgTable(
  "assessment_access_grants",
  {
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** the code that was entered: when the instructor changes the code, old grants stop counting */
    code: text("code").notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.userId] })],
);

/** Exam sessions: when a student started a timed assessment. */
export const assessmentStarts = pgTable(
  "assessment_starts",
  {
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    /** "Finalizar prova": from then on the student's answers are locked */
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.userId] })],
);

export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    variantId: uuid("variant_id").notNull().references(() => variants.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id").notNull().references(() => assessmentItems.id, { onDelete: "cascade" }),
    questionVersionId: uuid("question_version_id").notNull().references(() => questionVersions.id, { onDelete: "restrict" }),
    attemptNumber: integer("attempt_number").notNull(),
    answer: text("answer").notNull(),
    status: submissionStatus("status").notNull(),
    /** automatic score in [0,1] before attempt/late penalties; null until graded */
    score: real("score"),
    /** multiplier from the penalty schedule and late policy at submission time */
    penaltyFactor: real("penalty_factor").notNull().default(1),
    feedback: jsonb("feedback"),
    idempotencyKey: text("idempotency_key").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    /** code jobs: the worker holding the job and until when; an expired lease makes the job runnable again */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    /** code jobs: how many times a worker took this job (infrastructure retries) */
    jobAttempts: integer("job_attempts").notNull().default(0),
    /** the grading job that gave (or will give) this submission its result: its grade, or the latest regrade */
    currentJobId: uuid("current_job_id").references((): AnyPgColumn => gradingJobs.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("submissions_idempotency").on(t.userId, t.itemId, t.idempotencyKey),
    // a grading the platform failed is not an attempt: the next answer takes the same number
    uniqueIndex("submissions_attempt").on(t.itemId, t.userId, t.attemptNumber).where(sql`${t.status} <> 'error'`),
    index("submissions_item_idx").on(t.itemId),
    index("submissions_status_idx").on(t.status),
    check("submissions_score_range", sql`${t.score} is null or (${t.score} >= 0 and ${t.score} <= 1)`),
    check("submissions_penalty_range", sql`${t.penaltyFactor} >= 0 and ${t.penaltyFactor} <= 1`),
    check("submissions_answer_size", sql`octet_length(${t.answer}) <= 200000`),
    check("submissions_attempt_positive", sql`${t.attemptNumber} >= 1`),
    check("submissions_graded_has_score", sql`${t.status} <> 'graded' or ${t.score} is not null`),
  ],
);

export const manualGrades = pgTable(
  "manual_grades",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id").notNull().unique().references(() => submissions.id, { onDelete: "cascade" }),
    graderId: uuid("grader_id").notNull().references(() => users.id, { onDelete: "restrict" }),
    score: real("score").notNull(),
    /** rubric item ids awarded, with their points */
    rubric: jsonb("rubric").$type<{ id: string; points: number }[]>().notNull().default([]),
    comment: text("comment").notNull().default(""),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("manual_grades_score_range", sql`${t.score} >= 0 and ${t.score} <= 1`)],
);

export const extensions = pgTable(
  "extensions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    extraMinutes: integer("extra_minutes").notNull().default(0),
    reason: text("reason").notNull().default(""),
    grantedBy: uuid("granted_by").notNull().references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [unique("extensions_student").on(t.assessmentId, t.userId), check("extensions_minutes", sql`${t.extraMinutes} >= 0`)],
);

/**
 * Every change of a grade after the first: regrades and manual grades (of one submission), and score overrides (of
 * one student's item: submissionId null, itemId and userId set).
 */
export const gradeAudit = pgTable(
  "grade_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    submissionId: uuid("submission_id").references(() => submissions.id, { onDelete: "cascade" }),
    /** overrides: the student's item whose score was set by hand */
    itemId: uuid("item_id").references(() => assessmentItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    oldScore: real("old_score"),
    newScore: real("new_score"),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("grade_audit_submission_idx").on(t.submissionId),
    index("grade_audit_item_user_idx").on(t.itemId, t.userId),
    check("grade_audit_subject", sql`${t.submissionId} is not null or (${t.itemId} is not null and ${t.userId} is not null)`),
  ],
);

/**
 * A staff member's score for one student's item (lib/grade-changes/override.ts): replaces the best of the student's
 * submissions, penalties included. The reason is shown to the student; each change is in grade_audit.
 */
export const scoreOverrides = pgTable(
  "score_overrides",
  {
    itemId: uuid("item_id").notNull().references(() => assessmentItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** fraction of the item's points, in [0,1] */
    score: real("score").notNull(),
    reason: text("reason").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.userId] }), check("score_overrides_range", sql`${t.score} >= 0 and ${t.score} <= 1`)],
);

export const gradeChangeKind = pgEnum("grade_change_kind", ["regrade", "override", "manual"]);

/** Told to a student when a regrade, a revised manual grade or an override changed the score of one of their items. */
export const gradeNotices = pgTable(
  "grade_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    itemId: uuid("item_id").notNull().references(() => assessmentItems.id, { onDelete: "cascade" }),
    kind: gradeChangeKind("kind").notNull(),
    /** the item's effective score (fraction of its points) before and after; null = nothing scored */
    oldScore: real("old_score"),
    newScore: real("new_score"),
    /** shown to the student (an override's reason; empty for a regrade) */
    reason: text("reason").notNull().default(""),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [index("grade_notices_user_idx").on(t.userId, t.readAt)],
);

/** Sign-in attempts, for rate limiting across processes. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_attempts_email_idx").on(t.email, t.createdAt), index("sign_in_attempts_ip_idx").on(t.ip, t.createdAt)],
);

/** The recent events of each rate-limit key (e.g. a student's submissions), shared by every web process. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    /** times of the events still inside the window, oldest first (at most the limit) */
    hits: timestamp("hits", { withTimezone: true }).array().notNull(),
  },
);

export const regradeStatus = pgEnum("regrade_status", ["running", "done", "failed"]);

export const gradingJobKind = pgEnum("grading_job_kind", ["grade", "regrade", "public-test", "syntax-check", "authoring-check"]);
export const gradingJobStatus = pgEnum("grading_job_status", ["queued", "running", "done", "failed", "dead"]);

/**
 * Every job of the grading pipeline, whichever queue ran it (grader/jobs/record.ts): a submission's grade, each regrade
 * of it (a new job; the submission points to its current one), and the quick runs a request waits for (no
 * submission), with its tries, lease and validated result, or why it failed (`dead`: the dead letter).
 */
export const gradingJobs = pgTable(
  "grading_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: gradingJobKind("kind").notNull(),
    status: gradingJobStatus("status").notNull().default("queued"),
    submissionId: uuid("submission_id").references((): AnyPgColumn => submissions.id, { onDelete: "cascade" }),
    regradeRunId: uuid("regrade_run_id").references(() => regradeRuns.id, { onDelete: "set null" }),
    /** how many times a worker took the job */
    attempts: integer("attempts").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    /** the stored result (status, score, feedback), checked with zod when written */
    result: jsonb("result"),
    /** the last platform failure (a retry's reason, or the dead letter's) */
    error: text("error"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("grading_jobs_submission_idx").on(t.submissionId), index("grading_jobs_status_idx").on(t.status, t.kind)],
);

/** A background regrade of one question version's submissions in one course (lib/assessments/regrade.ts). */
export const regradeRuns = pgTable(
  "regrade_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull().references(() => questions.id, { onDelete: "restrict" }),
    /** the version whose submissions are regraded */
    fromVersionId: uuid("from_version_id").notNull().references(() => questionVersions.id, { onDelete: "restrict" }),
    /** the version whose content grades them (the same one, or a newer fix) */
    toVersionId: uuid("to_version_id").notNull().references(() => questionVersions.id, { onDelete: "restrict" }),
    /** also point the submissions (and their variants) at toVersion */
    moveSubmissions: boolean("move_submissions").notNull().default(false),
    status: regradeStatus("status").notNull().default("running"),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    changed: integer("changed").notNull().default(0),
    /** answers the new version cannot read (kept with their old score) */
    unreadable: integer("unreadable").notNull().default(0),
    /** the last submission id handled: a run interrupted by a restart resumes after it */
    cursor: uuid("cursor"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("regrade_runs_course_idx").on(t.courseId, t.createdAt)],
);

/* ---------- LTI 1.3 (lib/lti/README.md) ---------- */

/** An LMS registered by an administrator: Forja is a tool of this platform (issuer + client id). */
export const ltiPlatforms = pgTable(
  "lti_platforms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    deploymentIds: text("deployment_ids").array().notNull().default(sql`'{}'::text[]`),
    authLoginUrl: text("auth_login_url").notNull(),
    tokenUrl: text("token_url").notNull(),
    jwksUrl: text("jwks_url").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("lti_platforms_issuer_client").on(t.issuer, t.clientId)],
);

/** Forja's own RSA signing keys (client assertions, deep-linking responses); the newest signs, all are in the JWKS. */
export const ltiToolKeys = pgTable("lti_tool_keys", {
  kid: text("kid").primaryKey(),
  privateJwk: jsonb("private_jwk").notNull(),
  publicJwk: jsonb("public_jwk").notNull(),
  createdAt: createdAt(),
});

/**
 * OIDC login initiation: one row per `state` with the nonce sent with it, deleted when the launch uses it (single
 * use), refused after expiresAt. The id_token must carry that nonce, so a nonce is good for one launch only.
 */
export const ltiLoginStates = pgTable("lti_login_states", {
  stateHash: text("state_hash").primaryKey(),
  nonce: text("nonce").notNull(),
  platformId: uuid("platform_id").notNull().references(() => ltiPlatforms.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: createdAt(),
});

/** A person of a platform (its `sub`) and the Forja account it signs in as. Never matched by e-mail. */
export const ltiIdentities = pgTable(
  "lti_identities",
  {
    platformId: uuid("platform_id").notNull().references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    sub: text("sub").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.sub] }), index("lti_identities_user_idx").on(t.userId)],
);

/** An LMS course (context) linked to a Forja course, by an administrator. */
export const ltiContexts = pgTable(
  "lti_contexts",
  {
    platformId: uuid("platform_id").notNull().references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    contextId: text("context_id").notNull(),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    /** the AGS and NRPS endpoints the platform last sent for this context */
    lineItemsUrl: text("line_items_url"),
    membershipsUrl: text("memberships_url"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.contextId] })],
);

/** An LMS resource link (a placement in the course page) and the Forja assessment it opens. */
export const ltiResourceLinks = pgTable(
  "lti_resource_links",
  {
    platformId: uuid("platform_id").notNull().references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    resourceLinkId: text("resource_link_id").notNull(),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    /** AGS line item of this link (null: the platform offers no grade passback) */
    lineItemUrl: text("line_item_url"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platformId, t.resourceLinkId] })],
);

export const ltiScoreStatus = pgEnum("lti_score_status", ["pending", "sent", "failed"]);

/**
 * Grade passback (AGS): the latest score of one learner on one line item, sent by a background job with retries.
 * A newer grade replaces the payload and makes the row pending again.
 */
export const ltiScores = pgTable(
  "lti_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    platformId: uuid("platform_id").notNull().references(() => ltiPlatforms.id, { onDelete: "cascade" }),
    lineItemUrl: text("line_item_url").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    sub: text("sub").notNull(),
    assessmentId: uuid("assessment_id").notNull().references(() => assessments.id, { onDelete: "cascade" }),
    scoreGiven: real("score_given").notNull(),
    scoreMaximum: real("score_maximum").notNull(),
    activityProgress: text("activity_progress").notNull(),
    gradingProgress: text("grading_progress").notNull(),
    scoredAt: timestamp("scored_at", { withTimezone: true }).notNull(),
    status: ltiScoreStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique("lti_scores_line_item_user").on(t.lineItemUrl, t.userId), index("lti_scores_status_idx").on(t.status, t.nextAttemptAt)],
);

/**
 * Expected outputs of a Python-declared checker for one (question version, seed): the reference's sandbox jobs are
 * run once and shared by every grader process (grader/types/code/python/expected-store.ts). Rows never change: the
 * key hashes everything the outputs depend on.
 */
export const expectedOutputs = pgTable("expected_outputs", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  createdAt: createdAt(),
});

/** Tags a course's staff added to a question (the question's own `tags:` come from its files); per course. */
export const questionTags = pgTable(
  "question_tags",
  {
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull().references(() => questions.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.questionId, t.tag] }), check("question_tags_tag", sql`length(${t.tag}) between 1 and 40`)],
);

/**
 * What staff did to a course's assessments (duplicate, archive, restore, delete). No foreign key to the assessment:
 * the record of a deletion outlives what it deleted (its title is kept in `detail`).
 */
export const courseAudit = pgTable(
  "course_audit",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    courseId: uuid("course_id").notNull().references(() => courses.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    subjectId: text("subject_id").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("course_audit_course_idx").on(t.courseId, t.createdAt)],
);
