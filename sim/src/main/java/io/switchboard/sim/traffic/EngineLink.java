package io.switchboard.sim.traffic;

import static io.switchboard.sim.traffic.Pacing.NONE;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.Step;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The simulator's line to its tenant: each step goes through {@link Tenants#submit}, and what it
 * caused comes back through the tenants' listener, at once for a step of the simulator's thread,
 * queued for that thread otherwise (a service's timers, attached). It keeps the steps whose events
 * the sink has not acknowledged under a bound, measures their latency, keeps the sink's first
 * failure, and, standalone, follows the engine's next timer.
 */
final class EngineLink {

  private final Tenants tenants;
  private final String tenant;
  private final TenantEngine engine;
  private final Pacing pacing;
  private final Counters counters;
  private final LongConsumer latency;
  private final int maxInFlight;

  private final ConcurrentLinkedQueue<Outcome> inbox = new ConcurrentLinkedQueue<>();
  private volatile Thread loop;
  private boolean submitting;
  private Outcome justRun;
  private volatile long engineTimer = NONE;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * @param latency told the latency of each step that publishes (see {@link
   *     TrafficSimulator.Options#latency}); null: not measured
   */
  EngineLink(
      Tenants tenants,
      String tenant,
      Pacing pacing,
      Counters counters,
      LongConsumer latency,
      int maxInFlight) {
    this.tenants = tenants;
    this.tenant = tenant;
    // the engine is only read for its next timer, under the tenant's lock, in the listener
    this.engine = tenants.engine(tenant).orElseThrow();
    this.pacing = pacing;
    this.counters = counters;
    this.latency = latency;
    this.maxInFlight = maxInFlight;
  }

  /** Starts listening to the tenants' outcomes. */
  void listen() {
    tenants.addListener(this::onOutcome);
  }

  /** The run's loop is the calling thread, from now until {@link #leave}. */
  void enter() {
    loop = Thread.currentThread();
  }

  void leave() {
    loop = null;
  }

  /** Wakes the run's loop, if it is parked. */
  void wake() {
    Thread thread = loop;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /** Standalone, the virtual time the engine's next timer falls due; {@link Pacing#NONE} else. */
  long engineTimer() {
    return pacing.virtual() ? engineTimer : NONE;
  }

  /** The engine's next timer is being fired. */
  void timerFired() {
    engineTimer = NONE;
  }

  private void onOutcome(String forTenant, Step step, Outcome outcome) {
    if (!forTenant.equals(tenant)) {
      return;
    }
    if (pacing.virtual()) {
      Optional<Instant> due = engine.nextTimer();
      engineTimer = due.map(t -> Math.max(pacing.clockSetTo(), pacing.sinceStart(t))).orElse(NONE);
    }
    if (submitting && Thread.currentThread() == loop) {
      justRun = outcome;
    } else {
      inbox.add(outcome);
      Thread thread = loop;
      if (thread != null && thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }
  }

  /** Whether outcomes of other threads wait for the loop. */
  boolean hasNews() {
    return !inbox.isEmpty();
  }

  /** Hands the outcomes of other threads to {@code process}, in order. */
  void drain(Consumer<Outcome> process) {
    Outcome outcome;
    while ((outcome = inbox.poll()) != null) {
      pacing.catchUp();
      process.accept(outcome);
    }
  }

  /** Runs {@code step} on the engine and returns what it caused (not yet acknowledged). */
  Outcome submit(Step step) {
    while (inFlight.get() >= maxInFlight) {
      checkFailure();
      LockSupport.parkNanos(20_000);
    }
    counters.step();
    long due = pacing.wallDue();
    submitting = true;
    justRun = null;
    CompletableFuture<Outcome> acknowledged;
    try {
      acknowledged = tenants.submit(tenant, step);
    } finally {
      submitting = false;
    }
    Outcome outcome = justRun;
    justRun = null;
    if (outcome == null) {
      throw new IllegalStateException("the engine gave no outcome for " + step.name());
    }
    if (acknowledged.isDone()) {
      if (acknowledged.isCompletedExceptionally()) {
        acknowledged.whenComplete((o, error) -> failure.compareAndSet(null, error));
      } else if (latency != null && publishes(outcome)) {
        latency.accept(System.nanoTime() - due);
      }
    } else {
      inFlight.incrementAndGet();
      boolean measure = latency != null && publishes(outcome);
      acknowledged.whenComplete(
          (o, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else if (measure) {
              latency.accept(System.nanoTime() - due);
            }
            inFlight.decrementAndGet();
          });
    }
    return outcome;
  }

  private static boolean publishes(Outcome outcome) {
    for (Delivery d : outcome.deliveries()) {
      if (d.event().type().published()) {
        return true;
      }
    }
    return false;
  }

  /**
   * @throws IllegalStateException if the sink failed; the message says why
   */
  void checkFailure() {
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "publishing failed, so the simulation stopped: " + error.getMessage(), error);
    }
  }

  /** Waits until the sink has acknowledged every step, or failed. */
  void awaitAcknowledgements(BooleanSupplier stopped) {
    // a run attached to a service that is shutting down does not wait long for a sink that may be
    // gone; a standalone run counts its events once acknowledged, so it waits for all of them
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0
        && failure.get() == null
        && (pacing.virtual() || !stopped.getAsBoolean() || System.nanoTime() < deadline)) {
      LockSupport.parkNanos(100_000);
    }
  }
}
