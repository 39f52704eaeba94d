package io.switchboard.sim.traffic;

import io.switchboard.model.ConnId;

/**
 * What the simulator knows of one call, from its arrival to its end: where it waits, which agent
 * has it, how many parties are on it. Written by the callers' and the agents' behaviour on the
 * simulator's thread.
 */
final class SimCall {
  final long index;
  final int queue;
  final long arrival;
  final String from;
  ConnId connId;
  int legQueue;
  long queuedAt = -1;
  long answeredAt = -1;
  long deliveredAt = -1;
  boolean waiting;
  int legs;
  int agent = -1;
  boolean ringing;
  boolean held;
  boolean abandoning;
  boolean transferred;
  boolean over;

  SimCall(long index, int queue, long arrival, String from) {
    this.index = index;
    this.queue = queue;
    this.legQueue = queue;
    this.arrival = arrival;
    this.from = from;
  }
}
