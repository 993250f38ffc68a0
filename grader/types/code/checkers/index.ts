import { batchnormChecker, spatialBatchnormChecker } from "./batchnorm";
import { maxpoolChecker } from "./maxpool";
import type { CodeChecker } from "./types";

/** What the code form needs to know of a checker: the functions it calls and its outputs. */
export interface CheckerSummary {
  id: string;
  calls: { name: string; args: string[]; returns: string[] }[];
  outputs: string[];
}

const CHECKERS: Record<string, CodeChecker> = {
  [batchnormChecker.id]: batchnormChecker,
  [spatialBatchnormChecker.id]: spatialBatchnormChecker,
  [maxpoolChecker.id]: maxpoolChecker,
};

export function checkerFor(id: string): CodeChecker | undefined {
  return CHECKERS[id];
}

export function checkerIds(): string[] {
  return Object.keys(CHECKERS);
}

/** The checkers as the web editor's code form shows them. */
export function checkerSummaries(): CheckerSummary[] {
  return Object.values(CHECKERS).map((c) => ({
    id: c.id,
    calls: c.plan.map((step) => ({ name: step.call, args: [...step.args], returns: [...step.returns] })),
    outputs: [...c.outputs],
  }));
}
