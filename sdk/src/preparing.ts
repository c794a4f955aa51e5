/**
 * The prepare-only mode of the one write path: `prepareWrite` runs a write action on a marked copy
 * of the client, and `sendContract` stops at the first transaction it would send, handing back the
 * simulated request instead. Its own module so that `contract.ts` and `write.ts` do not import each
 * other.
 */

/** The property that marks a client whose writes must not be sent. */
export const PREPARE_ONLY = "bttPrepareOnly";

/** Thrown through the action by `sendContract` under `prepareWrite` (never escapes `prepareWrite`). */
export class PreparedWriteSignal {
  readonly request: unknown;
  constructor(request: unknown) {
    this.request = request;
  }
}

/** Stops the action when `client` is in prepare-only mode, carrying the request it would have sent. */
export function stopIfPreparing(client: object, request: unknown): void {
  if ((client as Record<string, unknown>)[PREPARE_ONLY] === true) throw new PreparedWriteSignal(request);
}
