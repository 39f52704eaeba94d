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
 * @param userDataLimit the largest user data a call may carry, in bytes of the T-Library packed
 *     form ({@link io.switchboard.model.KVList#packedSize()}): 16,000 by default, at most 65,535
 * @param agents the agents that may log in: any AgentID (the default), or a list
 */
public record TenantConfig(
    String tenant,
    List<DirectoryEntry> directory,
    String server,
    int userDataLimit,
    AgentList agents) {

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** The user-data limit Genesys applies by default. */
  public static final int DEFAULT_USER_DATA_LIMIT = 16_000;

  /** The largest user-data limit Genesys allows. */
  public static final int MAX_USER_DATA_LIMIT = 65_535;

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
    if (userDataLimit < 1 || userDataLimit > MAX_USER_DATA_LIMIT) {
      throw new IllegalArgumentException(
          "the user-data limit of tenant '"
              + tenant
              + "' must be 1 to "
              + MAX_USER_DATA_LIMIT
              + " bytes, was "
              + userDataLimit);
    }
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(agents, "agents");
    long distinct = directory.stream().map(DirectoryEntry::dn).distinct().count();
    if (distinct != directory.size()) {
      throw new IllegalArgumentException(
          "tenant '" + tenant + "' lists a DN twice in its directory");
    }
  }

  /** A tenant that accepts any AgentID. */
  public TenantConfig(
      String tenant, List<DirectoryEntry> directory, String server, int userDataLimit) {
    this(tenant, directory, server, userDataLimit, AgentList.any());
  }

  /** A tenant with the default user-data limit, that accepts any AgentID. */
  public TenantConfig(String tenant, List<DirectoryEntry> directory, String server) {
    this(tenant, directory, server, DEFAULT_USER_DATA_LIMIT);
  }

  /** A tenant with the default {@code Server} value, that accepts any AgentID. */
  public static TenantConfig of(String tenant, List<DirectoryEntry> directory) {
    return new TenantConfig(tenant, directory, DEFAULT_SERVER);
  }

  /** This configuration with {@code agents} instead of its own. */
  public TenantConfig withAgents(AgentList agents) {
    return new TenantConfig(tenant, directory, server, userDataLimit, agents);
  }
}
