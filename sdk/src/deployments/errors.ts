import { BttError } from "../errors.ts";

/** A deployment manifest is malformed, or does not hold what was asked of it. */
export class DeploymentManifestError extends BttError {
  override name = "DeploymentManifestError";
}
