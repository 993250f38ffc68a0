import { loadBank } from "@/question-bank/load";
import { syncBank } from "@/lib/questions/bank-sync";
import { openDatabase } from "./client";
import { seedDemoAssessments } from "@/lib/demo/assessments";
import { demoPassword, seedDemo } from "@/lib/demo/seed";

const usage = "usage: tsx db/cli.ts migrate | sync | seed";

async function main(command: string | undefined): Promise<void> {
  if (command !== "migrate" && command !== "seed" && command !== "sync") {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase();
  try {
    console.log(`database: ${database.kind}, migrations applied`);
    if (command === "migrate") return;
    const bank = loadBank();
    for (const problem of bank.problems) console.warn(`bank: ${problem.file}: ${problem.message}`);
    const report = await syncBank(database.db, bank.questions);
    console.log(`bank sync: ${report.created.length} new questions, ${report.newVersions.length} new versions, ${report.unchanged} unchanged`);
    if (command === "sync") return;
    const result = await seedDemo(database.db);
    const assessments = await seedDemoAssessments(database.db, result.courseId);
    if (assessments.length > 0) console.log(`demo assessments created: ${assessments.join(", ")}`);
    if (result.createdUsers.length > 0) {
      console.log('\nDemo course "Redes Convolucionais" created. Sign in at the address below with (development password: %s):', demoPassword());
      for (const u of result.createdUsers) console.log(`  ${u.role.padEnd(10)} ${u.email}  (${u.name})`);
      console.log("");
    } else {
      console.log("demo course already present");
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
