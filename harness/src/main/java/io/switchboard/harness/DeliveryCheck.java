package io.switchboard.harness;

import io.switchboard.kafka.TopicNames;
import io.switchboard.verify.Deduplicator;
import io.switchboard.verify.StreamVerifier;
import io.switchboard.verify.SwitchboardRecord;
import io.switchboard.verify.TopicScanner;
import io.switchboard.verify.VerifyReport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What reached Kafka, checked against what was acknowledged: the topics are read from the beginning
 * by the verifying consumer (sequence numbers, call model), duplicates are dropped, and every
 * acknowledged event is looked for, in order, among its key's events.
 *
 * @param report the verifying consumer's report
 * @param records the records read
 * @param duplicates records dropped as duplicates (same key and number)
 * @param acknowledged the events of acknowledged steps
 * @param lost acknowledged events not on Kafka
 * @param outOfOrder acknowledged events on Kafka, but not in the order they were acknowledged
 * @param unacknowledged events on Kafka whose steps were never answered (the service was killed
 *     after journaling them): delivered, as journaled steps must be
 */
public record DeliveryCheck(
    VerifyReport report,
    long records,
    long duplicates,
    long acknowledged,
    long lost,
    long outOfOrder,
    long unacknowledged) {

  /** Whether nothing acknowledged is missing, duplicated after deduplication, or out of order. */
  public boolean clean() {
    return report.clean() && lost == 0 && outOfOrder == 0;
  }

  public static DeliveryCheck run(
      String bootstrap,
      Map<String, Object> clientProperties,
      TopicNames topics,
      AckedEvents ackedEvents) {
    Map<String, AckedEvents.Fingerprints> acked = ackedEvents.byKey();
    StreamVerifier verifier = new StreamVerifier(true);
    Deduplicator dedup = new Deduplicator();
    Map<String, AckedEvents.Fingerprints> delivered = new HashMap<>();
    Map<String, String> logical =
        Map.of(topics.agentState(), "AGENT_STATE", topics.callThread(), "CALL_THREAD");
    long records =
        TopicScanner.scan(
            bootstrap,
            clientProperties,
            topics.all(),
            Optional.empty(),
            Duration.ofMinutes(2),
            (SwitchboardRecord r) -> {
              verifier.accept(r);
              if (dedup.isNew(r)) {
                delivered
                    .computeIfAbsent(
                        AckedEvents.key(logical.get(r.topic()), r.key()),
                        k -> new AckedEvents.Fingerprints())
                    .add(AckedEvents.fingerprint(r.value()));
              }
            });
    long acknowledged = 0;
    long lost = 0;
    long outOfOrder = 0;
    long matched = 0;
    for (Map.Entry<String, AckedEvents.Fingerprints> key : acked.entrySet()) {
      AckedEvents.Fingerprints want = key.getValue();
      AckedEvents.Fingerprints have =
          delivered.getOrDefault(key.getKey(), new AckedEvents.Fingerprints());
      int at = 0;
      for (int i = 0; i < want.size(); i++) {
        acknowledged++;
        int found = indexOf(have, want.get(i), at);
        if (found >= 0) {
          matched++;
          at = found + 1;
        } else if (indexOf(have, want.get(i), 0) >= 0) {
          outOfOrder++;
        } else {
          lost++;
        }
      }
    }
    long kept = delivered.values().stream().mapToLong(AckedEvents.Fingerprints::size).sum();
    return new DeliveryCheck(
        verifier.report(),
        records,
        dedup.dropped(),
        acknowledged,
        lost,
        outOfOrder,
        kept - matched);
  }

  private static int indexOf(AckedEvents.Fingerprints prints, long value, int from) {
    for (int i = from; i < prints.size(); i++) {
      if (prints.get(i) == value) {
        return i;
      }
    }
    return -1;
  }
}
