package io.switchboard.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Calls between pairs of Extensions sent over HTTP by a few workers, as long as it runs, through
 * whatever happens to the service: each worker logs an agent in on one DN of its pair and makes
 * call after call to it (answer, hold, retrieve, user data, release, not ready, ready). Every
 * published event of every acknowledged step is remembered (by key, as a fingerprint) to be looked
 * for on Kafka afterwards.
 *
 * <p>A step refused because the journal is full is sent again a little later: nothing changed. A
 * step whose answer is lost (the service was killed) leaves its pair in an unknown state: the
 * worker waits for the service and carries on with a fresh pair.
 */
final class HttpTraffic implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final long JOURNAL_FULL = 201;

  private final Supplier<String> url;
  private final String tenant;
  private final ConcurrentLinkedQueue<String[]> pairs;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> workers = new ArrayList<>();
  private final AckedEvents acked;

  final AtomicLong requests = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong unknown = new AtomicLong();
  final AtomicLong pairsAbandoned = new AtomicLong();
  private final List<String> firstRejections = new ArrayList<>();

  /** A step that could not be sent: the service is away. */
  private static final class ServiceAway extends Exception {
    private static final long serialVersionUID = 1L;

    ServiceAway(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * @param url the service's current base URL (it changes when the service restarts)
   * @param tenant the tenant whose Extensions are used
   * @param dns the Extensions, used two by two and never again once abandoned
   */
  HttpTraffic(Supplier<String> url, String tenant, List<String> dns) {
    this.url = url;
    this.tenant = tenant;
    this.acked = new AckedEvents(tenant);
    this.pairs = new ConcurrentLinkedQueue<>();
    for (int i = 0; i + 1 < dns.size(); i += 2) {
      pairs.add(new String[] {dns.get(i), dns.get(i + 1)});
    }
  }

  /** Starts {@code count} workers. */
  void start(int count) {
    for (int i = 0; i < count; i++) {
      Thread worker = new Thread(this::work, "traffic-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
  }

  /** The published events of the acknowledged steps. */
  AckedEvents acked() {
    return acked;
  }

  /** The first unexpected rejections, described. */
  List<String> rejections() {
    synchronized (firstRejections) {
      return List.copyOf(firstRejections);
    }
  }

  private void work() {
    while (!stop.get()) {
      String[] pair = pairs.poll();
      if (pair == null) {
        return;
      }
      try {
        cycles(pair[0], pair[1]);
        return;
      } catch (ServiceAway e) {
        pairsAbandoned.incrementAndGet();
        awaitService();
      } catch (IllegalStateException e) {
        pairsAbandoned.incrementAndGet();
      }
    }
  }

  private void cycles(String a, String b) throws ServiceAway {
    step(
        "{\"RequestAgentLogin\": {\"ThisDN\": \""
            + b
            + "\", \"AgentID\": \"A"
            + b
            + "\", \"AgentWorkMode\": \"AutoIn\"}}");
    for (long n = 0; !stop.get(); n++) {
      JsonNode made =
          step("{\"RequestMakeCall\": {\"ThisDN\": \"" + a + "\", \"OtherDN\": \"" + b + "\"}}");
      String c = made.path("ConnID").asText();
      step("{\"RequestAnswerCall\": {\"ThisDN\": \"" + b + "\", \"ConnID\": \"" + c + "\"}}");
      step("{\"RequestHoldCall\": {\"ThisDN\": \"" + a + "\", \"ConnID\": \"" + c + "\"}}");
      step("{\"RequestRetrieveCall\": {\"ThisDN\": \"" + a + "\", \"ConnID\": \"" + c + "\"}}");
      step(
          "{\"RequestAttachUserData\": {\"ThisDN\": \""
              + a
              + "\", \"ConnID\": \""
              + c
              + "\", \"UserData\": {\"Cycle\": "
              + n
              + "}}}");
      step("{\"RequestReleaseCall\": {\"ThisDN\": \"" + b + "\", \"ConnID\": \"" + c + "\"}}");
      step("{\"RequestAgentNotReady\": {\"ThisDN\": \"" + b + "\"}}");
      step("{\"RequestAgentReady\": {\"ThisDN\": \"" + b + "\", \"AgentWorkMode\": \"AutoIn\"}}");
    }
  }

  /**
   * Sends one step until it is answered: refused steps are sent again, a lost answer means the
   * service is away.
   *
   * @throws IllegalStateException if the engine rejected it (the pair is abandoned)
   */
  private JsonNode step(String body) throws ServiceAway {
    while (true) {
      HttpResponse<String> response;
      requests.incrementAndGet();
      try {
        response =
            client.send(
                HttpRequest.newBuilder(URI.create(url.get() + "/v1/tenants/" + tenant + "/steps"))
                    .timeout(REQUEST_TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        unknown.incrementAndGet();
        throw new ServiceAway(e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceAway("interrupted");
      }
      JsonNode answer;
      try {
        answer = Json.mapper().readTree(response.body());
      } catch (IOException e) {
        unknown.incrementAndGet();
        throw new ServiceAway("unreadable answer " + response.statusCode());
      }
      switch (response.statusCode()) {
        case 200 -> {
          accepted.incrementAndGet();
          acked.add(answer);
          return answer;
        }
        case 503 -> {
          if (answer.path("ErrorCode").asLong() == JOURNAL_FULL) {
            // refused before the engine ran it: send it again once the journal has room
            refused.incrementAndGet();
            pause(Duration.ofMillis(200));
            continue;
          }
          unknown.incrementAndGet();
          throw new ServiceAway("status 503: " + response.body());
        }
        case 422 -> {
          rejected.incrementAndGet();
          synchronized (firstRejections) {
            if (firstRejections.size() < 10) {
              firstRejections.add(body + " -> " + answer.path("ErrorMessage").asText());
            }
          }
          throw new IllegalStateException(answer.path("ErrorMessage").asText());
        }
        case 429 -> pause(Duration.ofMillis(100));
        default -> {
          unknown.incrementAndGet();
          throw new ServiceAway("status " + response.statusCode() + ": " + response.body());
        }
      }
    }
  }

  /** Waits until the service answers again (a restart takes a few seconds). */
  private void awaitService() {
    while (!stop.get()) {
      try {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(URI.create(url.get() + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 || health.statusCode() == 503) {
          return;
        }
      } catch (IOException e) {
        // still away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause(Duration.ofMillis(250));
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the workers and waits for them. */
  @Override
  public void close() {
    stop.set(true);
    for (Thread worker : workers) {
      try {
        worker.join(REQUEST_TIMEOUT.toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
