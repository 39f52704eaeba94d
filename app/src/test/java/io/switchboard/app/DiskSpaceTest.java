package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps are refused while the disk is below its reserve, and taken again once there is room. */
class DiskSpaceTest {

  @Test
  void belowTheReserveStepsAreRefusedAndTakenAgainOnceThereIsRoom(@TempDir Path dir)
      throws Exception {
    Path journal = Files.createDirectories(dir.resolve("journal"));
    Files.write(journal.resolve("segment"), new byte[3000]);
    AtomicLong free = new AtomicLong(10L << 30);
    AtomicLong now = new AtomicLong();
    DiskSpace disk =
        new DiskSpace(
            Map.of("journal", journal, "kafka", dir.resolve("absent")),
            512L << 20,
            d -> new long[] {free.get(), 100L << 30},
            now::get);
    assertThat(disk.refusal()).isEmpty();
    assertThat(disk.health())
        .containsEntry("freeBytes", 10L << 30)
        .containsEntry("totalBytes", 100L << 30)
        .containsEntry("full", false)
        .containsEntry("usedBytes", Map.of("journal", 3000L, "kafka", 0L));

    free.set(100L << 20);
    // looked at once a second at most
    assertThat(disk.refusal()).isEmpty();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    Refusal refusal = disk.refusal().orElseThrow();
    assertThat(refusal.code()).isEqualTo(ErrorCode.DiskFull);
    assertThat(refusal.message())
        .contains("the disk is full")
        .contains(journal.toString())
        .contains("100 MiB free, less than the 512 MiB")
        .contains("--min-free-disk");
    assertThat(disk.full()).isTrue();
    assertThat(disk.health()).containsEntry("full", true);

    free.set(1L << 30);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(disk.refusal()).isEmpty();
    assertThat(disk.full()).isFalse();
  }

  @Test
  void aDiskWhoseSpaceCannotBeReadRefusesNothing(@TempDir Path dir) {
    DiskSpace disk =
        new DiskSpace(
            Map.of("journal", dir),
            512L << 20,
            d -> {
              throw new java.io.IOException("not supported");
            },
            System::nanoTime);
    assertThat(disk.refusal()).isEmpty();
    assertThat(disk.health()).doesNotContainKey("freeBytes").containsEntry("full", false);
  }
}
