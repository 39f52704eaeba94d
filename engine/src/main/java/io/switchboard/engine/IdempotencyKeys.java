package io.switchboard.engine;

import io.switchboard.model.request.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The idempotency keys of one tenant's recent steps, with the outcome each got: a client that lost
 * an answer sends the step again under the same key and gets the first answer, and the step does
 * not run twice. Keys are kept {@link #WINDOW} after their step (by the tenant's clock, so that a
 * rebuild from a log keeps the same ones). Guarded by the tenant's lock.
 */
public final class IdempotencyKeys {

  /** How long a key is kept after its step. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  /** The most keys kept per tenant; the oldest go first beyond it. */
  static final int MAX_KEYS = 100_000;

  /** A key sent again with another step than the first time. */
  public static final class Conflict extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message);
    }
  }

  /**
   * A key kept, as a snapshot holds it: the step it was sent with, when, and its outcome.
   *
   * @param key the key
   * @param step the step
   * @param at when it ran
   * @param outcome what it caused
   */
  public record Kept(String key, Step step, Instant at, Outcome outcome) {}

  private record Remembered(
      Step step, Instant at, Outcome result, CompletableFuture<Outcome> outcome) {}

  private final LinkedHashMap<String, Remembered> keys = new LinkedHashMap<>();

  /**
   * The outcome of the step first sent under {@code key}, if it is still kept.
   *
   * @throws Conflict if that step was another one
   */
  Optional<CompletableFuture<Outcome>> earlier(String key, Step step, Instant now) {
    expire(now);
    Remembered first = keys.get(key);
    if (first == null) {
      return Optional.empty();
    }
    if (!first.step().equals(step)) {
      throw new Conflict(
          "the Idempotency-Key '"
              + key
              + "' was used at "
              + first.at()
              + " for another step ("
              + first.step().name()
              + "); a key stands for one step: send a new step under a new key");
    }
    return Optional.of(first.outcome());
  }

  /**
   * Remembers that the step sent under {@code key} at {@code at} has {@code result}, given once
   * {@code outcome} completes.
   */
  void remember(
      String key, Step step, Instant at, Outcome result, CompletableFuture<Outcome> outcome) {
    expire(at);
    keys.put(key, new Remembered(step, at, result, outcome));
    while (keys.size() > MAX_KEYS) {
      Iterator<Map.Entry<String, Remembered>> oldest = keys.entrySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  int size() {
    return keys.size();
  }

  /** The keys kept, oldest first. */
  List<Kept> kept() {
    List<Kept> kept = new ArrayList<>(keys.size());
    keys.forEach((key, r) -> kept.add(new Kept(key, r.step(), r.at(), r.result())));
    return kept;
  }

  /** Keys taken back from a snapshot, their steps acknowledged long since. */
  void restore(List<Kept> kept) {
    keys.clear();
    for (Kept k : kept) {
      keys.put(
          k.key(),
          new Remembered(
              k.step(), k.at(), k.outcome(), CompletableFuture.completedFuture(k.outcome())));
    }
  }

  private void expire(Instant now) {
    Instant horizon = now.minus(WINDOW);
    Iterator<Map.Entry<String, Remembered>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().at().isBefore(horizon)) {
        it.remove();
      } else {
        return;
      }
    }
  }
}
