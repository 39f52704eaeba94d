package io.switchboard.verify;

import java.util.List;
import java.util.Map;

/**
 * What a {@link StreamVerifier} found.
 *
 * @param records the records read
 * @param keys the keys (per topic) seen
 * @param unsequenced records without a sequence number (not published by Switchboard's journal)
 * @param duplicates records whose number was already seen for their key: the same event again,
 *     which a consumer drops ({@link Deduplicator})
 * @param conflicts records whose number was already seen for their key with another event
 * @param reordered records that came after a higher number of their key
 * @param missing numbers never seen (see {@link StreamVerifier})
 * @param restarts keys whose numbering started again from a new origin
 * @param partialKeys keys whose first record read is not number 1
 * @param violations model violations by rule ({@link ModelCheck.Rule} names)
 * @param examples the first problems found, described
 * @param fromBeginning whether the stream was read from the oldest records kept
 */
public record VerifyReport(
    long records,
    long keys,
    long unsequenced,
    long duplicates,
    long conflicts,
    long reordered,
    long missing,
    long restarts,
    long partialKeys,
    Map<String, Long> violations,
    List<String> examples,
    boolean fromBeginning) {

  public VerifyReport {
    violations = Map.copyOf(violations);
    examples = List.copyOf(examples);
  }

  /** All model violations. */
  public long modelViolations() {
    return violations.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Whether every key's events are there, once after deduplication, in order, and legal: nothing
   * missing, reordered, conflicting or breaking the model. Duplicates (the same event published
   * again) do not count against it: a consumer drops them.
   */
  public boolean clean() {
    return conflicts == 0 && reordered == 0 && missing == 0 && modelViolations() == 0;
  }

  /** The report as lines of text. */
  public List<String> lines() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("records:          " + records + " (" + keys + " keys)");
    lines.add("missing:          " + missing + (fromBeginning ? "" : " (within what was read)"));
    lines.add("duplicates:       " + duplicates + " (the same event again: a consumer drops them)");
    if (conflicts > 0) {
      lines.add("conflicts:        " + conflicts + " (one number, two different events)");
    }
    lines.add("reordered:        " + reordered);
    lines.add(
        "model violations: " + modelViolations() + (violations.isEmpty() ? "" : " " + violations));
    if (restarts > 0) {
      lines.add("restarts:         " + restarts + " (keys numbered again by a new journal)");
    }
    if (unsequenced > 0) {
      lines.add(
          "unsequenced:      "
              + unsequenced
              + " (records without "
              + SwitchboardRecord.SEQ_HEADER
              + ")");
    }
    if (!fromBeginning && partialKeys > 0) {
      lines.add("partial keys:     " + partialKeys + " (began before the start time)");
    }
    examples.forEach(e -> lines.add("  " + e));
    lines.add(clean() ? "result: OK" : "result: PROBLEMS FOUND");
    return lines;
  }
}
