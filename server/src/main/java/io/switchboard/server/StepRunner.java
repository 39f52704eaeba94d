package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.IdempotencyKeys;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ParsedStep;
import io.switchboard.json.RequestBodies;
import io.switchboard.json.StepFormatException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one step sent over HTTP or WebSocket and makes its answer. */
final class StepRunner {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  /** When a client may send a step again that was refused because the journal is full. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final Tenants tenants;
  private final ApiMeters meters;

  StepRunner(Tenants tenants, ApiMeters meters) {
    this.tenants = tenants;
    this.meters = meters;
  }

  /**
   * Parses {@code node} as a step of {@code tenant}, runs it, and completes once its published
   * events are accepted by the sink: 200 accepted, 422 rejected by the engine (the answer holds the
   * EventError), 503 when the service refused the step before the engine ran it (EventError 201
   * JournalFull, with {@code Retry-After}, or 202 JournalFailed: the answer holds the EventError as
   * for 422) or when the events could not be published.
   *
   * @param sender who sent it: a network stimulus needs a network key or an admin key, a request an
   *     API key or an admin key, and no one may send {@code Advance}
   * @throws ApiError 400 for a body that is not a valid step, or that is {@code Advance}; 403 when
   *     {@code sender} may not send that kind of step; 404 when the tenant is gone
   */
  CompletableFuture<Reply> run(Principal sender, String tenant, JsonNode node) {
    return run(sender, tenant, node, Optional.empty());
  }

  /**
   * Runs the step as {@link #run(Principal, String, JsonNode)} does, once per {@code
   * idempotencyKey}: the same step sent again under the same key (within {@link
   * IdempotencyKeys#WINDOW}, to any instance of a cluster) gets the first answer again and does not
   * run twice.
   *
   * @throws ApiError 400 for a body that is not a valid step or a malformed key, 403 when {@code
   *     sender} may not send that kind of step, 404 when the tenant is gone, 422 when the key was
   *     used for another step
   */
  CompletableFuture<Reply> run(
      Principal sender, String tenant, JsonNode node, Optional<String> idempotencyKey) {
    idempotencyKey.ifPresent(StepRunner::checkKey);
    ParsedStep parsed;
    try {
      parsed = RequestBodies.parse(node, tenant);
    } catch (StepFormatException e) {
      throw new ApiError(400, e.getMessage());
    }
    sender.checkMaySend(parsed.step(), tenant);
    String name = parsed.step().name();
    long start = System.nanoTime();
    try {
      return tenants
          .submit(tenant, parsed.step(), idempotencyKey)
          .orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .handle(
              (outcome, failure) -> {
                if (failure == null) {
                  Reply reply = reply(tenant, name, outcome);
                  meters.step(
                      tenant,
                      reply.status() == 200
                          ? "accepted"
                          : reply.status() == 422 ? "rejected" : "refused",
                      System.nanoTime() - start);
                  return reply;
                }
                meters.step(tenant, "failed", System.nanoTime() - start);
                Throwable cause = unwrap(failure);
                String why =
                    cause instanceof TimeoutException
                        ? "no acknowledgement within " + PUBLISH_TIMEOUT.toSeconds() + " s"
                        : cause.toString();
                return new Reply(
                    503,
                    Bodies.error(
                        503,
                        "the step was taken but its events could not be published: "
                            + why
                            + "; it may still be on record: send it again with the same"
                            + " Idempotency-Key to get its outcome (or have it run, if it was"
                            + " not recorded); see GET /health"));
              });
    } catch (IdempotencyKeys.Conflict e) {
      throw new ApiError(422, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "no tenant '" + tenant + "' (it was removed)");
    }
  }

  /** The header's value: 1 to 255 printable ASCII characters (a UUID, say). */
  private static void checkKey(String key) {
    if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new ApiError(
          400,
          "the Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces"
              + " (a UUID, say)");
    }
  }

  /** The answer to a step that ran, or that the service refused before the engine ran it. */
  static Reply reply(String tenant, String name, Outcome outcome) {
    Optional<ErrorCode> code = outcome.errorCode();
    if (code.isPresent() && code.get().refusedByService()) {
      // not the client's fault: the same step may succeed later
      return new Reply(
          503,
          Bodies.answer(tenant, name, outcome),
          code.get() != ErrorCode.JournalFailed && code.get() != ErrorCode.DiskFull
              ? Map.of("Retry-After", Long.toString(RETRY_AFTER.toSeconds()))
              : Map.of());
    }
    return new Reply(outcome.rejected() ? 422 : 200, Bodies.answer(tenant, name, outcome));
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
