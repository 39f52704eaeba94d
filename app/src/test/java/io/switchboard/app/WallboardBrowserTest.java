package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The wallboard in a real browser (headless Chromium, driven by Selenium): the service as {@code
 * switchboard run} wires it, a scenario sent through the API, and the page following it live: the
 * agent's tile changes state, the queue's waiting count rises and falls, and the call's diagram
 * shows its events as they arrive. Screenshots go to {@code target/screenshots}.
 *
 * <p>Chromium and its driver come from Debian's {@code chromium} and {@code chromium-driver} (CI
 * installs them). Without them the test fails, unless {@code -Dwallboard.browser.optional=true}
 * says that it may be skipped on this machine.
 */
@Timeout(300)
class WallboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void thePageFollowsAScenarioLive() throws Exception {
    try (Service service = service("browser-test")) {
      String base = service.httpUrl();
      step(
          base,
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1002\","
              + " \"ThisQueue\": \"7001\", \"AgentWorkMode\": \"ManualIn\"}}");
      WebDriver browser = browser();
      try {
        browser.get(base + "/?tenant=demo");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(b -> agentState(b, "1002").equals("NotReady"));

        JsonNode inbound =
            step(
                base,
                "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"7001\","
                    + " \"UserData\": {\"Segment\": \"Gold\", \"AccountNumber\": \"4400123\"}}}");
        String connId = inbound.get("ConnID").asText();
        wait.until(b -> waiting(b, "7001").equals("1"));
        screenshot(browser, "wallboard-call-waiting");

        step(base, "{\"RequestAgentReady\": {\"ThisDN\": \"5002\"}}");
        wait.until(b -> agentState(b, "1002").equals("Ringing"));
        wait.until(b -> waiting(b, "7001").equals("0"));
        step(
            base,
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + connId + "\"}}");
        wait.until(b -> agentState(b, "1002").equals("Talking"));

        String thread = connId.substring(0, connId.indexOf('@'));
        wait.until(
            b -> !b.findElements(By.cssSelector("tr.call[data-call='" + thread + "']")).isEmpty());
        WebElement row = browser.findElement(By.cssSelector("tr.call[data-call='" + thread + "']"));
        assertThat(row.getText()).contains("Segment=Gold").contains("5002 Talking");
        row.click();
        wait.until(
            b ->
                events(b)
                    .containsAll(
                        List.of(
                            "EventQueued", "EventDiverted", "EventRinging", "EventEstablished")));
        screenshot(browser, "wallboard-talking");

        step(
            base,
            "{\"RemoteRelease\": {\"DN\": \"+14155550100\", \"ConnID\": \"" + connId + "\"}}");
        // the diagram grows with the release, and the agent goes to after-call work
        wait.until(b -> events(b).contains("EventReleased"));
        wait.until(b -> agentState(b, "1002").equals("AfterCallWork"));
        wait.until(
            b -> b.findElements(By.cssSelector("tr.call[data-call='" + thread + "']")).isEmpty());
        assertThat(queueFigure(browser, "7001", ".today td:nth-of-type(2)")).isEqualTo("1");
        screenshot(browser, "wallboard-after-call");
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void theSimulatedContactCenterIsShownLive() throws Exception {
    try (Service service = service("browser-sim");
        LiveSimulation simulation =
            LiveSimulation.start("", service.tenants(), "switchboard-test")) {
      WebDriver browser = browser();
      try {
        browser.get(service.httpUrl() + "/?tenant=sim");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        int agents = io.switchboard.sim.traffic.TrafficConfig.demo().agentCount();
        wait.until(b -> b.findElements(By.cssSelector(".agent")).size() == agents);
        wait.until(b -> b.findElements(By.cssSelector(".queue")).size() >= 2);
        wait.until(b -> !b.findElements(By.cssSelector(".agent.state-Talking")).isEmpty());
        wait.until(b -> !b.findElements(By.cssSelector("tr.call")).isEmpty());
        browser.findElements(By.cssSelector("tr.call")).get(0).click();
        wait.until(b -> events(b).size() >= 3);
        screenshot(browser, "wallboard-simulated");
      } finally {
        browser.quit();
      }
    }
  }

  /**
   * The bench workload's contact center (1,000 agents in 10 queues, docs/BENCHMARKS.md) on the
   * page: every agent and queue is shown, and the page's longest main-thread task while it follows
   * the live traffic is reported (in {@code target/screenshots/thousand-agents.txt}), not judged.
   */
  @Test
  void aThousandAgentsInTenQueuesAreShownLive() throws Exception {
    StringBuilder yaml = new StringBuilder("queues:\n");
    for (int q = 1; q <= 10; q++) {
      yaml.append("  - {name: q")
          .append(q)
          .append(
              ", callsPerHour: 1800, handleTime: lognormal:170:0.8, patience: exponential:120}\n");
    }
    yaml.append("agents:\n");
    for (int q = 1; q <= 10; q++) {
      yaml.append("  - {count: 100, queues: [q").append(q).append("]}\n");
    }
    yaml.append("ivr: exponential:2\nafterCallWork: exponential:10\n");
    Path config = dir.resolve("thousand.yaml");
    Files.writeString(config, yaml);
    try (Service service = service("browser-thousand");
        LiveSimulation simulation =
            LiveSimulation.start(config.toString(), service.tenants(), "switchboard-test")) {
      WebDriver browser = browser();
      try {
        browser.get(service.httpUrl() + "/?tenant=sim");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(b -> b.findElements(By.cssSelector(".agent")).size() == 1_000);
        wait.until(b -> b.findElements(By.cssSelector(".queue:not(.routing-point)")).size() == 10);
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeScript(
                "window.longTasks = [];"
                    + "new PerformanceObserver((list) => list.getEntries().forEach("
                    + "(e) => window.longTasks.push(e.duration))).observe({entryTypes: ['longtask']});");
        Thread.sleep(15_000);
        Object tasks =
            ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.longTasks;");
        List<?> durations = tasks instanceof List<?> list ? list : List.of();
        double longest =
            durations.stream().mapToDouble(d -> ((Number) d).doubleValue()).max().orElse(0);
        String figures =
            String.format(
                java.util.Locale.ROOT,
                "1,000 agents, 10 queues, 15 s of live updates: %d main-thread tasks over 50 ms,"
                    + " the longest %.0f ms%n",
                durations.size(),
                longest);
        System.out.print(figures);
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.writeString(Path.of("target", "screenshots", "thousand-agents.txt"), figures);
        assertThat(browser.findElements(By.cssSelector(".agent"))).hasSize(1_000);
        screenshot(browser, "wallboard-thousand-agents");
      } finally {
        browser.quit();
      }
    }
  }

  /** The service as {@code switchboard run} wires it, on topics of its own. */
  private Service service(String name) {
    TopicNames topics = new TopicNames(name + "-agentstate", name + "-callthread");
    Path data = dir.resolve(name);
    Service.Settings settings =
        new Service.Settings(
            DirectoryFile.demo("switchboard-test"),
            Optional.of(SharedKafka.bootstrapServers()),
            data,
            0,
            Map.of(),
            topics,
            3,
            java.util.Optional.of((short) 1),
            new InetSocketAddress("127.0.0.1", 0));
    return Service.start(
        settings,
        io.switchboard.journal.JournalSettings.of(data.resolve("journal")),
        bootstrap ->
            Optional.of(
                WallboardMount.start(
                    WallboardCommand.settings(bootstrap, settings, ServiceConfig.empty())
                        .withApplicationId("wallboard-" + name))));
  }

  private static String agentState(WebDriver b, String agent) {
    List<WebElement> tiles = b.findElements(By.cssSelector(".agent[data-agent='" + agent + "']"));
    if (tiles.isEmpty()) {
      return "";
    }
    String classes = tiles.get(0).getAttribute("class");
    for (String c : classes.split(" ")) {
      if (c.startsWith("state-")) {
        return c.substring("state-".length());
      }
    }
    return "";
  }

  private static String waiting(WebDriver b, String queue) {
    return queueFigure(b, queue, ".waiting");
  }

  private static String queueFigure(WebDriver b, String queue, String css) {
    List<WebElement> found =
        b.findElements(By.cssSelector(".queue[data-queue='" + queue + "'] " + css));
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  private static List<String> events(WebDriver b) {
    return b.findElements(By.cssSelector("#diagram g.step")).stream()
        .map(e -> e.getAttribute("data-event"))
        .toList();
  }

  /** Headless Chromium, or a failure saying how to install it (a skip only when allowed). */
  private WebDriver browser() throws Exception {
    Optional<Path> chromium = executable("chromium", "chromium-browser");
    Optional<Path> driver = executable("chromedriver");
    if (chromium.isEmpty() || driver.isEmpty()) {
      String missing =
          "headless Chromium is not installed (Debian packages chromium and chromium-driver:"
              + " apt-get install chromium chromium-driver)";
      Assumptions.assumeFalse(Boolean.getBoolean("wallboard.browser.optional"), missing);
      throw new AssertionError(missing + "; -Dwallboard.browser.optional=true skips this test");
    }
    // its profile in the test's directory, deleted with it
    WebDriver browser =
        browser(chromium.get(), driver.get(), Files.createTempDirectory(dir, "chromium-"));
    browser.manage().window().setSize(new Dimension(1400, 900));
    return browser;
  }

  private static WebDriver browser(Path chromium, Path driver, Path profile) throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static JsonNode step(String base, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/tenants/demo/steps"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  /** The first of {@code names} found on the PATH (or in /usr/bin). */
  private static Optional<Path> executable(String... names) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String name : names) {
      for (String d : path.split(File.pathSeparator)) {
        Path candidate = Path.of(d, name);
        if (!d.isEmpty() && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
