/**
 * Where to send someone after signing in: only a path on this site. The target is resolved the way a browser
 * resolves it (backslashes count as slashes, tabs and line breaks are dropped, `//host` is another site), and
 * anything that would leave the origin, or is not a plain path, gives `/`.
 */
export function safeReturnPath(target: string | null | undefined): string {
  if (!target || !target.startsWith("/")) return "/";
  const origin = "http://forja.invalid";
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  // a path that only a lenient parser calls local (`/\evil.com`, `/\t/evil.com`) is refused, not rewritten
  const path = url.pathname + url.search + url.hash;
  if (/[\\\u0000-\u001f]/.test(target) || path.startsWith("//")) return "/";
  return path;
}

/**
 * The sign-in page's address that comes back to `path` afterwards. A client-side navigation asks for a page with
 * Next's own `_rsc` parameter: the page to come back to is the one without it.
 */
export function signInPathFor(path: string | null | undefined): string {
  const url = new URL(safeReturnPath(path), "http://forja.invalid");
  url.searchParams.delete("_rsc");
  const back = url.pathname + url.search + url.hash;
  return back === "/" ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(back)}`;
}
