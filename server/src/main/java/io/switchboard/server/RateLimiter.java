package io.switchboard.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/** A token bucket per client (see {@link RateLimit}). */
final class RateLimiter {
  /** Beyond this many buckets, full ones are dropped: they hold nothing a new bucket would not. */
  private static final int PRUNE_ABOVE = 10_000;

  private final RateLimit limit;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request from {@code client}'s bucket.
   *
   * @throws ApiError 429 when the bucket is empty
   */
  void acquire(String client) {
    if (buckets.size() > PRUNE_ABOVE) {
      prune();
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(limit.burst(), now()));
    long waitMillis;
    synchronized (bucket) {
      bucket.refill(now(), limit);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      waitMillis = (long) Math.ceil((1 - bucket.tokens) / limit.perSecond() * 1000);
    }
    throw new ApiError(
        429,
        "too many requests from this client: the limit is "
            + limit.perSecond()
            + " a second, "
            + limit.burst()
            + " at once; retry in "
            + waitMillis
            + " ms");
  }

  private long now() {
    return nanoTime.getAsLong();
  }

  private void prune() {
    long now = now();
    buckets
        .values()
        .removeIf(
            bucket -> {
              synchronized (bucket) {
                bucket.refill(now, limit);
                return bucket.tokens >= limit.burst();
              }
            });
  }

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long refilledAt) {
      this.tokens = tokens;
      this.refilledAt = refilledAt;
    }

    void refill(long now, RateLimit limit) {
      double added = (now - refilledAt) / 1e9 * limit.perSecond();
      tokens = Math.min(limit.burst(), tokens + added);
      refilledAt = now;
    }
  }
}
