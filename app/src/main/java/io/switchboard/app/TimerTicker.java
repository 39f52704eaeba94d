package io.switchboard.app;

import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engines' timers (no-answer, after-call work, default routing, queue overflow) fire on
 * time in the running service: after every step it looks at the tenant's next timer and runs an
 * {@code Advance} step for that tenant when the timer falls due. The engine itself reads no clock
 * between steps.
 */
final class TimerTicker implements Tenants.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TimerTicker.class);

  private final Tenants tenants;
  private final Clock clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-timers");
            thread.setDaemon(true);
            return thread;
          });

  /** The earliest tick scheduled per tenant, so that one timer gets one tick. */
  private final Map<String, Instant> scheduled = new ConcurrentHashMap<>();

  TimerTicker(Tenants tenants, Clock clock) {
    this.tenants = tenants;
    this.clock = clock;
  }

  /** The tenants it runs timers for. */
  Tenants tenants() {
    return tenants;
  }

  @Override
  public void onOutcome(String tenant, Step step, Outcome outcome) {
    // a step the service refused (its tenant moving, say) changed nothing: try again in a second
    // rather than at once
    Instant notBefore =
        outcome.errorCode().filter(ErrorCode::refusedByService).isPresent()
            ? clock.instant().plusSeconds(1)
            : Instant.MIN;
    tenants
        .engine(tenant)
        .flatMap(TenantEngine::nextTimer)
        .ifPresent(due -> schedule(tenant, due.isBefore(notBefore) ? notBefore : due));
  }

  private void schedule(String tenant, Instant due) {
    Instant earlier = scheduled.merge(tenant, due, (a, b) -> a.isBefore(b) ? a : b);
    if (!earlier.equals(due)) {
      return;
    }
    long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
    scheduler.schedule(() -> tick(tenant, due), delay, TimeUnit.MILLISECONDS);
  }

  private void tick(String tenant, Instant due) {
    scheduled.remove(tenant, due);
    if (tenants.engine(tenant).isEmpty()) {
      return;
    }
    try {
      tenants.submit(tenant, new Advance(Duration.ZERO));
    } catch (RuntimeException e) {
      LOG.warn("timers of tenant {} could not run: {}", tenant, e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
