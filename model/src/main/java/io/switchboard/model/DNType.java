package io.switchboard.model;

/**
 * The type of a DN in a tenant's directory. A number that is in no directory is external: it is
 * reached through the network.
 */
public enum DNType {
  /** An agent's or a user's phone. */
  Extension,
  /** An ACD queue: calls wait here until an agent is ready. */
  ACDQueue,
  /** A routing point: calls wait here for a routing instruction. */
  RoutingPoint,
  /** An IVR port that applies treatments. */
  VoiceTreatmentPort,
  /** A trunk to the network. */
  Trunk
}
