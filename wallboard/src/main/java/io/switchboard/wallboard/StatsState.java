package io.switchboard.wallboard;

/**
 * Where {@link StatsModel} keeps a tenant's state and reports what changed: the Streams processor
 * backs it with state stores and forwards every change to the {@code voice-stats} topic.
 */
interface StatsState {
  AgentStats agent(String tenant, String agentId);

  void put(AgentStats agent);

  /** The agent logged in on {@code dn}, or null. */
  String agentOn(String tenant, String dn);

  /** Records that {@code agentId} is logged in on {@code dn} (null: nobody). */
  void agentOn(String tenant, String dn, String agentId);

  QueueStats queue(String tenant, String queue);

  void put(QueueStats queue);

  /** An interval of {@code queue} that has ended, with its final figures. */
  void intervalClosed(QueueStats queue, Figures interval);

  CallStats call(String tenant, String thread);

  void put(CallStats call);

  /** {@code step} was added to {@code call} (for live diagrams). */
  void stepAdded(CallStats call, CallStats.Step step);

  void callEnded(CallStats call);
}
