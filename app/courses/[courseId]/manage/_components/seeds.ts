import { bankSeedFolders } from "@/lib/authoring/store";
import { seedFiles } from "@/question-bank/paths";

/** The course material files a question can cite as its source (labelled with the bank folder), plus "web". */
export function seedOptions(webLabel: string): { value: string; label: string }[] {
  const files = seedFiles();
  const folders = bankSeedFolders();
  return [
    ...files.map((file) => ({ value: file, label: folders.find((f) => f.startsWith(file.slice(0, 3))) ?? file })),
    { value: "web", label: webLabel },
  ];
}
