package io.switchboard.journal;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants of the configuration file as last applied, kept beside the journal (file {@value
 * #FILE}), and the rule that decides, at a restart, between the file and the changes made through
 * the admin API since.
 *
 * <p>The journal holds each tenant as it was last changed, whoever changed it. At a restart the
 * file's changes since it was last applied are applied on top of that: a tenant added to the file
 * is added (or, if the admin API added one of that id, brought to the file's directory and agents);
 * a tenant taken out of the file is removed; a DN added, changed or taken out of the file is added,
 * replaced or removed; AgentIDs added to or taken out of the file's list are added to or taken out
 * of the tenant's list (a switch between a list and any AgentID sets the file's). Everything the
 * file did not change stands as the admin API left it: a tenant, DN or agent added or removed
 * through the admin API stays so until the file changes that same tenant, DN or agent.
 *
 * <p>A change that cannot be made yet (a DN in use, an agent logged in that a list leaves out, a
 * tenant with calls in progress) is logged; the tenant keeps its previous record, so that the next
 * start tries again. A journal without a record (written before the record existed) gets the file
 * applied whole, as it was then: every tenant as the file gives it, the others removed.
 */
public final class AppliedConfiguration {

  /** The file, in the journal's directory. */
  public static final String FILE = "configuration";

  private static final Logger log = LoggerFactory.getLogger(AppliedConfiguration.class);
  private static final int FORMAT = 1;

  private AppliedConfiguration() {}

  /**
   * The tenants as last applied from the configuration file of the journal in {@code dir}.
   *
   * @return empty if none was recorded
   * @throws IllegalStateException if the record cannot be read
   */
  public static Optional<Map<String, TenantConfig>> read(Path dir) {
    Path file = dir.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalStateException(
            file
                + " is of format "
                + format
                + ", this version reads "
                + FORMAT
                + ": run the version that wrote it, or delete the file to have the configuration"
                + " file applied whole");
      }
      int count = in.readInt();
      Map<String, TenantConfig> tenants = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IOException("impossible length " + length);
        }
        JournalEntry entry = JournalEntry.decode(in.readNBytes(length));
        if (!(entry instanceof JournalEntry.Configured configured)) {
          throw new IOException("a " + entry.getClass().getSimpleName() + " entry");
        }
        tenants.put(configured.tenant(), configured.config());
      }
      return Optional.of(tenants);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          file
              + " is damaged ("
              + e.getMessage()
              + "): delete it to have the configuration file applied whole",
          e);
    }
  }

  /**
   * Records {@code tenants} as the configuration file's, last applied (written to a new file,
   * synced, then moved over the old one).
   */
  public static void write(Path dir, Collection<TenantConfig> tenants) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(tenants.size());
      for (TenantConfig config : tenants) {
        byte[] payload = new JournalEntry.Configured(config).encode();
        out.writeInt(payload.length);
        out.write(payload);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = dir.resolve(FILE);
    Path next = dir.resolve(FILE + ".next");
    try {
      try (FileChannel channel =
          FileChannel.open(
              next,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
        channel.force(true);
      }
      try {
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Applies the configuration file's {@code now} to {@code tenants} as the class comment says, and
   * returns what to record as last applied.
   *
   * @param before the file's tenants as last applied; empty to apply {@code now} whole
   * @param now the file's tenants now
   */
  static List<TenantConfig> apply(
      Tenants tenants, Optional<Map<String, TenantConfig>> before, List<TenantConfig> now) {
    Map<String, TenantConfig> last = before.orElse(Map.of());
    Map<String, TenantConfig> wanted = new LinkedHashMap<>();
    now.forEach(config -> wanted.put(config.tenant(), config));
    Map<String, TenantConfig> record = new LinkedHashMap<>();
    for (TenantConfig config : wanted.values()) {
      Optional<TenantConfig> previous = Optional.ofNullable(last.get(config.tenant()));
      boolean done;
      if (tenants.engine(config.tenant()).isEmpty()) {
        if (previous.isPresent()) {
          // removed through the admin API since: the file did not change it, so it stays removed
          done = previous.get().equals(config) || add(tenants, config);
        } else {
          done = add(tenants, config);
        }
      } else {
        done = update(tenants, previous, config);
      }
      if (done) {
        record.put(config.tenant(), config);
      } else {
        previous.ifPresent(p -> record.put(p.tenant(), p));
      }
    }
    Set<String> dropped = new TreeSet<>(before.isPresent() ? last.keySet() : tenants.ids());
    dropped.removeAll(wanted.keySet());
    for (String tenant : dropped) {
      if (tenants.engine(tenant).isEmpty()) {
        continue;
      }
      try {
        tenants.remove(tenant);
        log.info("Tenant {} is no longer in the configuration file: removed", tenant);
      } catch (IllegalStateException e) {
        log.warn(
            "Tenant {} is no longer in the configuration file but is kept: {}",
            tenant,
            e.getMessage());
        // recorded as the file's, so that the next start takes it out again
        record.put(
            tenant,
            last.containsKey(tenant)
                ? last.get(tenant)
                : tenants.inspect(tenant, TenantEngine::config));
      }
    }
    return List.copyOf(record.values());
  }

  private static boolean add(Tenants tenants, TenantConfig config) {
    tenants.add(config);
    return true;
  }

  /** Brings a running tenant to the file's changes since {@code previous}; false if one failed. */
  private static boolean update(
      Tenants tenants, Optional<TenantConfig> previous, TenantConfig config) {
    String tenant = config.tenant();
    TenantConfig running = tenants.inspect(tenant, TenantEngine::config);
    if (!running.server().equals(config.server())
        || running.userDataLimit() != config.userDataLimit()) {
      if (previous.isEmpty()
          || !previous.get().server().equals(config.server())
          || previous.get().userDataLimit() != config.userDataLimit()) {
        log.warn(
            "Tenant {} keeps Server '{}' and user-data limit {} from its journaled state; the"
                + " configured '{}' and {} apply once its state is rebuilt from a snapshot",
            tenant,
            running.server(),
            running.userDataLimit(),
            config.server(),
            config.userDataLimit());
      }
    }
    boolean done = true;
    // a tenant new to the file (the admin API added one of that id) is brought to the file's
    TenantConfig last = previous.orElse(running);
    Map<String, DirectoryEntry> had = byDn(last.directory());
    Map<String, DirectoryEntry> has = byDn(config.directory());
    Map<String, DirectoryEntry> current = byDn(running.directory());
    for (DirectoryEntry entry : had.values()) {
      if (!has.containsKey(entry.dn()) && current.containsKey(entry.dn())) {
        done &=
            change(tenants, tenant, "DN " + entry.dn() + " removed", e -> e.removeDn(entry.dn()));
      }
    }
    for (DirectoryEntry entry : has.values()) {
      DirectoryEntry now = current.get(entry.dn());
      if (entry.equals(had.get(entry.dn())) || entry.equals(now)) {
        continue;
      }
      done &=
          change(
              tenants,
              tenant,
              "DN " + entry.dn() + (now == null ? " added" : " replaced"),
              e -> {
                if (now != null) {
                  e.removeDn(entry.dn());
                }
                e.addDn(entry);
              });
    }
    AgentList agents = agents(last.agents(), config.agents(), running.agents());
    if (!agents.equals(running.agents())) {
      done &= change(tenants, tenant, "agents set to " + agents, e -> e.setAgents(agents));
    }
    return done;
  }

  /**
   * The agents after the file's change from {@code had} to {@code has} is applied to {@code
   * current}: the AgentIDs the file added or took out, added or taken out; the file's own when it
   * switches between a list and any AgentID, or the tenant accepts any AgentID.
   */
  static AgentList agents(AgentList had, AgentList has, AgentList current) {
    if (had.equals(has)) {
      return current;
    }
    if (had.acceptsAny() || has.acceptsAny() || current.acceptsAny()) {
      return has;
    }
    Set<String> ids = new TreeSet<>(current.ids().orElseThrow());
    Set<String> from = had.ids().orElseThrow();
    Set<String> to = has.ids().orElseThrow();
    from.stream().filter(id -> !to.contains(id)).forEach(ids::remove);
    ids.addAll(to);
    return AgentList.of(ids);
  }

  private static boolean change(
      Tenants tenants, String tenant, String what, Consumer<TenantEngine> change) {
    try {
      tenants.reconfigure(tenant, change);
      log.info("Tenant {}: {}, as the configuration file now says", tenant, what);
      return true;
    } catch (IllegalStateException | IllegalArgumentException e) {
      log.warn(
          "Tenant {}: not yet {} as the configuration file says ({}); the next start tries again",
          tenant,
          what,
          e.getMessage());
      return false;
    }
  }

  private static Map<String, DirectoryEntry> byDn(List<DirectoryEntry> entries) {
    Map<String, DirectoryEntry> map = new LinkedHashMap<>();
    for (DirectoryEntry entry : entries) {
      map.put(Objects.requireNonNull(entry.dn()), entry);
    }
    return map;
  }
}
