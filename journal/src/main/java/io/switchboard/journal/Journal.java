package io.switchboard.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal on local disk: entries (opaque byte arrays) numbered 1, 2, 3... in the
 * order they were appended, each durable (written and fsynced) before its future completes.
 *
 * <p><b>Group commit.</b> Appending only queues the entry; one writer thread writes everything
 * queued since its last sync and syncs once, then completes the futures of that batch, in order. A
 * sync costs a fraction of a millisecond, so callers that append concurrently share it and
 * durability costs about one sync per batch, not one per entry.
 *
 * <p><b>Files.</b> The directory holds {@code journal.id} (this journal's id, written once), the
 * segments {@code 00000000000000000001.log}... (each named after the position of its first entry
 * and closed once it exceeds the segment size), {@code published} (the position up to which every
 * entry has reached its destination, as last reported by {@link #published}) and {@code
 * journal.lock} (held while a journal is open, so that two processes never share one). An entry is
 * a 16-byte header (payload length, CRC-32C of position and payload, position) and the payload.
 *
 * <p><b>Crash recovery.</b> Opening checks the last segment: an entry cut short by a crash (the
 * tail written after the last sync, never acknowledged) is cut off. Damage anywhere else is refused
 * with an error naming the file and offset, never skipped silently.
 *
 * <p><b>Bound.</b> {@link #unpublishedBytes()} is what the journal holds beyond the published
 * position; the caller refuses new work when it reaches {@link JournalSettings#maxBytes()} (see
 * {@link JournalSink}). Segments wholly before both the published position and the position a
 * snapshot covers are deleted by {@link #truncate}.
 *
 * <p><b>Lifecycle.</b> {@link State}: open, failed (it cannot write; every later append fails with
 * the cause), closing, closed; each change is checked by one method.
 *
 * <p>Thread-safe. Always {@link #close()} it.
 */
public final class Journal implements AutoCloseable {

  /** Where a journal is in its life. */
  public enum State {
    /** Appending and writing. */
    OPEN,
    /** It cannot write (a full disk, a lost permission): appends fail with {@link #failure()}. */
    FAILED,
    /** Writing what is queued, then closing the files; appends are refused. */
    CLOSING,
    /** Closed. */
    CLOSED;

    /** Whether a journal in this state may move to {@code next}. */
    boolean canMoveTo(State next) {
      return switch (this) {
        case OPEN -> next == FAILED || next == CLOSING;
        case FAILED -> next == CLOSING;
        case CLOSING -> next == CLOSED;
        case CLOSED -> false;
      };
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** The bytes of an entry's header: payload length, CRC-32C, position. */
  static final int HEADER = 16;

  /** The largest payload of one entry. */
  public static final int MAX_PAYLOAD = 16 << 20;

  /** The most the writer writes between two syncs (one entry may go beyond it). */
  static final int MAX_BATCH = 8 << 20;

  private static final String ID_FILE = "journal.id";
  private static final String LOCK_FILE = "journal.lock";
  private static final String PUBLISHED_FILE = "published";
  private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.log");

  private final Path dir;
  private final JournalSettings settings;
  private final String id;
  private final DirectoryLock lock;

  /** The segments by the position of their first entry. */
  private final NavigableMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

  private final ReentrantLock appendLock = new ReentrantLock();
  private final Condition queued = appendLock.newCondition();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long nextPosition;
  private long appendedBytes;

  /** Changed under {@link #appendLock} only, by {@link #moveTo}. */
  private volatile State state = State.OPEN;

  /** Signalled whenever the durable position moves on, or the journal fails or closes. */
  private final Object durableMonitor = new Object();

  private volatile long durablePosition;
  private volatile long publishedPosition;
  private volatile long publishedBytes;
  private volatile long persistedPublished;
  private volatile IOException failure;
  private final AtomicLong syncs = new AtomicLong();
  private final AtomicLong appends = new AtomicLong();
  private volatile LongConsumer syncObserver = nanos -> {};

  private final Thread writer;
  private final ExecutorService completions;

  /** Futures waiting for a position to be published, oldest position first. */
  private final PriorityQueue<Waiter> publishWaiters =
      new PriorityQueue<>(Comparator.comparingLong(Waiter::position));

  private record Waiter(long position, CompletableFuture<Void> future) {}

  // the writer thread's own state: the segment being written, its bytes written and buffered
  private FileChannel active;
  private Segment activeSegment;
  private long activeBytes;
  private long pendingActiveBytes;

  /** A segment file: its first position and where its bytes start in the journal's byte count. */
  record Segment(long base, Path path, long globalStart) {}

  private record Pending(long position, byte[] payload, CompletableFuture<Void> durable) {}

  /**
   * An entry once appended.
   *
   * @param position its position
   * @param durable completes when the entry is on disk, or exceptionally if it cannot be written
   */
  public record Appended(long position, CompletableFuture<Void> durable) {}

  /**
   * An entry as read back.
   *
   * @param position its position
   * @param payload its bytes
   * @param endOffset where the entry ends in the journal's byte count (see {@link #published})
   */
  public record Entry(long position, byte[] payload, long endOffset) {}

  private Journal(Path dir, JournalSettings settings, String id, DirectoryLock lock)
      throws IOException {
    this.dir = dir;
    this.settings = settings;
    this.id = id;
    this.lock = lock;
    recover();
    this.completions =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "switchboard-journal-acks");
              thread.setDaemon(true);
              return thread;
            });
    this.writer = new Thread(this::writeLoop, "switchboard-journal-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens the journal in {@code settings.dir()}, creating it when missing, and recovers it after a
   * crash (see the class description).
   *
   * @throws IllegalStateException if another process holds the journal, or it is damaged; the
   *     message says what to do
   * @throws UncheckedIOException if the directory cannot be read or written
   */
  public static Journal open(JournalSettings settings) {
    Path dir = settings.dir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the journal directory " + dir + ": check its parent's permissions", e);
    }
    DirectoryLock lock = lock(dir);
    try {
      return new Journal(dir, settings, readOrCreateId(dir), lock);
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException("Cannot open the journal in " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** This journal's id: 16 hex digits, random, written when the journal was created. */
  public String id() {
    return id;
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** The settings it was opened with. */
  public JournalSettings settings() {
    return settings;
  }

  /**
   * Queues {@code payload} as the next entry. The entry's position is fixed now: entries appended
   * one after the other (by one thread, or under one lock) keep that order in the journal.
   *
   * @return the position and a future that completes when the entry is on disk; if the journal has
   *     failed, the future fails with the cause
   * @throws IllegalArgumentException if the payload is larger than {@value #MAX_PAYLOAD} bytes
   * @throws IllegalStateException if the journal is closed
   */
  public Appended append(byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "a journal entry holds at most "
              + MAX_PAYLOAD
              + " bytes, this one has "
              + payload.length);
    }
    appendLock.lock();
    try {
      if (state == State.CLOSING || state == State.CLOSED) {
        throw new IllegalStateException("the journal in " + dir + " is closed");
      }
      long position = nextPosition++;
      CompletableFuture<Void> durable = new CompletableFuture<>();
      if (state == State.FAILED) {
        durable.completeExceptionally(failure);
        return new Appended(position, durable);
      }
      pending.add(new Pending(position, payload, durable));
      appendedBytes += HEADER + payload.length;
      appends.incrementAndGet();
      queued.signal();
      return new Appended(position, durable);
    } finally {
      appendLock.unlock();
    }
  }

  /** The position of the last entry appended (durable or not); 0 when there is none. */
  public long lastPosition() {
    appendLock.lock();
    try {
      return nextPosition - 1;
    } finally {
      appendLock.unlock();
    }
  }

  /** The position up to which every entry is on disk. */
  public long durablePosition() {
    return durablePosition;
  }

  /** The position of the oldest entry still kept (1 until segments are deleted). */
  public long firstPosition() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    return first == null ? lastPosition() + 1 : first.getKey();
  }

  /** The position up to which every entry has reached its destination, as last reported. */
  public long publishedPosition() {
    return publishedPosition;
  }

  /**
   * Records that every entry up to {@code position} has reached its destination; {@code endOffset}
   * is where that entry ends ({@link Entry#endOffset}). The position is kept on disk at most once a
   * second and on close, so after a crash it may be a little behind: the caller must tolerate being
   * told of entries it already delivered.
   */
  public void published(long position, long endOffset) {
    if (position <= publishedPosition) {
      return;
    }
    publishedBytes = endOffset;
    List<CompletableFuture<Void>> due = null;
    synchronized (publishWaiters) {
      // set under the waiters' lock, so that whenPublished either sees it or is completed here
      publishedPosition = position;
      while (!publishWaiters.isEmpty() && publishWaiters.peek().position() <= position) {
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(publishWaiters.poll().future());
      }
    }
    if (due != null) {
      due.forEach(f -> f.complete(null));
    }
  }

  /**
   * A future that completes once every entry up to {@code position} has reached its destination
   * ({@link #published}), at once if it has. Dependent stages run on the thread that reports the
   * publication (the publisher's): keep them short, or make them asynchronous. The future never
   * fails; it is left incomplete when the journal closes first.
   */
  public CompletableFuture<Void> whenPublished(long position) {
    if (position <= publishedPosition) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    synchronized (publishWaiters) {
      if (position <= publishedPosition) {
        future.complete(null);
      } else {
        publishWaiters.add(new Waiter(position, future));
      }
    }
    return future;
  }

  /** Writes the published position to disk if it moved on since the last time. */
  public void persistPublished() {
    long position = publishedPosition;
    if (position == persistedPublished || failure != null) {
      return;
    }
    try {
      Path tmp = dir.resolve(PUBLISHED_FILE + ".tmp");
      Files.writeString(tmp, position + "\n", StandardCharsets.US_ASCII);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      move(tmp, dir.resolve(PUBLISHED_FILE));
      persistedPublished = position;
    } catch (IOException e) {
      log.warn("Cannot record the published position {} in {}: {}", position, dir, e.toString());
    }
  }

  /** The bytes of entries appended beyond the published position: what the bound applies to. */
  public long unpublishedBytes() {
    appendLock.lock();
    try {
      return Math.max(0, appendedBytes - publishedBytes);
    } finally {
      appendLock.unlock();
    }
  }

  /** The bytes the journal's segments take (entries queued but not yet written included). */
  public long bytes() {
    Map.Entry<Long, Segment> first = segments.firstEntry();
    appendLock.lock();
    try {
      return appendedBytes - (first == null ? appendedBytes : first.getValue().globalStart());
    } finally {
      appendLock.unlock();
    }
  }

  /** Where the journal is in its life. */
  public State state() {
    return state;
  }

  /** Why the journal stopped writing, if it did: every later append fails with it. */
  public Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Tells {@code observer} how long each group commit's sync to disk took, in nanoseconds, on the
   * writer thread (for a histogram, say): it must return at once.
   */
  public void onSync(LongConsumer observer) {
    syncObserver = java.util.Objects.requireNonNull(observer, "observer");
  }

  /** The figures of this journal now. */
  public JournalStats stats() {
    return new JournalStats(
        id,
        firstPosition(),
        lastPosition(),
        durablePosition,
        publishedPosition,
        bytes(),
        unpublishedBytes(),
        settings.maxBytes(),
        segments.size(),
        appends.get(),
        syncs.get(),
        failure().map(Throwable::toString));
  }

  /**
   * A reader of the entries from {@code position} on (at least {@link #firstPosition()}); it sees
   * only durable entries.
   *
   * @throws IllegalArgumentException if entries before {@code position} were deleted down to a
   *     later one
   */
  public JournalReader reader(long position) {
    long first = firstPosition();
    if (position < first) {
      throw new IllegalArgumentException(
          "the journal in "
              + dir
              + " starts at position "
              + first
              + " (older entries were deleted after a snapshot); cannot read from "
              + position);
    }
    return new JournalReader(this, position);
  }

  /**
   * Deletes the segments whose entries are all at or before {@code position} (never the one being
   * written). The caller passes the smaller of the published position and the position its latest
   * snapshot covers.
   *
   * @return the number of segments deleted
   */
  public int truncate(long position) {
    int deleted = 0;
    for (Map.Entry<Long, Segment> entry : segments.entrySet()) {
      Long next = segments.higherKey(entry.getKey());
      if (next == null || next - 1 > position || next > durablePosition) {
        break;
      }
      try {
        Files.deleteIfExists(entry.getValue().path());
        segments.remove(entry.getKey());
        deleted++;
      } catch (IOException e) {
        log.warn("Cannot delete journal segment {}: {}", entry.getValue().path(), e.toString());
        break;
      }
    }
    if (deleted > 0) {
      syncDirectory();
      log.info("Deleted {} journal segment(s) up to position {} in {}", deleted, position, dir);
    }
    return deleted;
  }

  /**
   * Writes what is queued, syncs it, and closes the files. Entries appended after this fail.
   * Calling it again does nothing.
   */
  @Override
  public void close() {
    appendLock.lock();
    try {
      if (state == State.CLOSING || state == State.CLOSED) {
        return;
      }
      moveTo(State.CLOSING);
      queued.signalAll();
    } finally {
      appendLock.unlock();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    appendLock.lock();
    try {
      moveTo(State.CLOSED);
    } finally {
      appendLock.unlock();
    }
    synchronized (durableMonitor) {
      durableMonitor.notifyAll();
    }
    persistPublished();
    completions.shutdown();
    try {
      completions.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeActive();
    lock.close();
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  /**
   * Moves to {@code next}; the caller holds {@link #appendLock}.
   *
   * @throws IllegalStateException on a move the lifecycle does not have (a bug)
   */
  private void moveTo(State next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException(
          "the journal in " + dir + " cannot move from " + state + " to " + next);
    }
    state = next;
  }

  NavigableMap<Long, Segment> segments() {
    return segments;
  }

  /** Waits until {@code position} is durable, the journal closes or fails, or {@code wait} ends. */
  boolean awaitDurable(long position, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (durableMonitor) {
      while (durablePosition < position && state != State.CLOSED && failure == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(durableMonitor, left);
      }
    }
    return durablePosition >= position;
  }

  // ------------------------------------------------------------------------------------ writing

  private void writeLoop() {
    // direct: a heap buffer would be copied into a temporary direct one on every write
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    while (true) {
      List<Pending> batch = new ArrayList<>();
      appendLock.lock();
      try {
        while (pending.isEmpty() && state == State.OPEN) {
          queued.awaitUninterruptibly();
        }
        if (pending.isEmpty()) {
          return;
        }
        long bytes = 0;
        while (!pending.isEmpty() && (batch.isEmpty() || bytes < MAX_BATCH)) {
          Pending next = pending.poll();
          batch.add(next);
          bytes += HEADER + next.payload().length;
        }
      } finally {
        appendLock.unlock();
      }
      try {
        buffer = write(batch, buffer);
        long syncStart = System.nanoTime();
        active.force(false);
        syncObserver.accept(System.nanoTime() - syncStart);
        syncs.incrementAndGet();
        durablePosition = batch.get(batch.size() - 1).position();
        synchronized (durableMonitor) {
          durableMonitor.notifyAll();
        }
        completions.execute(() -> batch.forEach(p -> p.durable().complete(null)));
      } catch (IOException | RuntimeException e) {
        fail(batch, e instanceof IOException io ? io : new IOException(e));
        return;
      }
    }
  }

  private ByteBuffer write(List<Pending> batch, ByteBuffer buffer) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer position = ByteBuffer.allocate(8);
    for (Pending entry : batch) {
      int size = HEADER + entry.payload().length;
      if (active == null || (activeSize() > 0 && activeSize() + size > settings.segmentBytes())) {
        flush(buffer);
        roll(entry.position());
      }
      if (buffer.remaining() < size) {
        flush(buffer);
        if (buffer.capacity() < size) {
          buffer = ByteBuffer.allocateDirect(size);
        }
      }
      crc.reset();
      crc.update(position.putLong(0, entry.position()).clear());
      crc.update(entry.payload());
      buffer
          .putInt(entry.payload().length)
          .putInt((int) crc.getValue())
          .putLong(entry.position())
          .put(entry.payload());
      pendingActiveBytes += size;
    }
    flush(buffer);
    return buffer;
  }

  private long activeSize() {
    return activeBytes + pendingActiveBytes;
  }

  private void flush(ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      active.write(buffer);
    }
    buffer.clear();
    activeBytes += pendingActiveBytes;
    pendingActiveBytes = 0;
  }

  private void roll(long base) throws IOException {
    long globalStart;
    if (active != null) {
      active.force(false);
      globalStart = activeSegment.globalStart() + activeBytes;
      active.close();
    } else {
      Map.Entry<Long, Segment> last = segments.lastEntry();
      globalStart =
          last == null ? 0 : last.getValue().globalStart() + Files.size(last.getValue().path());
    }
    Path path = dir.resolve(segmentName(base));
    active =
        FileChannel.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    activeSegment = new Segment(base, path, globalStart);
    activeBytes = 0;
    pendingActiveBytes = 0;
    segments.put(base, activeSegment);
    syncDirectory();
  }

  private void fail(List<Pending> batch, IOException cause) {
    log.error(
        "The journal in {} cannot write: {}. Steps are refused from now on; free the disk or fix"
            + " its permissions, then restart the service.",
        dir,
        cause.toString());
    List<Pending> failed = new ArrayList<>(batch);
    appendLock.lock();
    try {
      failure = cause;
      if (state == State.OPEN) {
        moveTo(State.FAILED);
      }
      failed.addAll(pending);
      pending.clear();
    } finally {
      appendLock.unlock();
    }
    synchronized (durableMonitor) {
      durableMonitor.notifyAll();
    }
    completions.execute(() -> failed.forEach(p -> p.durable().completeExceptionally(cause)));
  }

  private void closeActive() {
    if (active != null) {
      try {
        active.force(false);
        active.close();
      } catch (IOException e) {
        log.warn("Cannot close journal segment {}: {}", activeSegment.path(), e.toString());
      }
      active = null;
    }
  }

  // ------------------------------------------------------------------------------------ recovery

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    long globalStart = 0;
    for (Path file : files) {
      long base = Long.parseLong(file.getFileName().toString().substring(0, 20));
      segments.put(base, new Segment(base, file, globalStart));
      globalStart += Files.size(file);
    }
    publishedPosition = readPublished();
    persistedPublished = publishedPosition;
    if (segments.isEmpty()) {
      nextPosition = Math.max(1, publishedPosition + 1);
      durablePosition = nextPosition - 1;
      appendedBytes = 0;
      publishedBytes = 0;
      return;
    }
    Segment last = segments.lastEntry().getValue();
    long lastPosition = checkTail(last);
    nextPosition = lastPosition + 1;
    durablePosition = lastPosition;
    appendedBytes = last.globalStart() + Files.size(last.path());
    // what a crashed run wrote but did not sync yet is synced now, before anyone reads it
    active = FileChannel.open(last.path(), StandardOpenOption.WRITE, StandardOpenOption.READ);
    active.position(active.size());
    active.force(false);
    activeSegment = last;
    activeBytes = active.size();
    if (publishedPosition > lastPosition) {
      log.warn(
          "The journal in {} records position {} as published but ends at {}; using {}",
          dir,
          publishedPosition,
          lastPosition,
          lastPosition);
      publishedPosition = lastPosition;
    }
    publishedBytes = offsetAfter(publishedPosition);
  }

  /**
   * Reads every entry of the last segment, cuts off an entry torn by a crash, and returns the last
   * position.
   */
  private long checkTail(Segment segment) throws IOException {
    try (FileChannel channel =
        FileChannel.open(segment.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      SegmentScanner scanner = new SegmentScanner(channel, segment.base());
      long position = segment.base() - 1;
      while (true) {
        long offset = scanner.offset();
        SegmentScanner.Result result = scanner.next();
        if (result.entry().isPresent()) {
          position = result.entry().get().position();
          continue;
        }
        if (offset == size) {
          return position;
        }
        long torn = size - offset;
        if (torn > MAX_BATCH + MAX_PAYLOAD + HEADER) {
          throw new IllegalStateException(
              "The journal segment "
                  + segment.path()
                  + " is damaged at byte "
                  + offset
                  + " ("
                  + result.problem()
                  + "), "
                  + torn
                  + " bytes before its end: more than a crash can leave. Restore the file from a"
                  + " backup, or move the journal directory aside to start without it (the"
                  + " events it holds that Kafka does not have would then be lost).");
        }
        log.warn(
            "Journal segment {}: cut off {} bytes after position {} that a crash left unfinished"
                + " ({}); they were never acknowledged",
            segment.path().getFileName(),
            torn,
            position,
            result.problem());
        channel.truncate(offset);
        channel.force(true);
        return position;
      }
    }
  }

  /** The journal byte offset where the entry at {@code position} ends (0 before the first). */
  private long offsetAfter(long position) throws IOException {
    Map.Entry<Long, Segment> holder = segments.floorEntry(position);
    if (holder == null) {
      return segments.firstEntry().getValue().globalStart();
    }
    Segment segment = holder.getValue();
    try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
      SegmentScanner scanner = new SegmentScanner(channel, segment.base());
      while (true) {
        SegmentScanner.Result result = scanner.next();
        if (result.entry().isEmpty()) {
          return segment.globalStart() + scanner.offset();
        }
        if (result.entry().get().position() == position) {
          return segment.globalStart() + scanner.offset();
        }
      }
    }
  }

  private long readPublished() throws IOException {
    Path file = dir.resolve(PUBLISHED_FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      log.warn("Ignoring the unreadable published position '{}' in {}", text, file);
      return 0;
    }
  }

  static String segmentName(long base) {
    return String.format("%020d.log", base);
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the files themselves are synced
      log.debug("Cannot sync directory {}: {}", dir, e.toString());
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String readOrCreateId(Path dir) throws IOException {
    Path file = dir.resolve(ID_FILE);
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (!id.matches("[0-9a-f]{16}")) {
        throw new IllegalStateException(
            file
                + " does not hold a journal id (16 hex digits): restore it, or move the journal"
                + " directory aside to start a new journal");
      }
      return id;
    }
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    Path tmp = dir.resolve(ID_FILE + ".tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    move(tmp, file);
    return id;
  }

  private static DirectoryLock lock(Path dir) {
    return DirectoryLock.claim(
        dir,
        LOCK_FILE,
        "The journal "
            + dir
            + " is in use by another Switchboard service, in this process or another one: stop"
            + " it, or give this one its own data directory.");
  }
}
