/**
 * Preloaded into every `hardhat node` the launcher starts (`node --import`): its HTTP server never
 * closes an idle keep-alive connection; clients close their own (undici after 4 s idle).
 *
 * With Node's default (5 s, announced to clients as `Keep-Alive: timeout=5`), a client reuses a
 * connection until shortly before the server's deadline. On a loaded machine the client's timer
 * runs late, it sends a request on a connection the server has just closed, and the request fails
 * with "other side closed" (seen in a full test run on 2 busy cores). A transaction sent that way
 * cannot be retried safely, since the client cannot know whether the node received it.
 */
import { Server } from "node:http";

const listen = Server.prototype.listen;
Server.prototype.listen = function (this: Server, ...args: Parameters<Server["listen"]>) {
  this.keepAliveTimeout = 0;
  return listen.apply(this, args);
} as Server["listen"];
