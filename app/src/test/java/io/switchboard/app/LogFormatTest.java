package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.json.Json;
import io.switchboard.model.DNType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestMakeCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * The logs: dated text lines by default, or one JSON object per line with the MDC, chosen by
 * --log-format or SWITCHBOARD_LOG_FORMAT; an unknown format is refused, never silently dropped.
 */
class LogFormatTest {

  @Test
  void theOptionWinsOverTheEnvironment() {
    Map<String, String> json = Map.of("SWITCHBOARD_LOG_FORMAT", "json");
    assertThat(LogFormat.chosen(new String[] {"run"}, json::get)).isEqualTo(LogFormat.json);
    assertThat(LogFormat.chosen(new String[] {"run", "--log-format", "text"}, json::get))
        .isEqualTo(LogFormat.text);
    assertThat(LogFormat.chosen(new String[] {"run", "--log-format=JSON"}, name -> null))
        .isEqualTo(LogFormat.json);
    assertThat(LogFormat.chosen(new String[] {"run"}, name -> null)).isEqualTo(LogFormat.text);
  }

  @Test
  void anUnknownFormatIsAClearError() {
    assertThatThrownBy(
            () ->
                LogFormat.chosen(
                    new String[] {"run"}, Map.of("SWITCHBOARD_LOG_FORMAT", "xml")::get))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("SWITCHBOARD_LOG_FORMAT is text or json, was 'xml'");
    assertThat(Cli.run("run", "--log-format", "xml").err()).contains("--log-format");
  }

  @Test
  void textLinesAreDatedAndNameTheTenant() throws Exception {
    String line = logOneLine("text");
    assertThat(line)
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO .*");
    assertThat(line).contains("tenant=acme").contains("a step of the tenant");
  }

  @Test
  void jsonLinesAreObjectsWithTimeLevelMessageAndTheTenant() throws Exception {
    JsonNode line = Json.mapper().readTree(logOneLine("json"));
    assertThat(line.get("timestamp").asLong()).isPositive();
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("a step of the tenant acme");
    assertThat(line.get("mdc").get("tenant").asText()).isEqualTo("acme");
  }

  @Test
  void aJsonLineWrittenDuringAStepNamesItsTenantAndItsCall() throws Exception {
    Tenants tenants =
        new Tenants(
            List.of(
                TenantConfig.of(
                    "acme",
                    List.of(
                        new DirectoryEntry("5001", DNType.Extension),
                        new DirectoryEntry("5002", DNType.Extension)))),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(1),
            (tenant, events) -> CompletableFuture.completedFuture(null));
    tenants.scope(new StepLogContext());
    AtomicReference<Outcome> made = new AtomicReference<>();
    List<String> lines =
        logged(
            "json",
            MDC.getMDCAdapter(),
            logger -> {
              tenants.addListener(
                  (tenant, step, outcome) -> logger.info("step {} ran", step.name()));
              made.set(
                  tenants
                      .submit(
                          "acme",
                          new RequestMakeCall("5001", "5002", KVList.EMPTY, RequestAttributes.NONE))
                      .join());
              logger.info("after the step");
            });

    assertThat(lines).hasSize(2);
    JsonNode during = Json.mapper().readTree(lines.get(0));
    assertThat(during.get("formattedMessage").asText()).isEqualTo("step RequestMakeCall ran");
    assertThat(during.get("mdc").get("tenant").asText()).isEqualTo("acme");
    assertThat(during.get("mdc").get("ConnID").asText())
        .isEqualTo(made.get().connId().orElseThrow().toString());
    JsonNode after = Json.mapper().readTree(lines.get(1));
    assertThat(after.path("mdc").path("tenant").isMissingNode())
        .as("the context is the step's only: %s", after)
        .isTrue();
    assertThat(MDC.get("tenant")).isNull();
  }

  /** Configures a logger context from the service's logback.xml and logs one line with it. */
  private static String logOneLine(String format) throws Exception {
    LogbackMDCAdapter mdc = new LogbackMDCAdapter();
    List<String> lines =
        logged(
            format,
            mdc,
            logger -> {
              mdc.put("tenant", "acme");
              logger.info("a step of the tenant {}", "acme");
            });
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  /**
   * Configures a logger context from the service's logback.xml with {@code mdc}, has {@code write}
   * log with it, and returns the lines written.
   */
  private static List<String> logged(
      String format, MDCAdapter mdc, Consumer<org.slf4j.Logger> write) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(mdc);
    context.putProperty(LogFormat.VARIABLE, format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      // from its URL, as logback finds it in the jar
      configurator.doConfigure(Main.class.getResource("/logback.xml"));
      assertThat(new StatusUtil(context).getHighestLevel(0))
          .as(
              "logback's own warnings and errors (it prints them on standard output): %s",
              context.getStatusManager().getCopyOfStatusList().stream()
                  .filter(status -> status.getLevel() >= Status.WARN)
                  .map(Status::getMessage)
                  .toList())
          .isLessThan(Status.WARN);
      assertThat(context.getLogger("ROOT").getAppender("STDERR")).isNotNull();
      write.accept(context.getLogger("io.switchboard.test"));
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    return captured.toString(StandardCharsets.UTF_8).strip().lines().toList();
  }
}
