package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random request sequences and random bytes thrown at the API, reproducible from their seed: the
 * service never answers 5xx, the engine's invariants hold after every action, a refused request
 * changes nothing, and the other tenant is never affected.
 *
 * <p>30 seeds run in the build; {@code -Dswitchboard.randomTraffic.seeds=1000} (and {@code
 * .firstSeed}) runs more, and a failure names its seed and the actions that led to it.
 */
class RandomTrafficTest {
  private static final int ACTIONS = 60;
  private static final List<String> REQUESTS =
      List.of(
          "RequestMakeCall",
          "RequestAnswerCall",
          "RequestReleaseCall",
          "RequestHoldCall",
          "RequestRetrieveCall",
          "RequestAttachUserData",
          "RequestUpdateUserData",
          "RequestDeleteUserData",
          "RequestDeletePair",
          "RequestAgentLogin",
          "RequestAgentLogout",
          "RequestAgentReady",
          "RequestAgentNotReady",
          "RequestSetDNDOn",
          "RequestSetDNDOff",
          "RequestSetCallForward",
          "RequestCancelCallForward",
          "InboundCall",
          "RemoteAnswer",
          "RemoteRelease",
          "RequestFly");
  private static final List<String> ATTRIBUTES =
      List.of(
          "ThisDN",
          "OtherDN",
          "ConnID",
          "AgentID",
          "ThisQueue",
          "AgentWorkMode",
          "UserData",
          "ReferenceID",
          "Keys",
          "Key",
          "ForwardMode",
          "From",
          "To",
          "DN",
          "Reasons");

  private static final String NOISE = "{}[]\":,\\0a \u00e9\u0000";

  static LongStream seeds() {
    long first = Long.getLong("switchboard.randomTraffic.firstSeed", 1);
    return LongStream.range(first, first + Long.getLong("switchboard.randomTraffic.seeds", 30));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theServiceHoldsUnderRandomTraffic(long seed) throws Exception {
    Random random = new Random(seed);
    List<String> log = new ArrayList<>();
    try (TestServer server = new TestServer();
        WsClient acmeSocket = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY);
        WsClient globexSocket =
            WsClient.connect(server.api.url(), "globex", TestServer.GLOBEX_KEY)) {
      server.globex.step(
          "globex", "{\"RequestMakeCall\": {\"ThisDN\": \"6001\", \"OtherDN\": \"6002\"}}");
      globexSocket.send("{\"register\": [\"6001\", \"6002\", \"7101\"]}");
      globexSocket.next("registered");
      acmeSocket.send("{\"register\": [\"5001\", \"5002\", \"5003\"]}");
      acmeSocket.next("registered");
      String globex = server.digest("globex");
      for (int i = 0; i < ACTIONS; i++) {
        try {
          act(random, server, acmeSocket, globex, seed, i, log);
        } catch (RuntimeException e) {
          throw new AssertionError("seed " + seed + ", after\n" + String.join("\n", log), e);
        }
      }
      drain(acmeSocket, "seed " + seed);
      assertThat(globexSocket.takeAllBeforeARoundTrip())
          .as("events reached globex's client")
          .isEmpty();
    }
  }

  private static void act(
      Random random,
      TestServer server,
      WsClient acmeSocket,
      String globex,
      long seed,
      int i,
      List<String> log)
      throws InterruptedException {
    String before = server.digest("acme");
    int kind = random.nextInt(10);
    String what;
    int status;
    if (kind < 5) {
      what = step(random, server);
      status = sender(server, what).step("acme", what).status();
    } else if (kind < 7) {
      what = mutate(random, step(random, server));
      status = sender(server, what).step("acme", what).status();
    } else if (kind == 7) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      what = "bytes of seed " + seed + " #" + i;
      status =
          Client.send(
                  HttpRequest.newBuilder(URI.create(server.api.url() + "/v1/tenants/acme/steps"))
                      .header("Authorization", "Bearer " + TestServer.ACME_KEY)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                      .build())
              .status();
    } else if (kind == 8) {
      Endpoints.Route route = Endpoints.ROUTES.get(random.nextInt(Endpoints.ROUTES.size()));
      String key = pick(random, List.of(TestServer.ACME_KEY, "", "garbage-key-0000000000"));
      what = route.method() + " " + route.path() + " with " + (key.isEmpty() ? "no key" : key);
      String path =
          route
              .path()
              .replace("{tenant}", pick(random, List.of("acme", "globex", "nobody")))
              .replace("{dn}", pick(random, List.of("5001", "6001", "x")))
              .replace("{agent}", "a1")
              .replace("{connId}", "0000000000000001@acme")
              .replace("{schema}", pick(random, List.of("EventRinging.json", "x.json")));
      status =
          new Client(server.api.url(), key)
              .send(route.method(), path, random.nextBoolean() ? "" : step(random, server))
              .status();
      if (route.path().equals("/v1/admin/reload")) {
        // an open test server has no file to reload; nothing else here changes tenants
        assertThat(status).isNotEqualTo(200);
      }
    } else {
      what =
          "socket: "
              + (random.nextBoolean()
                  ? step(random, server)
                  : mutate(random, step(random, server)));
      acmeSocket.send(what.substring("socket: ".length()));
      status = replyStatus(acmeSocket);
    }
    log.add(i + ": " + status + " " + what);
    String context = "seed " + seed + ", after\n" + String.join("\n", log);
    assertThat(status).as(context).isLessThan(500);
    assertThat(server.violations("acme")).as(context).isEmpty();
    assertThat(server.digest("globex")).as(context).isEqualTo(globex);
    if (status >= 400 && status != 422 || status == 422 && !what.startsWith("socket")) {
      assertThat(server.digest("acme"))
          .as("a refused request changed acme; " + context)
          .isEqualTo(before);
    }
  }

  /** Stimuli come from acme's switch side, requests (and everything else) from its client side. */
  private static Client sender(TestServer server, String step) {
    boolean stimulus =
        step.startsWith("{\"InboundCall\"")
            || step.startsWith("{\"RemoteAnswer\"")
            || step.startsWith("{\"RemoteRelease\"");
    return stimulus ? server.acmeNetwork : server.acme;
  }

  /** Waits for the one answer a message gets on the socket (events may come before it). */
  private static int replyStatus(WsClient socket) throws InterruptedException {
    while (true) {
      JsonNode message = socket.next();
      switch (message.get("type").asText()) {
        case "event":
          continue;
        case "answer":
        case "error":
          return message.get("status").asInt();
        default:
          return 200;
      }
    }
  }

  private static void drain(WsClient socket, String context) throws InterruptedException {
    for (JsonNode message : socket.takeAllBeforeARoundTrip()) {
      assertThat(message.path("status").asInt(200)).as(context + ": " + message).isLessThan(500);
    }
  }

  /** A step that is often valid, naming DNs and calls that exist, and sometimes not. */
  private static String step(Random random, TestServer server) {
    List<String> connIds = new ArrayList<>();
    server.tenants.view("acme").calls().forEach(c -> connIds.add(c.connId().toString()));
    server.tenants.view("globex").calls().forEach(c -> connIds.add(c.connId().toString()));
    connIds.add("00000000000000ff");
    List<String> dns = List.of("5001", "5002", "5003", "7001", "6001", "9999", "+14155550100", "");
    String name = pick(random, REQUESTS);
    StringBuilder body = new StringBuilder("{\"" + name + "\": {");
    int count = random.nextInt(5);
    List<String> used = new ArrayList<>();
    for (String attribute : List.of("ThisDN", "OtherDN", "ConnID")) {
      if (random.nextInt(4) > 0) {
        used.add(attribute);
      }
    }
    for (int i = 0; i < count; i++) {
      String attribute = pick(random, ATTRIBUTES);
      if (!used.contains(attribute)) {
        used.add(attribute);
      }
    }
    List<String> pairs = new ArrayList<>();
    for (String attribute : used) {
      pairs.add("\"" + attribute + "\": " + value(random, attribute, dns, connIds));
    }
    return body.append(String.join(", ", pairs)).append("}}").toString();
  }

  private static String value(
      Random random, String attribute, List<String> dns, List<String> connIds) {
    switch (attribute) {
      case "ConnID":
        return "\"" + pick(random, connIds) + "\"";
      case "UserData":
      case "Reasons":
        return random.nextInt(10) == 0
            ? "{\"big\": \"" + "x".repeat(17_000) + "\"}"
            : "{\"k" + random.nextInt(3) + "\": \"v\", \"n\": " + random.nextInt(100) + "}";
      case "ReferenceID":
        return String.valueOf(random.nextInt(3) - 1);
      case "Keys":
        return "[\"k0\", \"k1\"]";
      case "AgentWorkMode":
        return "\""
            + pick(random, List.of("AutoIn", "ManualIn", "AuxWork", "AfterCallWork", "Nope"))
            + "\"";
      case "ForwardMode":
        return "\"" + pick(random, List.of("Unconditional", "OnBusy", "None", "Sideways")) + "\"";
      case "AgentID":
        return "\"a" + random.nextInt(3) + "\"";
      case "Key":
        return "\"k" + random.nextInt(3) + "\"";
      default:
        return random.nextInt(12) == 0
            ? String.valueOf(random.nextInt(9000))
            : "\"" + pick(random, dns) + "\"";
    }
  }

  private static String mutate(Random random, String json) {
    StringBuilder text = new StringBuilder(json);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && text.length() > 0; i++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(4)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
        case 2 -> text.setLength(at);
        default -> text.replace(at, Math.min(text.length(), at + 3), "null");
      }
    }
    return text.toString();
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
