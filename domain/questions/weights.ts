/** Whether the weights of graded parts sum to 1 (up to float rounding), as a code question requires; a weight not yet a number counts 0. */
export function weightsSumToOne(parts: { weight: number }[]): boolean {
  return Math.abs(parts.reduce((sum, p) => sum + (Number(p.weight) || 0), 0) - 1) < 1e-9;
}
