import { batchnormChecker, spatialBatchnormChecker } from "./batchnorm";
import { maxpoolChecker } from "./maxpool";
import type { CodeChecker } from "./types";

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
