/** npm run bench -- <name> [options]: dispatches to one benchmark. */
const BENCHES: Record<string, () => Promise<{ main(args: string[]): Promise<void> }>> = {
  grader: () => import("./grader"),
  exam: () => import("./exam"),
  session: () => import("./session"),
  "answer-groups": () => import("./answer-groups"),
  instant: () => import("./instant"),
  profile: () => import("./profile"),
};

const [benchName, ...args] = process.argv.slice(2);
const load = benchName ? BENCHES[benchName] : undefined;
if (!load) {
  console.error(`uso: npm run bench -- <${Object.keys(BENCHES).join("|")}> [opções]`);
  process.exit(2);
}
await (await load()).main(args);

export {};
