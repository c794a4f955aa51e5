/**
 * @btt-network/sdk: the root entry re-exports the foundation (errors, content commitments and
 * signed messages). Each domain also has its own subpath export, e.g. `@btt-network/sdk/commitment`.
 */
export { BttError, InvalidArgumentError } from "./errors.ts";
export type { BttErrorOptions } from "./errors.ts";
export * from "./commitment/index.ts";
export * from "./messages/index.ts";
