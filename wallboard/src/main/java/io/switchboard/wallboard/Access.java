package io.switchboard.wallboard;

/**
 * Who is asking, as the HTTP server that mounts the wallboard established it (from the request's
 * key): which tenants it may watch.
 */
public interface Access {
  /** Whether the request was identified (a valid key, or a server without keys). */
  boolean identified();

  /** Whether it may watch {@code tenant}. */
  boolean mayRead(String tenant);

  /** Every tenant: a server without keys, or an admin key. */
  Access ALL =
      new Access() {
        @Override
        public boolean identified() {
          return true;
        }

        @Override
        public boolean mayRead(String tenant) {
          return true;
        }
      };

  /** No key where keys are needed: the page itself, nothing of any tenant. */
  Access NONE =
      new Access() {
        @Override
        public boolean identified() {
          return false;
        }

        @Override
        public boolean mayRead(String tenant) {
          return false;
        }
      };
}
