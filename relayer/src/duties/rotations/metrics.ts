/** Metrics of the rotation submitter (`relayer_rotations_*`), besides the runner's own. */
import { Gauge, type Registry } from "prom-client";

export class RotationMetrics {
  /** Seconds until a target's committed set expires (`ValidatorSet.expiresAt()` minus the chain's time); absent on deployments without expiry. */
  readonly expiresIn: Gauge<"chain">;
  /** 1 while a target's set is within `urgentBeforeExpirySeconds` of its expiry (or past it). */
  readonly urgent: Gauge<"chain">;

  constructor(registry: Registry) {
    const r = [registry];
    this.expiresIn = new Gauge({
      name: "relayer_rotations_set_expires_in_seconds",
      help: "rotations: seconds until the target chain's committed validator set expires (negative: expired)",
      labelNames: ["chain"],
      registers: r,
    });
    this.urgent = new Gauge({
      name: "relayer_rotations_urgent",
      help: "rotations: 1 while the target chain's validator set is close to its maximum age",
      labelNames: ["chain"],
      registers: r,
    });
  }
}
