import fs from "node:fs";
import { bankSeedFolders } from "@/lib/authoring/store";
import { seedsDir } from "@/lib/questions/paths";

/** The course material files a question can cite as its source (labelled with the bank folder), plus "web". */
export function seedOptions(webLabel: string): { value: string; label: string }[] {
  const dir = seedsDir();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).sort() : [];
  const folders = bankSeedFolders();
  return [
    ...files.map((file) => ({ value: file, label: folders.find((f) => f.startsWith(file.slice(0, 3))) ?? file })),
    { value: "web", label: webLabel },
  ];
}
