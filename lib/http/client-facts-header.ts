/** Set by proxy.ts to the path and query the browser asked for (a client's own value is replaced). */
export const REQUEST_PATH_HEADER = "x-forja-request-path";
