package io.switchboard.server;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may use the API: the admin keys, and the API keys of each tenant. A client sends its key as
 * {@code Authorization: Bearer KEY}. An admin key acts on every tenant and on the admin API; a
 * tenant's key acts on that tenant only. A key is written as itself, or as {@code sha256:HEX}, the
 * SHA-256 digest of the key in hex, so that a configuration file need not hold the key.
 *
 * <p>With no key at all the API is open: every client is an admin. {@link HttpApi} then serves on a
 * loopback address only.
 *
 * @param adminKeys the admin keys
 * @param tenantKeys the API keys of each tenant, by tenant id
 */
public record Credentials(List<String> adminKeys, Map<String, List<String>> tenantKeys) {

  public Credentials {
    adminKeys = List.copyOf(adminKeys);
    Map<String, List<String>> copy = new TreeMap<>();
    tenantKeys.forEach((tenant, keys) -> copy.put(tenant, List.copyOf(keys)));
    // sorted, so that messages name tenants in a stable order
    tenantKeys = Collections.unmodifiableMap(copy);
  }

  /** No key: the API is open (on a loopback address only). */
  public static Credentials none() {
    return new Credentials(List.of(), Map.of());
  }

  /** Whether no key is configured. */
  public boolean isEmpty() {
    return adminKeys.isEmpty() && tenantKeys.values().stream().allMatch(List::isEmpty);
  }

  /** These credentials with {@code tenant}'s keys replaced by {@code keys}. */
  public Credentials withTenant(String tenant, List<String> keys) {
    Map<String, List<String>> copy = new TreeMap<>(tenantKeys);
    copy.put(tenant, keys);
    return new Credentials(adminKeys, copy);
  }

  /** These credentials without {@code tenant}'s keys. */
  public Credentials withoutTenant(String tenant) {
    Map<String, List<String>> copy = new TreeMap<>(tenantKeys);
    copy.remove(tenant);
    return new Credentials(adminKeys, copy);
  }
}
