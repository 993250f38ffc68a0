export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installPeerAddressHook } = await import("./lib/http/peer-address-hook");
    installPeerAddressHook();
    const { startInProcessWorker } = await import("./grader/jobs/in-process");
    await startInProcessWorker();
    const { startLtiScoreWorker } = await import("./lib/lti/score-worker");
    await startLtiScoreWorker();
  }
}
