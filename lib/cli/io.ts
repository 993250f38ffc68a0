/** Shared by the command-line tools (`npm run bank`, `npm run grade`). */

/** Where a command writes; the real process streams by default, a buffer in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const processIO: CliIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Bad command-line usage: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

/**
 * `--answer -2` would be refused by parseArgs as ambiguous: an option that takes a value always takes the next word.
 * Returns argv with `--option value` pairs joined as `--option=value`.
 */
export function joinOptionValues(argv: string[], valueOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (valueOptions.has(argv[i]) && i + 1 < argv.length) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** `--seed N`: absent = the default variant (null); otherwise a safe integer. */
export function parseSeedOption(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--seed must be an integer, got "${text}"`);
  return Number(text);
}
