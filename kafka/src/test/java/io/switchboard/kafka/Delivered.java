package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.verify.Deduplicator;
import io.switchboard.verify.StreamVerifier;
import io.switchboard.verify.SwitchboardRecord;
import io.switchboard.verify.TopicScanner;
import io.switchboard.verify.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What reached Kafka: the verifier's report and the values per key after deduplication. */
record Delivered(VerifyReport report, Map<String, List<String>> byKey, long records) {

  static Delivered read(String bootstrap, TopicNames topics) {
    StreamVerifier verifier = new StreamVerifier(true);
    Deduplicator dedup = new Deduplicator();
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    long records =
        TopicScanner.scan(
            bootstrap,
            Map.of(),
            topics.all(),
            Optional.empty(),
            Duration.ofSeconds(60),
            (SwitchboardRecord r) -> {
              verifier.accept(r);
              if (dedup.isNew(r)) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.valueText());
              }
            });
    return new Delivered(verifier.report(), byKey, records);
  }

  /** Checks that every acknowledged event is there once, in order per key, and nothing else. */
  void containsExactly(List<Traffic.Acked> acked) {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    acked.forEach(a -> expected.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.value()));
    assertThat(report.lines()).as("the verifier's report").last().isEqualTo("result: OK");
    assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((key, values) -> assertThat(byKey.get(key)).as(key).isEqualTo(values));
  }
}
