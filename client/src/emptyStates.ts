// What an empty panel or view of Kedro Lens says: what will appear there and how to get it, one line, in VS Code's
// own empty-state style. The tree views' texts are package.json viewsWelcome entries (test/unit/client/emptyStates
// checks both); the output channel and the profiler, which VS Code gives no empty state, write these.

/** First line of the Kedro Hooks output channel, so it is never blank before a run. */
export const HOOKS_LOG_INTRO =
  'No runs yet — run a pipeline with ▶ in the Pipelines view (or Kedro: Run Default Pipeline); each hook event of a run started from Kedro Lens appears here.';

/** Kedro: Open Run Profile with no recorded run, and its button. */
export const NO_RUN_PROFILE = 'No runs yet — run a pipeline with ▶ in the Pipelines view; its timeline and node timings open here.';
export const RUN_DEFAULT_ACTION = 'Run Default Pipeline';
