package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys that tenants were added with through the admin API ({@code apiKeys}, {@code
 * networkKeys}), kept in a file the service owns so that they survive a restart as the tenants do.
 * The file holds their SHA-256 digests ({@code sha256:HEX}), never the keys. A tenant removed
 * through the admin API takes its keys out; a reload, which replaces every key with the
 * configuration file's, empties it. Without a file (cluster mode, tests) nothing is kept.
 */
final class AddedKeys {

  /** A tenant's keys as digests. */
  record TenantKeys(List<String> apiKeys, List<String> networkKeys) {}

  private final Optional<Path> file;

  private AddedKeys(Optional<Path> file) {
    this.file = file;
  }

  /** The keys kept in {@code file}, or none kept without one. */
  static AddedKeys at(Optional<Path> file) {
    return new AddedKeys(file);
  }

  /**
   * {@code configured} with the kept keys added to their tenants'.
   *
   * @throws IllegalArgumentException if the file cannot be read, saying what to do
   */
  Credentials addTo(Credentials configured) {
    Map<String, TenantKeys> kept = read();
    Credentials merged = configured;
    for (Map.Entry<String, TenantKeys> entry : kept.entrySet()) {
      String tenant = entry.getKey();
      merged =
          merged.withTenant(
              tenant,
              union(configured.tenantKeys().get(tenant), entry.getValue().apiKeys()),
              union(configured.networkKeys().get(tenant), entry.getValue().networkKeys()));
    }
    return merged;
  }

  /** Keeps {@code tenant}'s keys (replacing those kept before); nothing kept without keys. */
  synchronized void put(String tenant, List<String> apiKeys, List<String> networkKeys) {
    Map<String, TenantKeys> kept = read();
    if (apiKeys.isEmpty() && networkKeys.isEmpty()) {
      kept.remove(tenant);
    } else {
      kept.put(tenant, new TenantKeys(digests(apiKeys), digests(networkKeys)));
    }
    write(kept);
  }

  /** Forgets {@code tenant}'s keys. */
  synchronized void remove(String tenant) {
    Map<String, TenantKeys> kept = read();
    if (kept.remove(tenant) != null) {
      write(kept);
    }
  }

  /** Forgets every key. */
  synchronized void clear() {
    if (!read().isEmpty()) {
      write(Map.of());
    }
  }

  /** The configured keys, then the kept ones that are not among them (compared by digest). */
  private static List<String> union(List<String> configured, List<String> kept) {
    List<String> all = new ArrayList<>(configured == null ? List.of() : configured);
    Set<String> seen = new LinkedHashSet<>();
    all.forEach(key -> seen.add(digestOf(key)));
    for (String key : kept) {
      if (seen.add(digestOf(key))) {
        all.add(key);
      }
    }
    return List.copyOf(all);
  }

  private static String digestOf(String key) {
    return key.startsWith(Keys.SHA256)
        ? key.substring(Keys.SHA256.length()).toLowerCase(java.util.Locale.ROOT)
        : Keys.digest(key);
  }

  private static List<String> digests(List<String> keys) {
    List<String> digests = new ArrayList<>();
    for (String key : keys) {
      digests.add(key.startsWith(Keys.SHA256) ? key : Keys.SHA256 + Keys.digest(key));
    }
    return digests;
  }

  private Map<String, TenantKeys> read() {
    Map<String, TenantKeys> kept = new TreeMap<>();
    if (file.isEmpty()) {
      return kept;
    }
    Path path = file.get();
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      return kept;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the keys added through the admin API from "
              + path
              + " ("
              + e.getMessage()
              + "): restore the file, or delete it to drop those keys",
          e);
    }
    root.path("tenants")
        .fields()
        .forEachRemaining(
            entry ->
                kept.put(
                    entry.getKey(),
                    new TenantKeys(
                        texts(entry.getValue().path("apiKeys")),
                        texts(entry.getValue().path("networkKeys")))));
    return kept;
  }

  private static List<String> texts(JsonNode list) {
    List<String> texts = new ArrayList<>();
    list.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private void write(Map<String, TenantKeys> kept) {
    if (file.isEmpty()) {
      return;
    }
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode tenants = root.putObject("tenants");
    kept.forEach(
        (tenant, keys) -> {
          ObjectNode node = tenants.putObject(tenant);
          keys.apiKeys().forEach(node.putArray("apiKeys")::add);
          keys.networkKeys().forEach(node.putArray("networkKeys")::add);
        });
    Path path = file.get();
    Path next = path.resolveSibling(path.getFileName() + ".next");
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.write(next, Json.mapper().writeValueAsBytes(root));
      try {
        Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the keys added through the admin API in " + path, e);
    }
  }
}
