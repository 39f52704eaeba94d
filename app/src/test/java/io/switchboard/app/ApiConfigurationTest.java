package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.server.ApiSettings;
import io.switchboard.server.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The API's part of the configuration file and options: keys, TLS, limits, reload. */
class ApiConfigurationTest {
  @TempDir Path dir;

  private RunCommand run(String yaml, String... options) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, yaml);
    RunCommand run = new RunCommand();
    String[] args = new String[options.length + 2];
    args[0] = "--config";
    args[1] = file.toString();
    System.arraycopy(options, 0, args, 2, options.length);
    new CommandLine(run).parseArgs(args);
    return run;
  }

  @Test
  void everyApiSettingIsRead() throws Exception {
    Files.writeString(dir.resolve("server.p12"), "not read before the service starts");
    Service.Settings settings =
        run("""
            server: sw-1
            http:
              host: 0.0.0.0
              port: 8443
              adminKeys: [admin-key-0123456789]
              tls: {keyStore: %s, password: secret, type: JKS}
              rateLimit: {perSecond: 2.5, burst: 7}
              webSocket: {queueMessages: 10, queueBytes: 2048, connectionsPerClient: 3}
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-512
            tenants:
              - tenant: acme
                apiKeys: [acme-key-0123456789, "sha256:%s"]
                userDataLimit: 65535
                agents: ["1001", "0102", {agentId: "1003"}]
                directory:
                  - {dn: "5001", type: Extension}
                  - {dn: "7001", type: ACDQueue}
            """
                .formatted(dir.resolve("server.p12"), "ab".repeat(32)))
            .settings();
    ApiSettings api = settings.http();
    assertThat(api.address().getPort()).isEqualTo(8443);
    assertThat(api.address().getHostString()).isEqualTo("0.0.0.0");
    assertThat(api.credentials().adminKeys()).containsExactly("admin-key-0123456789");
    assertThat(api.credentials().tenantKeys())
        .isEqualTo(Map.of("acme", List.of("acme-key-0123456789", "sha256:" + "ab".repeat(32))));
    assertThat(api.tls().orElseThrow().type()).isEqualTo("JKS");
    assertThat(api.tls().orElseThrow().password()).isEqualTo("secret");
    assertThat(api.rateLimit().perSecond()).isEqualTo(2.5);
    assertThat(api.rateLimit().burst()).isEqualTo(7);
    assertThat(api.webSocket().queueMessages()).isEqualTo(10);
    assertThat(api.webSocket().queueBytes()).isEqualTo(2048);
    assertThat(api.webSocket().connectionsPerClient()).isEqualTo(3);
    assertThat(api.server()).isEqualTo("sw-1");
    assertThat(settings.tenants().get(0).userDataLimit()).isEqualTo(65_535);
    assertThat(settings.tenants().get(0).agents())
        .isEqualTo(AgentList.of(List.of("1001", "0102", "1003")));
    assertThat(settings.tenants().get(0).directory())
        .extracting(DirectoryEntry::dn)
        .containsExactly("5001", "7001");
    // Kafka client security passes through as given
    assertThat(settings.kafkaProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    // the file can be read again while the service runs
    Configuration reloaded = api.reload().orElseThrow().get();
    assertThat(reloaded.credentials()).isEqualTo(api.credentials());
  }

  @Test
  void theReplicationFactorIsTheBrokersDefaultUnlessOneIsSet() throws Exception {
    assertThat(run("server: sw-1\n").settings().replicationFactor()).isEmpty();
    assertThat(run("kafka: {replicationFactor: 3}\n").settings().replicationFactor())
        .contains((short) 3);
  }

  @Test
  void aTenantsAgentsComeFromTheFileAndAreReadAgainOnReload() throws Exception {
    RunCommand run =
        run(
            """
            tenants:
              - tenant: acme
                agents: ["1001", "1002"]
                directory: [{dn: "5001", type: Extension}]
              - tenant: nobody
                agents: []
                directory: []
              - tenant: anyone
                directory: []
            """);
    ApiSettings api = run.settings().http();
    assertThat(run.settings().tenants())
        .extracting(t -> t.agents().toString())
        .containsExactly("[1001, 1002]", "[]", "any");
    Files.writeString(
        dir.resolve("switchboard.yaml"),
        "tenants: [{tenant: acme, agents: [\"1002\"], directory: [{dn: \"5001\", type:"
            + " Extension}]}]\n");
    assertThat(api.reload().orElseThrow().get().tenants().get(0).agents())
        .isEqualTo(AgentList.of(List.of("1002")));
  }

  @Test
  void badAgentsAreRefusedNamingTheTenantAndTheAgent() throws Exception {
    assertThatThrownBy(
            () ->
                run("tenants: [{tenant: acme, agents: [\"1001\", \"1001\"], directory: []}]\n")
                    .settings())
        .isInstanceOf(UserError.class)
        .hasMessageContaining("entry 1: tenant acme: agents: agent 1001 is listed twice");
    assertThatThrownBy(
            () -> run("tenants: [{tenant: acme, agents: [1001], directory: []}]\n").settings())
        .hasMessageContaining("tenant acme: AgentID 1001 must be a string: quote it");
    assertThatThrownBy(
            () -> run("tenants: [{tenant: acme, agents: [\" \"], directory: []}]\n").settings())
        .hasMessageContaining("tenant acme: agents: an AgentID must not be blank");
    assertThatThrownBy(
            () -> run("tenants: [{tenant: acme, agents: \"1001\", directory: []}]\n").settings())
        .hasMessageContaining("tenant acme: agents must be a list of AgentIDs");
    assertThatThrownBy(
            () ->
                run("tenants: [{tenant: acme, agents: [{id: \"1001\"}], directory: []}]\n")
                    .settings())
        .hasMessageContaining("an agent is an AgentID or {agentId: \"1001\"}");
    assertThatThrownBy(
            () -> run("tenants: [{tenant: acme, agent: [\"1001\"], directory: []}]\n").settings())
        .hasMessageContaining("unknown key 'agent'")
        .hasMessageContaining("agents");
  }

  @Test
  void noKeysMeansAnOpenApiOnLoopbackOnly() throws Exception {
    ApiSettings open = run("http: {port: 0}\n").settings().http();
    assertThat(open.credentials().isEmpty()).isTrue();
    assertThat(open.address().getAddress().isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> run("http: {host: 0.0.0.0}\n").settings())
        .isInstanceOf(UserError.class)
        .hasMessageContaining("refusing to serve the API on 0.0.0.0 without credentials");
    Cli cli = Cli.run("run", "--http-host", "0.0.0.0", "--kafka", "127.0.0.1:1");
    assertThat(cli.status()).isNotZero();
    assertThat(cli.err()).contains("without credentials");
  }

  @Test
  void mistakesAreReportedWithWhereAndWhat() throws Exception {
    assertThatThrownBy(() -> run("http: {tls: {keystore: x.p12}}\n").settings())
        .hasMessageContaining("http.tls has an unknown key 'keystore'");
    assertThatThrownBy(() -> run("http: {adminKeys: short}\n").settings())
        .hasMessageContaining("http.adminKeys must be a list of strings");
    assertThatThrownBy(() -> run("http: {adminKeys: [short]}\n").settings())
        .hasMessageContaining("at least 16");
    assertThatThrownBy(() -> run("kafka: {replicationFactor: 0}\n").settings())
        .hasMessageContaining("kafka.replicationFactor must be at least 1")
        .hasMessageContaining("leave it out");
    assertThatThrownBy(() -> run("http: {rateLimit: {perSecond: 0}}\n").settings())
        .hasMessageContaining("positive number of requests per second");
    assertThatThrownBy(
            () -> run("tenants: [{tenant: a, userDataLimit: 70000, directory: []}]\n").settings())
        .hasMessageContaining("must be 1 to 65535 bytes");
    assertThatThrownBy(
            () ->
                run("tenants: [{tenant: a, apiKeys: [a-key-0123456789abc], directory: []},"
                        + " {tenant: b, apiKeys: [a-key-0123456789abc], directory: []}]\n")
                    .settings())
        .hasMessageContaining("the same key is given to tenant 'a' and to tenant 'b'");
    RunCommand run = run("http: {adminKeys: [admin-key-0123456789]}\n");
    ApiSettings api = run.settings().http();
    Files.writeString(dir.resolve("switchboard.yaml"), "http: {adminKeys: [x]\n");
    assertThatThrownBy(() -> api.reload().orElseThrow().get())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.yaml");
  }
}
