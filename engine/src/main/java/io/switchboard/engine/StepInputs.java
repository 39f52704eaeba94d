package io.switchboard.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The clock and the id source one tenant's engine is built with. {@link Tenants} sets the instant
 * before each step and collects the ids the engine draws, so that a step can be recorded with its
 * inputs and run again with them.
 *
 * <p>Ids only increase: an id from the live source that is not above every id already handed out
 * (in this run, or by steps run again from a journal) is replaced by the next one above, so that a
 * restart within the same second cannot reuse an id.
 */
final class StepInputs implements InstantSource, IdSource {

  private final IdSource live;
  private Instant instant = Instant.EPOCH;
  private List<Long> drawn = new ArrayList<>();
  private Iterator<Long> replaying;
  private boolean anyDrawn;
  private long highest;

  StepInputs(IdSource live) {
    this.live = live;
  }

  /** Starts a step at {@code now}; its ids come from the live source. */
  void begin(Instant now) {
    instant = now;
    drawn = new ArrayList<>();
    replaying = null;
  }

  /** Starts a step run again at {@code now} with the ids it drew the first time. */
  void replay(Instant now, List<Long> ids) {
    begin(now);
    replaying = ids.iterator();
  }

  /** Makes every id handed out from now on greater than {@code id} (one a restored state holds). */
  void atLeast(long id) {
    if (!anyDrawn || Long.compareUnsigned(id, highest) > 0) {
      highest = id;
      anyDrawn = true;
    }
  }

  /** Ends the step and returns the ids it drew. */
  List<Long> end() {
    List<Long> ids = List.copyOf(drawn);
    drawn = new ArrayList<>();
    replaying = null;
    return ids;
  }

  @Override
  public Instant instant() {
    return instant;
  }

  @Override
  public long nextConnId() {
    long id;
    if (replaying != null && replaying.hasNext()) {
      id = replaying.next();
    } else {
      // a replayed step that asks for more ids than it drew the first time gets fresh ones; the
      // caller sees the difference in the ids returned by end()
      id = live.nextConnId();
      if (anyDrawn && Long.compareUnsigned(id, highest) <= 0) {
        id = highest + 1;
      }
    }
    if (!anyDrawn || Long.compareUnsigned(id, highest) > 0) {
      highest = id;
      anyDrawn = true;
    }
    drawn.add(id);
    return id;
  }
}
