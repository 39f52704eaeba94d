package io.switchboard.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's event WebSocket for a tenant that another instance of the cluster serves: it is
 * relayed, message for message in both directions, to that instance's event WebSocket, so that a
 * desktop may connect to any instance. When the tenant moves, the instance that served it closes
 * its socket and the relay closes the client's with {@value #MOVED} ("service restart"): the client
 * connects again, to any instance, and registers its DNs again, as after any reconnection.
 *
 * <p>Public only because Jetty calls its listener methods; it is made by {@link Endpoints} alone.
 */
public final class RelaySocket implements Session.Listener.AutoDemanding {

  /** The close code a client gets when the tenant moved: connect again. */
  static final int MOVED = 1012;

  private static final Logger LOG = LoggerFactory.getLogger(RelaySocket.class);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private final URI upstreamUri;
  private final String authorization;
  private final String instance;
  private final String owner;
  private volatile Session session;
  private CompletableFuture<WebSocket> upstream;
  private CompletableFuture<?> toUpstream;
  private CompletableFuture<Void> toClient = CompletableFuture.completedFuture(null);

  RelaySocket(URI upstreamUri, String authorization, String instance, String owner) {
    this.upstreamUri = upstreamUri;
    this.authorization = authorization;
    this.instance = instance;
    this.owner = owner;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
    WebSocket.Builder builder =
        CLIENT
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .header(Forwarder.FORWARDED_BY, instance);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    synchronized (this) {
      upstream = builder.buildAsync(upstreamUri, new Downstream());
      toUpstream = upstream;
    }
    upstream.whenComplete(
        (socket, failure) -> {
          if (failure != null) {
            LOG.debug("relay to {} failed", upstreamUri, failure);
            close(
                MOVED,
                "instance "
                    + owner
                    + ", which serves this tenant, cannot be reached: connect again in a moment");
          }
        });
  }

  @Override
  public void onWebSocketText(String text) {
    synchronized (this) {
      toUpstream =
          toUpstream.thenCompose(
              ignored -> upstream.join().sendText(text, true).thenApply(ws -> (Object) ws));
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback done) {
    done.succeed();
    close(1003, "this WebSocket takes JSON text messages only");
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    CompletableFuture<WebSocket> up;
    synchronized (this) {
      up = upstream;
    }
    if (up != null) {
      up.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "the client closed"));
    }
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("relayed WebSocket to {}: {}", upstreamUri, cause.toString());
    CompletableFuture<WebSocket> up;
    synchronized (this) {
      up = upstream;
    }
    if (up != null) {
      up.thenAccept(WebSocket::abort);
    }
  }

  /** A close reason fits in 123 bytes. */
  private static String shorten(String reason) {
    return reason.length() <= 120 ? reason : reason.substring(0, 100) + "...: connect again";
  }

  private void close(int code, String reason) {
    Session open = session;
    if (open != null && open.isOpen()) {
      open.close(code, reason, Callback.NOOP);
    }
  }

  /** What the serving instance sends, passed on to the client in order. */
  private final class Downstream implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (!last) {
        socket.request(1);
        return null;
      }
      String text = partial.toString();
      partial.setLength(0);
      CompletableFuture<Void> sent;
      synchronized (RelaySocket.this) {
        toClient =
            toClient.thenCompose(
                ignored -> {
                  CompletableFuture<Void> done = new CompletableFuture<>();
                  Session open = session;
                  if (open == null || !open.isOpen()) {
                    done.complete(null);
                  } else {
                    open.sendText(
                        text,
                        Callback.from(() -> done.complete(null), done::completeExceptionally));
                  }
                  return done;
                });
        sent = toClient;
      }
      // read the next message once this one is on its way: the client's pace sets the relay's
      return sent.handle((ok, failure) -> null).thenRun(() -> socket.request(1));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      // the serving instance closed: the tenant moved, or it stopped
      synchronized (RelaySocket.this) {
        toClient.whenComplete(
            (ok, failure) ->
                close(
                    statusCode == WebSocket.NORMAL_CLOSURE ? statusCode : MOVED,
                    statusCode == WebSocket.NORMAL_CLOSURE
                        ? reason
                        : shorten("the tenant's instance closed (" + reason + "): connect again")));
      }
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      close(MOVED, "the instance that serves this tenant went away: connect again");
    }
  }
}
