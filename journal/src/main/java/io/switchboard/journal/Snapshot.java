package io.switchboard.journal;

import io.switchboard.engine.TenantConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of every tenant at a journal position: what a restart reads instead of replaying the
 * journal from its start. Each tenant is taken under its own lock, so each has its own position;
 * the snapshot covers the journal up to the smallest of them.
 *
 * <p>Kept in the journal's {@code snapshots} directory as {@code <covered position>.snapshot}: a
 * magic word, the format, the journal id, the covered position, each tenant (its configuration as a
 * journal entry, its position, the highest connection id its steps drew, its sequence counters, the
 * engine's state as the {@link EngineCodec} wrote it), and a CRC-32C of all that. Written to a
 * temporary file, synced, then renamed: a snapshot is whole or absent.
 *
 * @param journalId the journal it belongs to
 * @param tenants the tenants
 */
record Snapshot(String journalId, List<Tenant> tenants) {

  private static final Logger log = LoggerFactory.getLogger(Snapshot.class);
  private static final int MAGIC = 0x53425350;
  private static final int FORMAT = 1;
  private static final String DIR = "snapshots";
  private static final Pattern NAME = Pattern.compile("(\\d{20})\\.snapshot");

  /**
   * One tenant in a snapshot.
   *
   * @param config its configuration
   * @param state what the sink kept of it, and the position its state is at
   * @param engine the engine's state, as the codec wrote it
   */
  record Tenant(TenantConfig config, JournalSink.TenantState state, byte[] engine) {
    public Tenant {
      engine = engine.clone();
    }

    @Override
    public byte[] engine() {
      return engine.clone();
    }
  }

  public Snapshot {
    tenants = List.copyOf(tenants);
  }

  /** The position up to which the snapshot covers every tenant. */
  long covered() {
    return tenants.stream().mapToLong(t -> t.state().position()).min().orElse(0);
  }

  /** Writes it into {@code journalDir}'s snapshot directory and returns the file. */
  Path write(Path journalDir) {
    Path dir = journalDir.resolve(DIR);
    Path file = dir.resolve(String.format("%020d.snapshot", covered()));
    try {
      Files.createDirectories(dir);
      byte[] body = encode();
      CRC32C crc = new CRC32C();
      crc.update(body);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try (FileChannel channel =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer =
            ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue());
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      } catch (IOException e) {
        log.debug("Cannot sync directory {}: {}", dir, e.toString());
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the snapshot " + file + ": " + e, e);
    }
  }

  /**
   * The newest snapshot of journal {@code journalId} in {@code journalDir} that reads back whole;
   * damaged ones are skipped with a warning.
   */
  static Optional<Snapshot> latest(Path journalDir, String journalId) {
    for (Path file : files(journalDir)) {
      try {
        Snapshot snapshot = read(file);
        if (!snapshot.journalId().equals(journalId)) {
          log.warn(
              "Snapshot {} belongs to journal {}, not {}: skipped",
              file,
              snapshot.journalId(),
              journalId);
          continue;
        }
        return Optional.of(snapshot);
      } catch (IOException | IllegalArgumentException e) {
        log.warn("Snapshot {} cannot be read ({}): skipped", file, e.getMessage());
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes all but the newest {@code keep} snapshots and returns the position the oldest one kept
   * covers: the journal is needed after it, in case the newer ones cannot be read.
   */
  static long prune(Path journalDir, int keep) {
    List<Path> files = files(journalDir);
    for (Path file : files.subList(Math.min(keep, files.size()), files.size())) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Cannot delete the old snapshot {}: {}", file, e.toString());
      }
    }
    List<Path> kept = files.subList(0, Math.min(keep, files.size()));
    return kept.isEmpty() ? 0 : covered(kept.get(kept.size() - 1));
  }

  /** Whether {@code journalDir} holds any snapshot. */
  static boolean any(Path journalDir) {
    return !files(journalDir).isEmpty();
  }

  private static long covered(Path file) {
    Matcher name = NAME.matcher(file.getFileName().toString());
    return name.matches() ? Long.parseLong(name.group(1)) : 0;
  }

  /** The snapshot files, newest first. */
  private static List<Path> files(Path journalDir) {
    Path dir = journalDir.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the snapshots in " + dir, e);
    }
  }

  private byte[] encode() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(journalId);
      out.writeInt(tenants.size());
      for (Tenant tenant : tenants) {
        byte[] config = new JournalEntry.Configured(tenant.config()).encode();
        out.writeInt(config.length);
        out.write(config);
        JournalSink.TenantState state = tenant.state();
        out.writeLong(state.position());
        out.writeLong(state.highestConnId());
        out.writeInt(state.counters().size());
        for (Map.Entry<String, Map<String, Long>> topic : state.counters().entrySet()) {
          out.writeUTF(topic.getKey());
          out.writeInt(topic.getValue().size());
          for (Map.Entry<String, Long> key : topic.getValue().entrySet()) {
            out.writeUTF(key.getKey());
            out.writeLong(key.getValue());
          }
        }
        out.writeInt(tenant.engine.length);
        out.write(tenant.engine);
      }
    }
    return bytes.toByteArray();
  }

  private static Snapshot read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 4) {
      throw new IllegalArgumentException("too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
      throw new IllegalArgumentException("CRC mismatch");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 4))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a snapshot");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("format " + format + ", this version reads " + FORMAT);
      }
      String journalId = in.readUTF();
      int count = in.readInt();
      List<Tenant> tenants = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] config = in.readNBytes(in.readInt());
        if (!(JournalEntry.decode(config) instanceof JournalEntry.Configured configured)) {
          throw new IllegalArgumentException("a tenant without its configuration");
        }
        long position = in.readLong();
        long highest = in.readLong();
        int topics = in.readInt();
        Map<String, Map<String, Long>> counters = new HashMap<>();
        for (int t = 0; t < topics; t++) {
          String topic = in.readUTF();
          int keys = in.readInt();
          Map<String, Long> values = new HashMap<>();
          for (int k = 0; k < keys; k++) {
            values.put(in.readUTF(), in.readLong());
          }
          counters.put(topic, values);
        }
        byte[] engine = in.readNBytes(in.readInt());
        tenants.add(
            new Tenant(
                configured.config(),
                new JournalSink.TenantState(position, highest, counters),
                engine));
      }
      return new Snapshot(journalId, tenants);
    }
  }
}
