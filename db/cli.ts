import { openDatabase } from "./client";
import { seedDemo, demoPassword } from "./seed";

const usage = "usage: tsx db/cli.ts migrate | seed";

async function main(command: string | undefined): Promise<void> {
  if (command !== "migrate" && command !== "seed") {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase();
  try {
    console.log(`database: ${database.kind}, migrations applied`);
    if (command === "seed") {
      const result = await seedDemo(database.db);
      if (result.createdUsers.length > 0) {
        console.log("\nDemo course \"Redes Convolucionais\" created. Sign in with (development password: %s):", demoPassword());
        for (const u of result.createdUsers) console.log(`  ${u.role.padEnd(10)} ${u.email}  (${u.name})`);
        console.log("");
      } else {
        console.log("demo course already present");
      }
    }
  } finally {
    await database.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
