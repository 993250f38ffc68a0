/**
 * npm run bench -- answer-groups [--json]: groups 200 realistic Portuguese answers to the stride question
 * (bench/fixtures/stride-answers.ts, each labelled with the rubric items a TA awards) and counts what grading them
 * by groups costs against one by one (lib/answer-groups/clicks.ts).
 */
import { performance } from "node:perf_hooks";
import { loadBank } from "@/question-bank/load";
import { defaultGroupingOptions, groupAnswers } from "@/lib/answer-groups/cluster";
import { countClicks } from "@/lib/answer-groups/clicks";
import { rubricOf } from "@/lib/manual-grading/rubric";
import { strideAnswers } from "./fixtures/stride-answers";

export async function main(args: string[]): Promise<void> {
  const answers = strideAnswers(200);
  const question = loadBank().questions.find((q) => q.id === "lista-ii-stride");
  const rubric = rubricOf(question).map((r) => r.text);
  const started = performance.now();
  const grouping = groupAnswers(answers, { ...defaultGroupingOptions, emphasis: rubric });
  const ms = performance.now() - started;
  const truth = new Map(answers.map((a) => [a.id, a.awarded.join(",")]));
  const count = countClicks(grouping, truth);
  const result = {
    answers: count.answers,
    ideas: new Set(answers.map((a) => a.idea)).size,
    groups: grouping.groups.length,
    inGroups: grouping.groups.reduce((s, g) => s + g.members.length, 0),
    outliers: grouping.groups.reduce((s, g) => s + g.members.filter((m) => m.outlier).length, 0),
    singles: grouping.singles.length,
    misgrouped: count.misgrouped,
    clicks: count.clicks,
    oneByOneClicks: count.answers,
    answersPerClick: Math.round(count.answersPerClick * 100) / 100,
    groupingMs: Math.round(ms),
  };
  if (args.includes("--json")) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log("| answers | groups (answers in them) | outliers | single answers | misgrouped | clicks by groups | one by one | answers per click | grouping time |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  console.log(`| ${result.answers} | ${result.groups} (${result.inGroups}) | ${result.outliers} | ${result.singles} | ${result.misgrouped} | ${result.clicks} | ${result.oneByOneClicks} | ${result.answersPerClick} | ${result.groupingMs} ms |`);
}
