package io.switchboard.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket with a small receive buffer, that reads only when told to:
 * the client that does not keep up, which no library client can be made to be.
 */
final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawWebSocket(String url, String path, String key) throws IOException {
    URI uri = URI.create(url);
    socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.setSoTimeout((int) Client.PATIENCE.toMillis());
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer "
            + key
            + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = headers();
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("the upgrade was refused: " + status);
    }
  }

  private String headers() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the server closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Sends one masked text frame. */
  void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 125) {
      throw new IllegalArgumentException("this client sends short frames only");
    }
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = {1, 2, 3, 4};
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    out.write(frame);
    out.flush();
  }

  /**
   * Reads frames until the next text message, skipping control frames (the server's pings).
   *
   * @throws IOException if none comes within {@link Client#PATIENCE}, or the server closes first
   */
  String readText() throws IOException {
    long deadline = System.nanoTime() + Client.PATIENCE.toNanos();
    while (true) {
      Frame frame = readFrame(deadline);
      if (frame.opcode() == 0x1) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
      }
      if (frame.opcode() == 0x8) {
        throw new EOFException("the server closed instead of sending a message: " + frame.close());
      }
    }
  }

  /**
   * Reads frames until the server's close frame, and returns "CODE REASON".
   *
   * @throws IOException if it does not come within {@link Client#PATIENCE} (the server's pings do
   *     not extend the wait)
   */
  String readUntilClose() throws IOException {
    long deadline = System.nanoTime() + Client.PATIENCE.toNanos();
    while (true) {
      Frame frame = readFrame(deadline);
      if (frame.opcode() == 0x8) {
        return frame.close();
      }
    }
  }

  private record Frame(int opcode, byte[] payload) {
    String close() {
      int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private Frame readFrame(long deadline) throws IOException {
    if (System.nanoTime() - deadline > 0) {
      throw new SocketTimeoutException(
          "no close frame or message came within " + Client.PATIENCE.toSeconds() + " s");
    }
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  InputStream input() {
    return in;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
