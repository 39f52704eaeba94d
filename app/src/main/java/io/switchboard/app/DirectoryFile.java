package io.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.Nearest;
import io.switchboard.model.DNType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenants and their directories, from a YAML file: a list of {@code {tenant, directory}}
 * entries, each directory written as in a scenario file, with optionally the tenant's API keys (its
 * client side), its network keys (its switch side, which posts the network's stimuli), its
 * user-data limit and its agents (the AgentIDs that may log in; without {@code agents}, any AgentID
 * may).
 *
 * <pre>
 * - tenant: acme
 *   apiKeys: [sha256:2f3d412fc3af9d83fc0923c0e809bbefdbe9bd7fb7c300ce70425f49c4e9edc4]
 *   networkKeys: [acme-switch-key-0123456789]
 *   userDataLimit: 32000
 *   agents: ["1001", "1002"]
 *   directory:
 *     - {dn: "5001", type: Extension}
 *     - {dn: "7001", type: ACDQueue, wrapUpTime: 30}
 * </pre>
 */
final class DirectoryFile {
  private static final Set<String> ENTRY_KEYS =
      Set.of("tenant", "directory", "apiKeys", "networkKeys", "userDataLimit", "agents");

  private DirectoryFile() {}

  /**
   * The tenants of a file and their API keys.
   *
   * @param tenants the tenants, in file order
   * @param apiKeys each tenant's keys, by tenant id (tenants without keys are absent)
   * @param networkKeys each tenant's network keys, by tenant id (tenants without are absent)
   */
  record Entries(
      List<TenantConfig> tenants,
      Map<String, List<String>> apiKeys,
      Map<String, List<String>> networkKeys) {
    Entries {
      tenants = List.copyOf(tenants);
      apiKeys = Map.copyOf(apiKeys);
      networkKeys = Map.copyOf(networkKeys);
    }
  }

  /** The demo tenant the service runs when no directory file is given. */
  static List<TenantConfig> demo(String server) {
    return List.of(
        new TenantConfig(
            "demo",
            List.of(
                new DirectoryEntry("5001", DNType.Extension),
                new DirectoryEntry("5002", DNType.Extension),
                new DirectoryEntry("5003", DNType.Extension),
                new DirectoryEntry("5004", DNType.Extension),
                new DirectoryEntry("7001", DNType.ACDQueue),
                new DirectoryEntry("8001", DNType.RoutingPoint),
                new DirectoryEntry("9001", DNType.VoiceTreatmentPort)),
            server));
  }

  static Entries read(Path file, String server) {
    return parse(YamlFiles.read(file, "directory file"), server, file.toString());
  }

  static Entries parse(JsonNode root, String server, String source) {
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new UserError(
          source
              + ": expected a list of {tenant, directory} entries, e.g.\n"
              + "- tenant: acme\n  directory:\n    - {dn: \"5001\", type: Extension}");
    }
    List<TenantConfig> tenants = new ArrayList<>();
    Map<String, List<String>> keys = new LinkedHashMap<>();
    Map<String, List<String>> networkKeys = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode entry : root) {
      index++;
      String where = source + ": entry " + index;
      if (!entry.isObject()) {
        throw new UserError(where + " must be a map with 'tenant' and 'directory'");
      }
      for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!ENTRY_KEYS.contains(name)) {
          throw new UserError(
              where
                  + " has an unknown key '"
                  + name
                  + "'"
                  + Nearest.didYouMean(name, ENTRY_KEYS)
                  + "; an entry has "
                  + ENTRY_KEYS.stream().sorted().toList());
        }
      }
      JsonNode tenant = entry.get("tenant");
      if (tenant == null || !tenant.isTextual() || tenant.asText().isBlank()) {
        throw new UserError(where + " needs 'tenant': the tenant id, e.g. tenant: acme");
      }
      int limit = TenantConfig.DEFAULT_USER_DATA_LIMIT;
      JsonNode userDataLimit = entry.get("userDataLimit");
      if (userDataLimit != null) {
        if (!userDataLimit.isIntegralNumber() || !userDataLimit.canConvertToInt()) {
          throw new UserError(
              where
                  + ": userDataLimit must be a number of bytes from 1 to "
                  + TenantConfig.MAX_USER_DATA_LIMIT
                  + ", was "
                  + userDataLimit);
        }
        limit = userDataLimit.intValue();
      }
      AgentList agents = agents(entry.get("agents"), where + ": tenant " + tenant.asText());
      try {
        tenants.add(
            new TenantConfig(
                tenant.asText(), directory(entry.get("directory"), where), server, limit, agents));
      } catch (IllegalArgumentException e) {
        throw new UserError(where + ": " + e.getMessage(), e);
      }
      List<String> apiKeys = strings(entry.get("apiKeys"), where + ": apiKeys");
      if (!apiKeys.isEmpty()) {
        keys.put(tenant.asText(), apiKeys);
      }
      List<String> switchKeys = strings(entry.get("networkKeys"), where + ": networkKeys");
      if (!switchKeys.isEmpty()) {
        networkKeys.put(tenant.asText(), switchKeys);
      }
    }
    return new Entries(tenants, keys, networkKeys);
  }

  /**
   * A tenant's {@code agents}: absent (or {@code any}), any AgentID may log in; else a list of
   * AgentIDs, each a string or {@code {agentId: "1001"}}; an empty list lets no agent log in.
   */
  static AgentList agents(JsonNode node, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return AgentList.any();
    }
    if (node.isTextual() && node.asText().equals("any")) {
      return AgentList.any();
    }
    if (!node.isArray()) {
      throw new UserError(
          where
              + ": agents must be a list of AgentIDs, e.g. agents: [\"1001\", \"1002\"] (or"
              + " leave it out to accept any AgentID); was "
              + node);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode agent : node) {
      JsonNode id = agent;
      if (agent.isObject()) {
        if (agent.size() != 1 || !agent.has("agentId")) {
          throw new UserError(
              where + ": an agent is an AgentID or {agentId: \"1001\"}; found " + agent);
        }
        id = agent.get("agentId");
      }
      if (!id.isTextual()) {
        throw new UserError(
            where
                + ": AgentID "
                + id
                + " must be a string: quote it, e.g. \"1001\" (unquoted, YAML reads a number and"
                + " drops leading zeros)");
      }
      ids.add(id.asText());
    }
    try {
      return AgentList.of(ids);
    } catch (IllegalArgumentException e) {
      throw new UserError(where + ": agents: " + e.getMessage(), e);
    }
  }

  /** A list of strings (keys), empty when {@code node} is absent. */
  static List<String> strings(JsonNode node, String where) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new UserError(where + " must be a list of strings, e.g. [\"...\"]");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual() || item.asText().isBlank()) {
        throw new UserError(where + " must be a list of strings; found " + item);
      }
      strings.add(item.asText());
    }
    return strings;
  }

  /** A directory as a scenario file writes it: a list of {@code {dn, type}}. */
  static List<DirectoryEntry> directory(JsonNode directory, String where) {
    if (directory == null || !directory.isArray()) {
      throw new UserError(
          where
              + " needs 'directory': a list of {dn, type}, e.g. - {dn: \"5001\", type: Extension}");
    }
    List<DirectoryEntry> entries = new ArrayList<>();
    for (JsonNode dn : directory) {
      JsonNode number = dn.get("dn");
      JsonNode type = dn.get("type");
      if (number == null || number.isContainerNode() || number.asText().isBlank()) {
        throw new UserError(where + ": a directory entry lacks 'dn': " + dn);
      }
      if (type == null || !type.isTextual()) {
        throw new UserError(
            where
                + ": DN "
                + number.asText()
                + " lacks 'type', one of "
                + Arrays.toString(DNType.values()));
      }
      DNType dnType;
      try {
        dnType = DNType.valueOf(type.asText());
      } catch (IllegalArgumentException e) {
        throw new UserError(
            where
                + ": DN "
                + number.asText()
                + " has unknown type '"
                + type.asText()
                + "'; use one of "
                + Arrays.toString(DNType.values()),
            e);
      }
      Map<String, String> options = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = dn.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("dn") || field.getKey().equals("type")) {
          continue;
        }
        if (!field.getValue().isValueNode() || field.getValue().isNull()) {
          throw new UserError(
              where
                  + ": DN "
                  + number.asText()
                  + ": option "
                  + field.getKey()
                  + " must be a value");
        }
        options.put(field.getKey(), field.getValue().asText());
      }
      try {
        entries.add(new DirectoryEntry(number.asText(), dnType, options));
      } catch (IllegalArgumentException e) {
        throw new UserError(where + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }
}
