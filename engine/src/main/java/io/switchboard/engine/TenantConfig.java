package io.switchboard.engine;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a tenant's engine is built from.
 *
 * @param tenant the tenant id: the {@code tenant_id} of every Kafka key, the site of every ConnID
 *     and the CustomerID of every event
 * @param directory the tenant's DNs; any number not listed is external
 * @param server the value of the {@code Server} attribute on every event (the Switchboard node that
 *     produced it)
 */
public record TenantConfig(String tenant, List<DirectoryEntry> directory, String server) {

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** The {@code Server} value used when none is configured. */
  public static final String DEFAULT_SERVER = "switchboard";

  public TenantConfig {
    Objects.requireNonNull(tenant, "tenant");
    if (!TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "tenant id '"
              + tenant
              + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit (it becomes part of Kafka keys and ConnIDs)");
    }
    directory = List.copyOf(directory);
    Objects.requireNonNull(server, "server");
    long distinct = directory.stream().map(DirectoryEntry::dn).distinct().count();
    if (distinct != directory.size()) {
      throw new IllegalArgumentException(
          "tenant '" + tenant + "' lists a DN twice in its directory");
    }
  }

  /** A tenant with the default {@code Server} value. */
  public static TenantConfig of(String tenant, List<DirectoryEntry> directory) {
    return new TenantConfig(tenant, directory, DEFAULT_SERVER);
  }
}
