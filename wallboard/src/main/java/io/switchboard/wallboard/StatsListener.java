package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Told of every change the statistics make, as it is made (the wallboard pushes them live). */
interface StatsListener {
  /**
   * {@code view} of {@code kind} ({@code agent}, {@code queue}, {@code call}) {@code id} changed;
   * null when it is gone (a call that ended).
   */
  void changed(String tenant, String kind, String id, ObjectNode view);

  /** An event was added to the diagram of call thread {@code thread}. */
  void step(String tenant, String thread, ObjectNode step);

  /** An event of {@code tenant} with time {@code eventTimeMillis} was applied (not a duplicate). */
  default void applied(String tenant, long eventTimeMillis) {}

  StatsListener NONE =
      new StatsListener() {
        @Override
        public void changed(String tenant, String kind, String id, ObjectNode view) {}

        @Override
        public void step(String tenant, String thread, ObjectNode step) {}
      };
}
