package io.switchboard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StreamVerifierTest {

  static long offset;

  static SwitchboardRecord record(String key, long seq, String origin, String value) {
    return new SwitchboardRecord(
        "voice-callthread",
        0,
        offset++,
        key,
        OptionalLong.of(seq),
        Optional.of(origin + "-" + seq + "-0"),
        value.getBytes(StandardCharsets.UTF_8),
        0);
  }

  static SwitchboardRecord record(String key, long seq) {
    return record(key, seq, "j1", "{\"id\":\"EventDNDOn\",\"ThisDN\":\"5001\"}");
  }

  static VerifyReport verify(boolean fromBeginning, SwitchboardRecord... records) {
    StreamVerifier verifier = new StreamVerifier(fromBeginning);
    for (SwitchboardRecord record : records) {
      verifier.accept(record);
    }
    return verifier.report();
  }

  @Test
  void aGaplessStreamIsClean() {
    VerifyReport report =
        verify(
            true, record("a", 1), record("b", 1), record("a", 2), record("b", 2), record("a", 3));
    assertThat(report.clean()).isTrue();
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.keys()).isEqualTo(2);
    assertThat(report.lines()).last().isEqualTo("result: OK");
  }

  @Test
  void duplicatesAreCountedOnce() {
    VerifyReport report =
        verify(true, record("a", 1), record("a", 2), record("a", 2), record("a", 1));
    assertThat(report.duplicates()).isEqualTo(2);
    assertThat(report.missing()).isZero();
    assertThat(report.clean()).as("a consumer drops duplicates").isTrue();
    assertThat(report.examples()).anyMatch(e -> e.startsWith("duplicate:"));
  }

  @Test
  void anotherEventWithATakenNumberIsAConflict() {
    VerifyReport report = verify(true, record("a", 1), record("a", 2), record("a", 2, "j1", "{}"));
    assertThat(report.duplicates()).isEqualTo(1);
    assertThat(report.conflicts()).isZero();
    SwitchboardRecord other =
        new SwitchboardRecord(
            "voice-callthread",
            0,
            99,
            "a",
            OptionalLong.of(2),
            Optional.of("j1-77-0"),
            new byte[0],
            0);
    VerifyReport conflict = verify(true, record("a", 1), record("a", 2), other);
    assertThat(conflict.conflicts()).isEqualTo(1);
    assertThat(conflict.clean()).isFalse();
  }

  @Test
  void gapsAreMissingUntilTheRecordsArriveLate() {
    VerifyReport gap = verify(true, record("a", 1), record("a", 4));
    assertThat(gap.missing()).isEqualTo(2);
    VerifyReport late =
        verify(true, record("a", 1), record("a", 4), record("a", 3), record("a", 2));
    assertThat(late.missing()).isZero();
    assertThat(late.reordered()).isEqualTo(2);
    assertThat(late.duplicates()).isZero();
  }

  @Test
  void theStartOfAKeyIsMissingOnlyWhenReadFromTheBeginning() {
    assertThat(verify(true, record("a", 3), record("a", 4)).missing()).isEqualTo(2);
    VerifyReport since = verify(false, record("a", 3), record("a", 4));
    assertThat(since.missing()).isZero();
    assertThat(since.partialKeys()).isEqualTo(1);
    assertThat(since.clean()).isTrue();
  }

  @Test
  void aNewOriginStartsTheKeyAgain() {
    VerifyReport report =
        verify(
            true,
            record("a", 1),
            record("a", 2),
            record("a", 1, "j2", "{}"),
            record("a", 2, "j2", "{}"));
    assertThat(report.restarts()).isEqualTo(1);
    assertThat(report.duplicates()).isZero();
    assertThat(report.clean()).isTrue();
  }

  @Test
  void recordsWithoutNumbersAreCounted() {
    StreamVerifier verifier = new StreamVerifier(true);
    verifier.accept(
        new SwitchboardRecord(
            "t", 0, 0, "k", OptionalLong.empty(), Optional.empty(), new byte[0], 0));
    assertThat(verifier.report().unsequenced()).isEqualTo(1);
  }

  @Test
  void modelViolationsAreReportedByRule() {
    String established = "{\"id\":\"EventEstablished\",\"ConnID\":\"c1\",\"ThisDN\":\"5002\"}";
    VerifyReport report =
        verify(
            true,
            record("t", 1, "j1", "{\"id\":\"EventRinging\",\"ConnID\":\"c1\",\"ThisDN\":\"5002\"}"),
            record("t", 2, "j1", established),
            record(
                "t", 3, "j1", "{\"id\":\"EventReleased\",\"ConnID\":\"c1\",\"ThisDN\":\"5002\"}"),
            record("t", 4, "j1", established));
    assertThat(report.violations()).containsEntry("EventAfterReleased", 1L);
    assertThat(report.clean()).isFalse();
  }

  @Test
  void aDuplicateIsNotCheckedAgainstTheModel() {
    String released = "{\"id\":\"EventReleased\",\"ConnID\":\"c1\",\"ThisDN\":\"5002\"}";
    VerifyReport report =
        verify(
            true,
            record("t", 1, "j1", "{\"id\":\"EventRinging\",\"ConnID\":\"c1\",\"ThisDN\":\"5002\"}"),
            record("t", 2, "j1", released),
            record("t", 2, "j1", released));
    assertThat(report.duplicates()).isEqualTo(1);
    assertThat(report.modelViolations()).isZero();
  }
}
