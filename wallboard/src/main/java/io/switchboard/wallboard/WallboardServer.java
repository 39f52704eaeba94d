package io.switchboard.wallboard;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The wallboard served on its own (without the service's API): every caller sees every tenant, so
 * it listens on a loopback address only.
 */
public final class WallboardServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  private WallboardServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Serves {@code wallboard} on {@code address}.
   *
   * @throws IllegalArgumentException if the address is not a loopback address
   * @throws IOException if it cannot be bound
   */
  public static WallboardServer start(InetSocketAddress address, Wallboard wallboard)
      throws IOException {
    if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the wallboard alone has no keys, so it serves on a loopback address only (such as"
              + " 127.0.0.1), not "
              + address.getHostString()
              + "; to serve it with keys, run it inside the service (switchboard run)");
    }
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("wallboard-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(0);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(wallboard.handler().standalone());
    try {
      server.start();
    } catch (IOException e) {
      stop(server);
      throw e;
    } catch (Exception e) {
      stop(server);
      throw new IOException("cannot serve the wallboard: " + e.getMessage(), e);
    }
    return new WallboardServer(server, connector);
  }

  /** The URL of the page, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + connector.getLocalPort() + "/";
  }

  private static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // it did not start
    }
  }

  @Override
  public void close() {
    stop(server);
  }
}
