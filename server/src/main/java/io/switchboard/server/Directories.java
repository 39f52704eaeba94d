package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tenants, DNs and agents as the admin API takes them, read with messages that say what is wrong.
 */
final class Directories {
  private static final Set<String> TENANT_KEYS =
      Set.of("tenant", "directory", "userDataLimit", "apiKeys", "networkKeys", "agents");
  private static final String DN_EXAMPLE = "{\"dn\": \"5001\", \"type\": \"Extension\"}";
  private static final String AGENTS_EXAMPLE =
      "{\"agents\": [\"1001\", \"1002\"]}, or {\"agents\": \"any\"} to accept any AgentID";

  private Directories() {}

  /** A tenant with its API keys. */
  record NewTenant(TenantConfig config, List<String> apiKeys, List<String> networkKeys) {}

  private static List<String> keys(JsonNode body, String field) {
    List<String> keys = new ArrayList<>();
    JsonNode list = body.path(field);
    if (!list.isMissingNode()) {
      if (!list.isArray()) {
        throw new ApiError(400, "'" + field + "' is a list of keys as strings");
      }
      for (JsonNode key : list) {
        if (!key.isTextual()) {
          throw new ApiError(400, "'" + field + "' is a list of keys as strings; found " + key);
        }
        keys.add(key.asText());
      }
    }
    return keys;
  }

  /**
   * {@code {"tenant": "acme", "directory": [{"dn": "5001", "type": "Extension"}], "userDataLimit":
   * 16000, "apiKeys": ["..."], "agents": ["1001"]}}; only {@code tenant} is required.
   *
   * @throws ApiError 400 saying what is wrong
   */
  static NewTenant tenant(JsonNode body, String server) {
    if (body == null || !body.isObject()) {
      throw new ApiError(
          400,
          "a tenant is an object, e.g. {\"tenant\": \"acme\", \"directory\": ["
              + DN_EXAMPLE
              + "], \"apiKeys\": [\"...\"]}");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TENANT_KEYS.contains(name)) {
        throw new ApiError(
            400, "a tenant has no key '" + name + "'; its keys are " + sorted(TENANT_KEYS));
      }
    }
    JsonNode tenant = body.get("tenant");
    if (tenant == null || !tenant.isTextual()) {
      throw new ApiError(400, "'tenant' is required: the tenant id as a string, e.g. \"acme\"");
    }
    List<DirectoryEntry> directory = new ArrayList<>();
    JsonNode entries = body.path("directory");
    if (!entries.isMissingNode()) {
      if (!entries.isArray()) {
        throw new ApiError(400, "'directory' is a list of DNs, e.g. [" + DN_EXAMPLE + "]");
      }
      for (JsonNode entry : entries) {
        directory.add(entry(entry));
      }
    }
    int limit = TenantConfig.DEFAULT_USER_DATA_LIMIT;
    JsonNode userDataLimit = body.path("userDataLimit");
    if (!userDataLimit.isMissingNode()) {
      if (!userDataLimit.canConvertToInt() || !userDataLimit.isIntegralNumber()) {
        throw new ApiError(
            400,
            "'userDataLimit' is a number of bytes from 1 to "
                + TenantConfig.MAX_USER_DATA_LIMIT
                + ", was "
                + userDataLimit);
      }
      limit = userDataLimit.intValue();
    }
    List<String> keys = keys(body, "apiKeys");
    List<String> networkKeys = keys(body, "networkKeys");
    AgentList agents = AgentList.any();
    if (body.has("agents")) {
      agents = agents(body.get("agents"), tenant.asText());
    }
    try {
      return new NewTenant(
          new TenantConfig(tenant.asText(), directory, server, limit, agents), keys, networkKeys);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  /**
   * A tenant's agents: {@code "any"} (any AgentID may log in), or a list of AgentIDs, each a string
   * or {@code {"agentId": "1001"}}; an empty list lets no agent log in.
   *
   * @throws ApiError 400 naming the tenant and the AgentID that is not valid or given twice
   */
  static AgentList agents(JsonNode agents, String tenant) {
    if (agents != null && agents.isTextual() && agents.asText().equals("any")) {
      return AgentList.any();
    }
    if (agents == null || !agents.isArray()) {
      throw new ApiError(
          400,
          "tenant "
              + tenant
              + ": 'agents' is a list of AgentIDs as strings, e.g. "
              + AGENTS_EXAMPLE
              + "; was "
              + agents);
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode agent : agents) {
      ids.add(agentId(agent, "tenant " + tenant + ": 'agents'"));
    }
    try {
      return AgentList.of(ids);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "tenant " + tenant + ": 'agents': " + e.getMessage());
    }
  }

  /**
   * The body of {@code PUT /v1/admin/tenants/{tenant}/agents}: {@code {"agents": [...]}} or {@code
   * {"agents": "any"}}.
   *
   * @throws ApiError 400 saying what is wrong
   */
  static AgentList agentsBody(JsonNode body, String tenant) {
    if (body == null || !body.isObject() || !body.has("agents") || body.size() != 1) {
      throw new ApiError(400, "the body is " + AGENTS_EXAMPLE + "; was " + body);
    }
    return agents(body.get("agents"), tenant);
  }

  /**
   * An AgentID as a string, or as {@code {"agentId": "1001"}} (the body of {@code POST
   * /v1/admin/tenants/{tenant}/agents}).
   *
   * @throws ApiError 400 saying what is wrong
   */
  static String agentId(JsonNode agent, String where) {
    JsonNode id = agent;
    if (agent != null && agent.isObject()) {
      if (agent.size() != 1 || !agent.has("agentId")) {
        throw new ApiError(
            400, where + ": an agent is {\"agentId\": \"1001\"} (or \"1001\"); was " + agent);
      }
      id = agent.get("agentId");
    }
    if (id == null || !id.isTextual()) {
      throw new ApiError(
          400,
          where
              + ": an AgentID is a string, e.g. \"1001\" (quoted, so that leading zeros stay);"
              + " was "
              + id);
    }
    try {
      return AgentList.check(id.asText());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, where + ": " + e.getMessage());
    }
  }

  /**
   * {@code {"dn": "5001", "type": "Extension"}}, with the options of its type as further keys.
   *
   * @throws ApiError 400 saying what is wrong
   */
  static DirectoryEntry entry(JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      throw new ApiError(400, "a DN is an object, e.g. " + DN_EXAMPLE + "; was " + entry);
    }
    JsonNode dn = entry.get("dn");
    if (dn == null || !dn.isTextual() || dn.asText().isBlank()) {
      throw new ApiError(
          400, "a DN needs 'dn', the number as a string, e.g. " + DN_EXAMPLE + "; was " + entry);
    }
    JsonNode type = entry.get("type");
    DNType dnType;
    try {
      dnType = DNType.valueOf(type == null ? "" : type.asText());
    } catch (IllegalArgumentException e) {
      throw new ApiError(
          400,
          "DN "
              + dn.asText()
              + " needs 'type', one of "
              + Arrays.toString(DNType.values())
              + "; was "
              + type);
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("dn") || field.getKey().equals("type")) {
        continue;
      }
      if (!field.getValue().isValueNode() || field.getValue().isNull()) {
        throw new ApiError(
            400, "DN " + dn.asText() + ": option " + field.getKey() + " must be a single value");
      }
      options.put(field.getKey(), field.getValue().asText());
    }
    try {
      return new DirectoryEntry(dn.asText(), dnType, options);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
