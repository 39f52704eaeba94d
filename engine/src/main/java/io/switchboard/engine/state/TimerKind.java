package io.switchboard.engine.state;

/** What a timer does when it falls due; every kind re-checks that it still applies. */
public enum TimerKind {
  /** An agent's after-call work is over: dn = its DN, subject = its id. */
  WRAP_UP,
  /** An ACD call rang too long: dn = the agent's DN, subject = the queue. */
  NO_ANSWER,
  /** A call that found no agent is queued at the queue's overflow queues: subject = queue. */
  OVERFLOW,
  /** No route came in time: subject = the routing point. */
  DEFAULT_ROUTE
}
