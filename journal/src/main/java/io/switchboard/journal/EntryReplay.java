package io.switchboard.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.HandledStep;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries read back from a log (the local journal, or a tenant's log in Kafka in cluster mode)
 * applied to the tenants: configurations set, steps run again as they ran the first time. The one
 * place that rebuilds state from recorded entries.
 */
public final class EntryReplay {

  private static final Logger log = LoggerFactory.getLogger(EntryReplay.class);

  private EntryReplay() {}

  /**
   * Runs a step read back from a log again, with the instant and connection ids it ran with; a
   * difference from the recorded events (an engine that changed between versions) is logged.
   *
   * @param where the entry, for messages ("Journal entry 12 in data/journal")
   * @return false if it came out different
   * @throws IllegalStateException if no earlier entry configures the tenant, or the step cannot be
   *     read by this version
   */
  public static boolean step(
      Tenants tenants, JournalEntry.Step entry, String where, EventJson json) {
    HandledStep again =
        rerun(
            tenants,
            entry.tenant(),
            entry.step(),
            entry.instant(),
            entry.connIds(),
            entry.idempotencyKey(),
            where);
    List<Event> published = again.outcome().published();
    String difference = null;
    if (!again.connIds().equals(entry.connIds())) {
      difference = "connection ids " + again.connIds() + " instead of " + entry.connIds();
    } else if (published.size() != entry.events().size()) {
      difference = published.size() + " published events instead of " + entry.events().size();
    } else {
      for (int i = 0; i < published.size(); i++) {
        byte[] value = json.encode(published.get(i));
        if (!Arrays.equals(value, entry.events().get(i).value())) {
          difference =
              "event "
                  + i
                  + " is "
                  + new String(value, StandardCharsets.UTF_8)
                  + " instead of "
                  + entry.events().get(i).valueText();
          break;
        }
      }
    }
    return same(where, entry.stepText(), entry.tenant(), difference);
  }

  /**
   * A step whose events were kept as digests, run again: the step with its events' bodies, unless
   * the run published another number of events than recorded (the bodies cannot be matched to the
   * recorded events then).
   */
  public record Replayed(Optional<JournalEntry.Step> step, boolean same) {}

  /**
   * Runs a step whose events were recorded as digests again, as {@link #step} does, and gives it
   * back with the bodies of its events as the run made them (numbered as recorded). A difference
   * from the digests is logged.
   *
   * @throws IllegalStateException if no earlier entry configures the tenant, or the step cannot be
   *     read by this version
   */
  public static Replayed step(
      Tenants tenants, JournalEntry.DigestedStep entry, String where, EventJson json) {
    HandledStep again =
        rerun(
            tenants,
            entry.tenant(),
            entry.step(),
            entry.instant(),
            entry.connIds(),
            entry.idempotencyKey(),
            where);
    List<Event> published = again.outcome().published();
    if (published.size() != entry.events().size()) {
      same(
          where,
          entry.stepText(),
          entry.tenant(),
          published.size() + " published events instead of " + entry.events().size());
      return new Replayed(Optional.empty(), false);
    }
    List<byte[]> bodies = new ArrayList<>(published.size());
    String difference = null;
    if (!again.connIds().equals(entry.connIds())) {
      difference = "connection ids " + again.connIds() + " instead of " + entry.connIds();
    }
    for (int i = 0; i < published.size(); i++) {
      byte[] body = json.encode(published.get(i));
      bodies.add(body);
      if (difference == null && !entry.events().get(i).matches(body)) {
        difference =
            "event "
                + i
                + " "
                + new String(body, StandardCharsets.UTF_8)
                + ", which is not the one recorded (its length or CRC differs)";
      }
    }
    boolean same = same(where, entry.stepText(), entry.tenant(), difference);
    return new Replayed(Optional.of(entry.withBodies(bodies)), same);
  }

  private static HandledStep rerun(
      Tenants tenants,
      String tenant,
      byte[] json,
      java.time.Instant instant,
      List<Long> connIds,
      Optional<String> idempotencyKey,
      String where) {
    if (tenants.engine(tenant).isEmpty()) {
      throw new IllegalStateException(
          where
              + " is a step of tenant '"
              + tenant
              + "', which no earlier entry configures: the journal is damaged or incomplete");
    }
    Step step;
    try {
      JsonNode node = Json.mapper().readTree(json);
      step = StepJson.parse(node, ConnIdResolver.of(Map.of(), tenant)).step();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          where
              + " holds a step this version cannot read ("
              + e.getMessage()
              + "): "
              + new String(json, StandardCharsets.UTF_8),
          e);
    }
    return tenants.replay(tenant, step, instant, connIds, idempotencyKey);
  }

  private static boolean same(String where, String step, String tenant, String difference) {
    if (difference != null) {
      log.warn("Replaying {} ({}) of tenant {} gave {}", where, step, tenant, difference);
      return false;
    }
    return true;
  }

  /**
   * Creates the tenant, or brings its directory and agents to {@code config}'s, without recording
   * the change (it is being read back).
   */
  public static void configure(Tenants tenants, TenantConfig config) {
    if (tenants.engine(config.tenant()).isEmpty()) {
      tenants.add(config);
    } else {
      tenants.reconfigure(
          config.tenant(),
          engine -> {
            changeDirectory(engine, config);
            changeAgents(engine, config);
          });
    }
  }

  /** Adds and removes DNs so that the engine's directory is {@code config}'s. */
  public static void changeDirectory(TenantEngine engine, TenantConfig config) {
    Map<String, DirectoryEntry> target = new LinkedHashMap<>();
    config.directory().forEach(e -> target.put(e.dn(), e));
    Map<String, DirectoryEntry> current =
        engine.config().directory().stream()
            .collect(Collectors.toMap(DirectoryEntry::dn, e -> e, (a, b) -> a, LinkedHashMap::new));
    for (DirectoryEntry entry : current.values()) {
      DirectoryEntry wanted = target.get(entry.dn());
      if (wanted == null || !wanted.equals(entry)) {
        engine.removeDn(entry.dn());
      }
    }
    for (DirectoryEntry entry : target.values()) {
      DirectoryEntry had = current.get(entry.dn());
      if (had == null || !had.equals(entry)) {
        engine.addDn(entry);
      }
    }
  }

  /**
   * Sets the engine's agents to {@code config}'s.
   *
   * @throws IllegalStateException if an agent logged in is not in them
   */
  public static void changeAgents(TenantEngine engine, TenantConfig config) {
    if (!engine.config().agents().equals(config.agents())) {
      engine.setAgents(config.agents());
    }
  }
}
