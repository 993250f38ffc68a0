import { describe, expect, it } from "vitest";
import { discrimination, facility, groupSize, histogram, mean, median } from "@/lib/analytics/stats";

describe("descriptive statistics", () => {
  it("mean and median, empty input gives null", () => {
    expect(mean([])).toBeNull();
    expect(median([])).toBeNull();
    expect(mean([0, 0.5, 1])).toBeCloseTo(0.5);
    expect(median([1, 0, 0.25])).toBe(0.25);
    expect(median([0, 1, 0.2, 0.4])).toBeCloseTo(0.3);
  });

  it("histogram: ten bins, a full score in the last one, exact tenths in their own bin", () => {
    const bins = histogram([0, 0.05, 0.3, 0.7, 0.99, 1, 1]);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 0, 1, 0, 0, 0, 1, 0, 3]);
    expect(bins[3]).toMatchObject({ from: 0.3, to: 0.4 });
    expect(histogram([0.5], 5).map((b) => b.count)).toEqual([0, 0, 1, 0, 0]);
  });

  it("facility is the mean score, leaving out students without a score yet", () => {
    expect(facility([1, 0, 0.5, null])).toBeCloseTo(0.5);
    expect(facility([null])).toBeNull();
  });
});

describe("discrimination index (upper vs lower 27 %)", () => {
  it("the group size is 27 % of the students, rounded, at least one", () => {
    expect(groupSize(10)).toBe(3);
    expect(groupSize(100)).toBe(27);
    expect(groupSize(2)).toBe(1);
  });

  it("difference of mean item scores between the best and the worst students by total", () => {
    // totals 10..1; the top 3 score 1, 1, 0 on the item, the bottom 3 score 0, 0, 1: D = 2/3 − 1/3
    const items = [1, 1, 0, 0.5, 0.5, 0.5, 0.5, 0, 0, 1];
    const students = items.map((item, i) => ({ studentId: `s${i}`, total: 10 - i, item }));
    expect(discrimination(students)).toBeCloseTo(1 / 3);
  });

  it("is 1 for an item only the best students get right, −1 for the reverse, 0 when everyone scores alike", () => {
    const ranked = (items: number[]) => items.map((item, i) => ({ studentId: `s${i}`, total: items.length - i, item }));
    expect(discrimination(ranked([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]))).toBe(1);
    expect(discrimination(ranked([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]))).toBe(-1);
    expect(discrimination(ranked([1, 1, 1, 1]))).toBe(0);
  });

  it("ranks by total, not by input order; ties are broken by student id", () => {
    const students = [
      { studentId: "b", total: 1, item: 0 },
      { studentId: "a", total: 5, item: 1 },
      { studentId: "c", total: 3, item: 0.5 },
    ];
    expect(discrimination(students)).toBe(1);
    const tied = [
      { studentId: "z", total: 2, item: 0 },
      { studentId: "a", total: 2, item: 1 },
    ];
    expect(discrimination(tied)).toBe(1);
  });

  it("null with fewer than two students or when a group has no scored answer", () => {
    expect(discrimination([{ studentId: "a", total: 1, item: 1 }])).toBeNull();
    expect(
      discrimination([
        { studentId: "a", total: 2, item: null },
        { studentId: "b", total: 1, item: 0 },
      ]),
    ).toBeNull();
  });
});
