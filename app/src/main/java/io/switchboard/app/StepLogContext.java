package io.switchboard.app;

import io.switchboard.engine.Tenants;
import io.switchboard.model.ConnId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * Puts the tenant of the step being run, and the ConnID of the call it concerns, into the logs'
 * context (the MDC: {@code tenant}, {@code ConnID}) for as long as the step runs, so that each line
 * logged meanwhile names them: after the logger in text, under {@code mdc} in JSON ({@link
 * LogFormat}). The context is set around the step only, on the thread that runs it, and put back as
 * it was after.
 */
final class StepLogContext implements Tenants.StepScope {
  static final String TENANT = "tenant";
  static final String CONN_ID = "ConnID";

  /** What the context held before the step, to put back: a step may run inside another's. */
  private final ThreadLocal<Deque<String[]>> before = ThreadLocal.withInitial(ArrayDeque::new);

  @Override
  public void begin(String tenant, Optional<ConnId> connId) {
    before.get().push(new String[] {MDC.get(TENANT), MDC.get(CONN_ID)});
    MDC.put(TENANT, tenant);
    if (connId.isPresent()) {
      MDC.put(CONN_ID, connId.get().toString());
    } else {
      MDC.remove(CONN_ID);
    }
  }

  @Override
  public void call(ConnId connId) {
    MDC.put(CONN_ID, connId.toString());
  }

  @Override
  public void end() {
    String[] was = before.get().poll();
    restore(TENANT, was == null ? null : was[0]);
    restore(CONN_ID, was == null ? null : was[1]);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
