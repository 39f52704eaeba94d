package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  /** Configures a logger context from the service's logback.xml and logs one line with it. */
  private static String logOneLine(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    LogbackMDCAdapter mdc = new LogbackMDCAdapter();
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
      mdc.put("tenant", "acme");
      context.getLogger("io.switchboard.test").info("a step of the tenant {}", "acme");
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    String text = captured.toString(StandardCharsets.UTF_8).strip();
    assertThat(text.lines()).hasSize(1);
    return text;
  }
}
