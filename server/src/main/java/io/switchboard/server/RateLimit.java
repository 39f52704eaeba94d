package io.switchboard.server;

/**
 * How many requests one client may send: a token bucket per credential (per remote address on an
 * open API) that holds {@code burst} requests and refills at {@code perSecond}. A request over the
 * limit is answered 429 and changes nothing.
 *
 * @param perSecond the sustained rate, in requests per second
 * @param burst how many requests may come at once
 */
public record RateLimit(double perSecond, int burst) {

  /** 50 requests a second, 100 at once. */
  public static final RateLimit DEFAULT = new RateLimit(50, 100);

  public RateLimit {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "the rate limit must be a positive number of requests per second, was " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException(
          "the rate limit's burst must be at least 1 request, was " + burst);
    }
  }
}
