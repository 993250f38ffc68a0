export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startInProcessWorker } = await import("./grader/jobs/in-process");
    await startInProcessWorker();
  }
}
