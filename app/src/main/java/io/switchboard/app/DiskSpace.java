package io.switchboard.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.Refusal;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk that holds the service's data (the journal and the embedded broker's log): how much each
 * uses, how much is free. While the free space is below the reserve ({@code --min-free-disk}),
 * steps are refused before the engine runs them with EventError 204 DiskFull, so that neither the
 * journal nor the broker ever meets a full disk: the service stays up, says why, and takes steps
 * again by itself once there is room (the broker's retention frees some as it deletes old
 * segments). The free space is looked at once a second at most, the bytes used every ten seconds.
 */
final class DiskSpace {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

  /** The free space kept in reserve unless told otherwise. */
  static final long DEFAULT_MIN_FREE_BYTES = 512L << 20;

  private static final long LOOK_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MEASURE_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  /** Where the free space of a directory is read: its file store, for tests a figure. */
  interface Free {
    /** The bytes free for this process on the disk of {@code dir}, and the disk's size. */
    long[] freeAndTotal(Path dir) throws IOException;
  }

  private final Map<String, Path> dirs;
  private final long minFree;
  private final Free free;
  private final LongSupplier nanoTime;
  private final Map<String, AtomicLong> used = new LinkedHashMap<>();
  private volatile long lookedAt;
  private volatile long measuredAt;
  private volatile long freeBytes = Long.MAX_VALUE;
  private volatile long totalBytes;
  private volatile Path tightest;
  private volatile boolean full;

  /**
   * @param dirs the data directories by name ({@code journal}, {@code kafka}); those that do not
   *     exist are left out
   * @param minFree the free space kept in reserve
   */
  DiskSpace(Map<String, Path> dirs, long minFree) {
    this(dirs, minFree, DiskSpace::fileStore, System::nanoTime);
  }

  DiskSpace(Map<String, Path> dirs, long minFree, Free free, LongSupplier nanoTime) {
    if (minFree < 0) {
      throw new IllegalArgumentException("the free disk space to keep cannot be negative");
    }
    this.dirs = Map.copyOf(dirs);
    this.minFree = minFree;
    this.free = free;
    this.nanoTime = nanoTime;
    dirs.keySet().forEach(name -> used.put(name, new AtomicLong()));
    lookedAt = nanoTime.getAsLong() - LOOK_EVERY_NANOS;
    measuredAt = nanoTime.getAsLong() - MEASURE_EVERY_NANOS;
    look();
  }

  private static long[] fileStore(Path dir) throws IOException {
    FileStore store = Files.getFileStore(dir);
    return new long[] {store.getUsableSpace(), store.getTotalSpace()};
  }

  /** Why a step is refused now, if the disk is nearly full. */
  Optional<Refusal> refusal() {
    if (nanoTime.getAsLong() - lookedAt >= LOOK_EVERY_NANOS) {
      look();
    }
    if (!full) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            ErrorCode.DiskFull,
            "the disk is full: the disk of "
                + tightest
                + " has "
                + mib(freeBytes)
                + " free, less than the "
                + mib(minFree)
                + " the service keeps in reserve (--min-free-disk). Nothing was changed. Free"
                + " some space (the embedded broker keeps at most --kafka-retention-bytes of"
                + " events); steps are taken again by themselves once there is room."));
  }

  /** Reads the free space of each directory's disk; the tightest counts. */
  private synchronized void look() {
    lookedAt = nanoTime.getAsLong();
    long least = Long.MAX_VALUE;
    long total = 0;
    Path where = null;
    for (Path dir : dirs.values()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try {
        long[] figures = free.freeAndTotal(dir);
        if (figures[0] < least) {
          least = figures[0];
          total = figures[1];
          where = dir;
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("cannot read the free space of the disk of {}: {}", dir, e.toString());
      }
    }
    freeBytes = least;
    totalBytes = total;
    tightest = where;
    boolean now = where != null && least < minFree;
    if (now != full) {
      if (now) {
        LOG.error(
            "the disk of {} has {} free, less than the {} kept in reserve: steps are refused"
                + " (EventError 204 DiskFull) until there is room",
            where,
            mib(least),
            mib(minFree));
      } else {
        LOG.info("the disk has room again ({} free): steps are taken", mib(least));
      }
      full = now;
    }
  }

  /** Adds up the bytes of each directory, at most every ten seconds. */
  private synchronized void measure() {
    if (nanoTime.getAsLong() - measuredAt < MEASURE_EVERY_NANOS) {
      return;
    }
    measuredAt = nanoTime.getAsLong();
    dirs.forEach((name, dir) -> used.get(name).set(bytes(dir)));
  }

  private static long bytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    AtomicLong sum = new AtomicLong();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              sum.addAndGet(attrs.size());
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              // deleted meanwhile (the broker deletes segments as it goes)
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.debug("cannot add up the bytes of {}: {}", dir, e.toString());
    }
    return sum.get();
  }

  /** Whether steps are refused now for want of disk space. */
  boolean full() {
    refusal();
    return full;
  }

  /** The figures, for the health endpoint. */
  Map<String, Object> health() {
    refusal();
    measure();
    Map<String, Object> disk = new LinkedHashMap<>();
    if (tightest != null) {
      disk.put("freeBytes", freeBytes);
      disk.put("totalBytes", totalBytes);
    }
    disk.put("minFreeBytes", minFree);
    disk.put("full", full);
    Map<String, Object> usedBytes = new LinkedHashMap<>();
    used.forEach((name, bytes) -> usedBytes.put(name, bytes.get()));
    disk.put("usedBytes", usedBytes);
    Map<String, Object> where = new LinkedHashMap<>();
    dirs.forEach((name, dir) -> where.put(name, dir.toString()));
    disk.put("dirs", where);
    return disk;
  }

  /** Adds the figures to {@code registry}, read when it is scraped. */
  void bind(MeterRegistry registry) {
    Gauge.builder(
            "switchboard.disk.free.bytes",
            this,
            d -> {
              d.refusal();
              return d.tightest == null ? Double.NaN : d.freeBytes;
            })
        .description("Bytes free on the disk of the service's data (the fullest, if several).")
        .register(registry);
    Gauge.builder(
            "switchboard.disk.total.bytes",
            this,
            d -> d.tightest == null ? Double.NaN : d.totalBytes)
        .description("The size of that disk.")
        .register(registry);
    Gauge.builder("switchboard.disk.min.free.bytes", this, d -> d.minFree)
        .description("The free space kept in reserve: steps are refused below it (EventError 204).")
        .register(registry);
    Gauge.builder("switchboard.disk.full", this, d -> d.full() ? 1 : 0)
        .description("1 while steps are refused because the disk is nearly full (EventError 204).")
        .register(registry);
    for (String name : dirs.keySet()) {
      Gauge.builder(
              "switchboard.disk.used.bytes",
              this,
              d -> {
                d.measure();
                return d.used.get(name).get();
              })
          .description("Bytes the service's data directories hold.")
          .tag("dir", name)
          .register(registry);
    }
  }

  private static String mib(long bytes) {
    return bytes == Long.MAX_VALUE ? "unknown" : (bytes >> 20) + " MiB";
  }
}
