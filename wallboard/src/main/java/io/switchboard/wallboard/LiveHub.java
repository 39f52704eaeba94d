package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans the statistics' changes out to the pages watching a tenant. Changes are coalesced per
 * subscriber (the latest view of each agent, queue and call) and taken in batches by {@link
 * Subscriber#drain}, so a page that reads slowly gets fewer, fuller updates instead of a backlog.
 */
final class LiveHub implements StatsListener {
  /** The most call events a subscriber keeps between two batches; past it, it starts over. */
  static final int MAX_STEPS = 10_000;

  private final Map<String, Set<Subscriber>> byTenant = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder applied =
      new java.util.concurrent.atomic.LongAdder();
  private volatile java.util.function.ObjLongConsumer<String> observer = (tenant, time) -> {};

  @Override
  public void applied(String tenant, long eventTimeMillis) {
    applied.increment();
    observer.accept(tenant, eventTimeMillis);
  }

  long applied() {
    return applied.sum();
  }

  void observe(java.util.function.ObjLongConsumer<String> observer) {
    this.observer = observer;
  }

  Subscriber subscribe(String tenant) {
    Subscriber s = new Subscriber(tenant);
    byTenant.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(s);
    return s;
  }

  void unsubscribe(Subscriber s) {
    Set<Subscriber> set = byTenant.get(s.tenant);
    if (set != null) {
      set.remove(s);
    }
  }

  int subscribers() {
    return byTenant.values().stream().mapToInt(Set::size).sum();
  }

  void forEach(Consumer<Subscriber> action) {
    byTenant.values().forEach(set -> set.forEach(action));
  }

  @Override
  public void changed(String tenant, String kind, String id, ObjectNode view) {
    Set<Subscriber> set = byTenant.get(tenant);
    if (set == null) {
      return;
    }
    for (Subscriber s : set) {
      s.changed(kind, id, view);
    }
  }

  @Override
  public void step(String tenant, String thread, ObjectNode step) {
    Set<Subscriber> set = byTenant.get(tenant);
    if (set == null) {
      return;
    }
    for (Subscriber s : set) {
      s.step(thread, step);
    }
  }

  /** One page watching one tenant. */
  static final class Subscriber {
    final String tenant;
    private final Map<String, ObjectNode> changes = new LinkedHashMap<>();
    private final List<ObjectNode> steps = new ArrayList<>();
    private boolean overflow;

    Subscriber(String tenant) {
      this.tenant = tenant;
    }

    synchronized void changed(String kind, String id, ObjectNode view) {
      ObjectNode change = Mapper.JSON.createObjectNode();
      change.put("kind", kind);
      change.put("id", id);
      if (view == null) {
        change.put("removed", true);
      } else {
        change.set("view", view);
      }
      changes.put(kind + "/" + id, change);
    }

    synchronized void step(String thread, ObjectNode step) {
      if (steps.size() >= MAX_STEPS) {
        overflow = true;
        steps.clear();
        return;
      }
      ObjectNode s = step.deepCopy();
      s.put("callThread", thread);
      steps.add(s);
    }

    /**
     * The batch since the last one, or null when nothing changed: {@code {"changes": [...],
     * "steps": [...]}}, or {@code {"reload": true}} when more happened than it could keep.
     */
    synchronized ObjectNode drain() {
      if (overflow) {
        overflow = false;
        changes.clear();
        steps.clear();
        return Mapper.JSON.createObjectNode().put("reload", true);
      }
      if (changes.isEmpty() && steps.isEmpty()) {
        return null;
      }
      ObjectNode batch = Mapper.JSON.createObjectNode();
      ArrayNode c = batch.putArray("changes");
      changes.values().forEach(c::add);
      ArrayNode s = batch.putArray("steps");
      steps.forEach(s::add);
      changes.clear();
      steps.clear();
      return batch;
    }
  }
}
