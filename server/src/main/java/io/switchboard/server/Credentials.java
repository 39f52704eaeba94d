package io.switchboard.server;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may use the API: the admin keys, and the API keys and network keys of each tenant. A client
 * sends its key as {@code Authorization: Bearer KEY}. An admin key acts on every tenant and on the
 * admin API; a tenant's API key acts on that tenant only, as its client side (T-Library requests);
 * a tenant's network key acts on that tenant only, as its switch side (the stimuli of the network
 * and the phones, such as {@code InboundCall}). A key is written as itself, or as {@code
 * sha256:HEX}, the SHA-256 digest of the key in hex, so that a configuration file need not hold the
 * key.
 *
 * <p>With no key at all the API is open: every client is an admin. {@link HttpApi} then serves on a
 * loopback address only.
 *
 * @param adminKeys the admin keys
 * @param tenantKeys the API keys of each tenant, by tenant id
 * @param networkKeys the network keys of each tenant, by tenant id
 */
public record Credentials(
    List<String> adminKeys,
    Map<String, List<String>> tenantKeys,
    Map<String, List<String>> networkKeys) {

  public Credentials {
    adminKeys = List.copyOf(adminKeys);
    tenantKeys = sorted(tenantKeys);
    networkKeys = sorted(networkKeys);
  }

  /** Admin keys and API keys, without network keys. */
  public Credentials(List<String> adminKeys, Map<String, List<String>> tenantKeys) {
    this(adminKeys, tenantKeys, Map.of());
  }

  private static Map<String, List<String>> sorted(Map<String, List<String>> keys) {
    Map<String, List<String>> copy = new TreeMap<>();
    keys.forEach((tenant, list) -> copy.put(tenant, List.copyOf(list)));
    // sorted, so that messages name tenants in a stable order
    return Collections.unmodifiableMap(copy);
  }

  /** No key: the API is open (on a loopback address only). */
  public static Credentials none() {
    return new Credentials(List.of(), Map.of());
  }

  /** Whether no key is configured. */
  public boolean isEmpty() {
    return adminKeys.isEmpty()
        && tenantKeys.values().stream().allMatch(List::isEmpty)
        && networkKeys.values().stream().allMatch(List::isEmpty);
  }

  /** These credentials with {@code tenant}'s API keys replaced by {@code keys}. */
  public Credentials withTenant(String tenant, List<String> keys) {
    return withTenant(tenant, keys, networkKeys.getOrDefault(tenant, List.of()));
  }

  /** These credentials with {@code tenant}'s API keys and network keys replaced. */
  public Credentials withTenant(String tenant, List<String> keys, List<String> network) {
    Map<String, List<String>> clients = new TreeMap<>(tenantKeys);
    clients.put(tenant, keys);
    Map<String, List<String>> switches = new TreeMap<>(networkKeys);
    switches.put(tenant, network);
    return new Credentials(adminKeys, clients, switches);
  }

  /** These credentials without {@code tenant}'s keys. */
  public Credentials withoutTenant(String tenant) {
    Map<String, List<String>> clients = new TreeMap<>(tenantKeys);
    clients.remove(tenant);
    Map<String, List<String>> switches = new TreeMap<>(networkKeys);
    switches.remove(tenant);
    return new Credentials(adminKeys, clients, switches);
  }
}
