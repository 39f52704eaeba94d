package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: tenants, DNs and agents added and removed while the service runs, and the
 * configuration read again and applied. A change that cannot be made (a DN in use, an agent logged
 * in, a tenant with calls in progress) is refused with 409 and changes nothing; a reload applies
 * what it can and lists what it could not.
 */
final class Admin {
  private static final Logger LOG = LoggerFactory.getLogger(Admin.class);

  private final Tenants tenants;
  private final Keys keys;
  private final EventHub hub;
  private final String server;
  private final Optional<ConfigurationSource> reload;
  private final AddedKeys added;

  Admin(
      Tenants tenants,
      Keys keys,
      EventHub hub,
      String server,
      Optional<ConfigurationSource> reload,
      AddedKeys added) {
    this.added = added;
    this.tenants = tenants;
    this.keys = keys;
    this.hub = hub;
    this.server = server;
    this.reload = reload;
  }

  synchronized Reply addTenant(JsonNode body) {
    Directories.NewTenant tenant = Directories.tenant(body, server);
    String id = tenant.config().tenant();
    if (tenants.engine(id).isPresent()) {
      throw new ApiError(
          409,
          "tenant '" + id + "' exists; DELETE /v1/admin/tenants/" + id + " first to replace it");
    }
    Credentials credentials =
        keys.credentials().withTenant(id, tenant.apiKeys(), tenant.networkKeys());
    try {
      Keys.check(credentials);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    try {
      tenants.add(tenant.config());
    } catch (IllegalArgumentException e) {
      throw new ApiError(409, e.getMessage());
    }
    keys.set(credentials);
    keep(() -> added.put(id, tenant.apiKeys(), tenant.networkKeys()), id);
    LOG.info(
        "tenant {} added with {} DNs, agents {}",
        id,
        tenant.config().directory().size(),
        tenant.config().agents());
    ObjectNode answer =
        Bodies.object()
            .put("tenant", id)
            .put("dns", tenant.config().directory().size())
            .put("apiKeys", tenant.apiKeys().size())
            .put("networkKeys", tenant.networkKeys().size());
    Bodies.agents(answer, tenant.config().agents());
    return new Reply(201, answer);
  }

  synchronized Reply removeTenant(String id) {
    requireTenant(id);
    try {
      tenants.remove(id);
    } catch (IllegalStateException e) {
      throw new ApiError(409, e.getMessage() + "; release them first");
    }
    keys.set(keys.credentials().withoutTenant(id));
    keep(() -> added.remove(id), id);
    hub.closeTenant(id, "tenant removed");
    LOG.info("tenant {} removed", id);
    return new Reply(200, Bodies.object().put("removed", id));
  }

  Reply addDn(String tenant, JsonNode body) {
    requireTenant(tenant);
    DirectoryEntry entry = Directories.entry(body);
    change(tenant, engine -> engine.addDn(entry));
    return new Reply(201, Bodies.object().put("tenant", tenant).put("added", entry.dn()));
  }

  Reply removeDn(String tenant, String dn) {
    requireTenant(tenant);
    try {
      if (tenants.view(tenant).dns().stream().noneMatch(d -> d.dn().equals(dn))) {
        throw new ApiError(404, "DN " + dn + " is not in the directory of tenant " + tenant);
      }
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, e.getMessage());
    }
    change(tenant, engine -> engine.removeDn(dn));
    return new Reply(200, Bodies.object().put("tenant", tenant).put("removed", dn));
  }

  /** The agents that may log in on {@code tenant}: a list, or any AgentID. */
  Reply agents(String tenant) {
    requireTenant(tenant);
    AtomicReference<TenantConfig> config = new AtomicReference<>();
    change(tenant, engine -> config.set(engine.config()));
    ObjectNode body = Bodies.object().put("tenant", tenant);
    Bodies.agents(body, config.get().agents());
    return new Reply(200, body);
  }

  /** Adds an agent to the tenant's list: {@code {"agentId": "1001"}}. */
  Reply addAgent(String tenant, JsonNode body) {
    requireTenant(tenant);
    String agent = Directories.agentId(body, "the body");
    change(tenant, engine -> engine.addAgent(agent));
    LOG.info("tenant {}: agent {} added", tenant, agent);
    return new Reply(201, Bodies.object().put("tenant", tenant).put("added", agent));
  }

  /** Removes an agent that is not logged in from the tenant's list. */
  Reply removeAgent(String tenant, String agent) {
    requireTenant(tenant);
    try {
      tenants.reconfigure(tenant, engine -> engine.removeAgent(agent));
    } catch (IllegalArgumentException e) {
      // no such tenant (removed meanwhile), or the agent is not listed
      throw new ApiError(404, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiError(409, e.getMessage());
    }
    LOG.info("tenant {}: agent {} removed", tenant, agent);
    return new Reply(200, Bodies.object().put("tenant", tenant).put("removed", agent));
  }

  /** Replaces the tenant's agents: {@code {"agents": [...]}} or {@code {"agents": "any"}}. */
  Reply setAgents(String tenant, JsonNode body) {
    requireTenant(tenant);
    AgentList agents = Directories.agentsBody(body, tenant);
    change(tenant, engine -> engine.setAgents(agents));
    LOG.info("tenant {}: agents set to {}", tenant, agents);
    ObjectNode answer = Bodies.object().put("tenant", tenant);
    Bodies.agents(answer, agents);
    return new Reply(200, answer);
  }

  /** Reads the configuration again and applies the difference with what runs. */
  synchronized Reply reload() {
    ConfigurationSource source =
        reload.orElseThrow(
            () ->
                new ApiError(
                    409,
                    "the service was started without a configuration file: there is nothing to"
                        + " reload; use the admin API to add and remove tenants and DNs"));
    Configuration desired;
    try {
      desired = source.get();
      Keys.check(desired.credentials());
    } catch (IllegalArgumentException e) {
      throw new ApiError(422, "the configuration is not valid, nothing changed: " + e.getMessage());
    }
    if (!keys.open() && desired.credentials().isEmpty()) {
      throw new ApiError(
          422,
          "the configuration has no key left: every client would be locked out; nothing changed");
    }
    Map<String, TenantConfig> wanted = new LinkedHashMap<>();
    desired.tenants().forEach(t -> wanted.put(t.tenant(), t));
    List<String> applied = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Set<String> incomplete = new TreeSet<>();
    for (String running : List.copyOf(tenants.ids())) {
      if (!wanted.containsKey(running)) {
        try {
          tenants.remove(running);
          hub.closeTenant(running, "tenant removed");
          applied.add("tenant " + running + " removed");
        } catch (IllegalStateException | IllegalArgumentException e) {
          refused.add("tenant " + running + " not removed: " + e.getMessage());
          incomplete.add(running);
        }
      }
    }
    for (TenantConfig config : wanted.values()) {
      if (tenants.engine(config.tenant()).isEmpty()) {
        tenants.add(config);
        applied.add("tenant " + config.tenant() + " added");
      } else {
        int before = refused.size();
        reconcile(config, applied, refused);
        if (refused.size() > before) {
          incomplete.add(config.tenant());
        }
      }
    }
    try {
      source.applied(List.copyOf(wanted.values()), incomplete);
    } catch (RuntimeException e) {
      LOG.warn(
          "the reload is applied but not recorded as applied ({}): the next start applies the"
              + " file's changes since it was last recorded",
          e.getMessage());
    }
    keys.set(desired.credentials());
    keep(added::clear, "every tenant");
    applied.add("keys replaced: " + keys.size());
    LOG.info("configuration reloaded: {}; not applied: {}", applied, refused);
    ObjectNode body = Bodies.object();
    ArrayNode appliedList = body.putArray("applied");
    applied.forEach(appliedList::add);
    ArrayNode refusedList = body.putArray("notApplied");
    refused.forEach(refusedList::add);
    return new Reply(200, body);
  }

  private void reconcile(TenantConfig wanted, List<String> applied, List<String> refused) {
    String tenant = wanted.tenant();
    AtomicReference<TenantConfig> running = new AtomicReference<>();
    tenants.reconfigure(tenant, engine -> running.set(engine.config()));
    TenantConfig now = running.get();
    if (now.userDataLimit() != wanted.userDataLimit() || !now.server().equals(wanted.server())) {
      refused.add(
          "tenant "
              + tenant
              + ": its userDataLimit and server cannot change while it runs; remove it and add it"
              + " again, or restart");
    }
    Map<String, DirectoryEntry> before = byDn(now.directory());
    Map<String, DirectoryEntry> after = byDn(wanted.directory());
    for (DirectoryEntry entry : before.values()) {
      DirectoryEntry target = after.get(entry.dn());
      if (target == null || !target.equals(entry)) {
        try {
          change(tenant, engine -> engine.removeDn(entry.dn()));
          applied.add("tenant " + tenant + ": DN " + entry.dn() + " removed");
        } catch (ApiError e) {
          refused.add("tenant " + tenant + ": DN " + entry.dn() + " kept: " + e.getMessage());
        }
      }
    }
    for (DirectoryEntry entry : after.values()) {
      DirectoryEntry current = before.get(entry.dn());
      if (current == null || !current.equals(entry)) {
        try {
          change(tenant, engine -> engine.addDn(entry));
          applied.add("tenant " + tenant + ": DN " + entry.dn() + " added");
        } catch (ApiError e) {
          refused.add("tenant " + tenant + ": DN " + entry.dn() + " not added: " + e.getMessage());
        }
      }
    }
    reconcileAgents(tenant, now.agents(), wanted.agents(), applied, refused);
  }

  private void reconcileAgents(
      String tenant,
      AgentList before,
      AgentList after,
      List<String> applied,
      List<String> refused) {
    if (before.equals(after)) {
      return;
    }
    String wanted = after.acceptsAny() ? "any AgentID" : after.toString();
    try {
      change(tenant, engine -> engine.setAgents(after));
      applied.add("tenant " + tenant + ": agents set to " + wanted);
    } catch (ApiError e) {
      refused.add("tenant " + tenant + ": agents not set to " + wanted + ": " + e.getMessage());
    }
  }

  private static Map<String, DirectoryEntry> byDn(List<DirectoryEntry> entries) {
    Map<String, DirectoryEntry> map = new LinkedHashMap<>();
    entries.forEach(e -> map.put(e.dn(), e));
    return map;
  }

  private void change(String tenant, Consumer<TenantEngine> change) {
    try {
      tenants.reconfigure(tenant, change);
    } catch (IllegalArgumentException e) {
      throw new ApiError(tenants.engine(tenant).isEmpty() ? 404 : 409, e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiError(409, e.getMessage());
    }
  }

  /** Changes the keys kept across restarts; a failure is logged: the change itself is made. */
  private static void keep(Runnable change, String whose) {
    try {
      change.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "the keys of {} as changed now are not kept across a restart: {}", whose, e.getMessage());
    }
  }

  private void requireTenant(String id) {
    if (tenants.engine(id).isEmpty()) {
      throw new ApiError(404, "no tenant '" + id + "'; known tenants: " + tenants.ids());
    }
  }
}
