/** Why a launch was refused: each has a message in messages/<locale>/lti.json and an HTTP status. */
export const ltiErrorCodes = {
  bad_request: 400,
  unknown_platform: 400,
  bad_target: 400,
  unknown_state: 401,
  bad_signature: 401,
  bad_token: 401,
  expired: 401,
  wrong_audience: 401,
  replayed: 401,
  bad_deployment: 401,
  bad_claims: 400,
  no_role: 403,
  not_linked: 404,
  no_assessment: 404,
  staff_only: 403,
  deactivated: 403,
} as const;
export type LtiErrorCode = keyof typeof ltiErrorCodes;

export class LtiError extends Error {
  /** the language the platform asked for, once the launch was verified (the error page speaks it) */
  locale?: string;
  constructor(
    readonly code: LtiErrorCode,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
  get status(): number {
    return ltiErrorCodes[this.code];
  }
}
