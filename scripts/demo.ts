/**
 * `npm start`: the end-to-end demonstration (scripts/story/run.ts) in its full profile, with a
 * summary table. Exits non-zero with the mismatch on any failure.
 */
import { profiles } from "./story/profile.ts";
import { runStory } from "./story/run.ts";
import { printSummary } from "./story/summary.ts";

const started = performance.now();
try {
  const result = await runStory(profiles.full);
  printSummary(result, performance.now() - started);
} catch (error) {
  console.error(`\n✗ The story failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.name !== "StoryMismatch") console.error(error.stack);
  process.exitCode = 1;
}
