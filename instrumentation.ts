export async function register() {
  // NEXT_RUNTIME is set (and inlined) by Next.js itself, per bundle: it must stay a literal process.env read here
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // a bad value or an impossible combination of settings stops the server here, with the message (platform/config.ts)
    const { assertStartable, ConfigError } = await import("./platform/config");
    try {
      assertStartable("web");
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const { config } = await import("./platform/config");
    const { rereadMessagesEachCall } = await import("./domain/i18n/translate");
    rereadMessagesEachCall(config().raw.NODE_ENV === "development");
    const { installPeerAddressHook } = await import("./lib/http/peer-address-hook");
    installPeerAddressHook();
    // embedded (the default): this process grades code answers itself; with pg-boss it only sends jobs
    if (config().queue === "embedded") {
      const [{ gradingQueue }, { getDb }] = await Promise.all([import("./grader/jobs/queue"), import("./db/client")]);
      await (await gradingQueue()).consume(await getDb());
    }
    const { startLtiScoreWorker } = await import("./lib/lti/score-worker");
    await startLtiScoreWorker();
  }
}
