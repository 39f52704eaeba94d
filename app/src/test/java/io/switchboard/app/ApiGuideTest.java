package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.testing.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the examples of docs/api.md against the service started with the guide's own configuration
 * file: every {@code sh} block (with curl), compared with the {@code json} block that follows it,
 * and every {@code websocket} transcript. An example that no longer works fails the build.
 */
class ApiGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "api.md");
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```\\n");
  private static final Pattern TRANSCRIPT_TARGET =
      Pattern.compile("# ws://localhost:8080(\\S+) with the header Authorization: Bearer (\\S+)");
  private static final long PATIENCE_SECONDS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static Service service;
  private static List<Block> blocks;

  /** A fenced block of the guide. */
  record Block(String language, String text) {}

  @BeforeAll
  static void startTheServiceAsTheGuideSays() throws IOException {
    blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(Files.readString(GUIDE));
    while (matcher.find()) {
      blocks.add(new Block(matcher.group(1), matcher.group(2)));
    }
    String yaml =
        blocks.stream()
            .filter(b -> b.language().equals("yaml"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the guide has no configuration file"))
            .text();
    Path config = dir.resolve("guide.yaml");
    // topics of its own, so that records of other tests in this JVM do not mix in
    Files.writeString(
        config,
        yaml + "kafka: {topics: {agentState: guide-agentstate, callThread: guide-callthread}}\n");
    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "--config",
            config.toString(),
            "--http-port",
            "0",
            "--data-dir",
            dir.resolve("data").toString(),
            "--kafka",
            SharedKafka.bootstrapServers());
    service = Service.start(run.settings());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static String local(String text) {
    return text.replace("localhost:8080", service.httpUrl().replaceFirst("^http://", ""));
  }

  @Test
  void theCurlExamplesPrintWhatTheGuideShows() throws Exception {
    assumeThat(commandExists("curl")).as("curl is installed").isTrue();
    StringBuilder script = new StringBuilder("set -eu\n");
    List<Integer> shells = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).language().equals("sh")) {
        script.append("echo '@@@ ").append(i).append("'\n");
        script.append(local(blocks.get(i).text())).append("echo\n");
        shells.add(i);
      }
    }
    assertThat(shells).as("sh blocks in the guide").hasSizeGreaterThanOrEqualTo(5);
    // the output goes to files, so that the deadline holds even when an example hangs
    Path stdout = dir.resolve("examples.out");
    Path stderr = dir.resolve("examples.err");
    Process bash =
        new ProcessBuilder("bash", "-c", script.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    bash.getOutputStream().close();
    boolean ended = bash.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      bash.descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly();
    }
    String out = Files.readString(stdout);
    String err = Files.readString(stderr);
    assertThat(ended).as("the examples end within 120 s; stdout:\n" + out).isTrue();
    assertThat(bash.exitValue())
        .as("the examples exit 0; stderr:\n" + err + "\nstdout:\n" + out)
        .isZero();

    Map<Integer, String> outputs = new HashMap<>();
    String[] parts = out.split("(?m)^@@@ ");
    for (String part : parts) {
      if (!part.isBlank()) {
        int newline = part.indexOf('\n');
        outputs.put(
            Integer.parseInt(part.substring(0, newline).strip()), part.substring(newline + 1));
      }
    }
    int compared = 0;
    for (int index : shells) {
      String printed = outputs.getOrDefault(index, "");
      if (index + 1 < blocks.size() && blocks.get(index + 1).language().equals("json")) {
        List<JsonNode> expected = values(blocks.get(index + 1).text());
        List<JsonNode> actual = values(printed);
        String where = "the example\n" + blocks.get(index).text() + "printed\n" + printed;
        assertThat(actual).as(where).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
          assertMatches(expected.get(k), actual.get(k), "$", new HashMap<>(), where);
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theWebSocketTranscriptsHappenAsWritten() throws Exception {
    int transcripts = 0;
    for (Block block : blocks) {
      if (block.language().equals("websocket")) {
        replay(block.text());
        transcripts++;
      }
    }
    assertThat(transcripts).isPositive();
  }

  private static void replay(String transcript) throws Exception {
    List<String> lines = transcript.lines().toList();
    Matcher target = TRANSCRIPT_TARGET.matcher(lines.get(0));
    assertThat(target.matches()).as("first line of a transcript: " + lines.get(0)).isTrue();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        TestHttp.CLIENT
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + target.group(2))
            .buildAsync(
                URI.create(service.httpUrl().replaceFirst("^http", "ws") + target.group(1)),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      received.add(partial.toString());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    Map<String, String> bindings = new HashMap<>();
    try {
      for (String line : lines.subList(1, lines.size())) {
        if (line.startsWith("> ")) {
          String message = line.substring(2);
          for (Map.Entry<String, String> binding : bindings.entrySet()) {
            message =
                message.replace("\"" + binding.getKey() + "\"", "\"" + binding.getValue() + "\"");
          }
          socket.sendText(message, true).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } else if (line.startsWith("< ")) {
          String message = received.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
          assertThat(message).as("a message for: " + line).isNotNull();
          assertMatches(
              JSON.readTree(line.substring(2)), JSON.readTree(message), "$", bindings, line);
        }
      }
      assertThat(received).as("messages the transcript does not show").isEmpty();
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      socket.abort();
    }
  }

  /**
   * {@code actual} has what {@code expected} shows: every field shown, with the value shown ({@code
   * "..."}: any value; {@code "$name"}: the value bound to name, bound on first use); arrays of the
   * same length, element by element.
   */
  private static void assertMatches(
      JsonNode expected, JsonNode actual, String path, Map<String, String> bindings, String where) {
    String context = where + "\nat " + path + ": expected " + expected + ", got " + actual;
    assertThat(actual == null || actual.isMissingNode()).as(context).isFalse();
    if (expected.isTextual() && expected.asText().equals("...")) {
      return;
    }
    if (expected.isTextual() && expected.asText().startsWith("$")) {
      String bound = bindings.putIfAbsent(expected.asText(), actual.asText());
      if (bound != null) {
        assertThat(actual.asText()).as(context).isEqualTo(bound);
      }
      return;
    }
    if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        assertMatches(
            field.getValue(),
            actual.get(field.getKey()),
            path + "." + field.getKey(),
            bindings,
            where);
      }
    } else if (expected.isArray()) {
      assertThat(actual.isArray() && actual.size() == expected.size()).as(context).isTrue();
      for (int i = 0; i < expected.size(); i++) {
        assertMatches(expected.get(i), actual.get(i), path + "[" + i + "]", bindings, where);
      }
    } else if (expected.isNumber()) {
      assertThat(actual.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0)
          .as(context)
          .isTrue();
    } else {
      assertThat(actual).as(context).isEqualTo(expected);
    }
  }

  private static List<JsonNode> values(String text) {
    List<JsonNode> values = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = JSON.readerFor(JsonNode.class).readValues(text)) {
      while (iterator.hasNext()) {
        values.add(iterator.next());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a sequence of JSON values:\n" + text, e);
    }
    return values;
  }

  private static boolean commandExists(String command) {
    try {
      Process process = new ProcessBuilder("sh", "-c", "command -v " + command).start();
      return process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
