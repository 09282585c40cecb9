package dev.sluice.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for requests no well-behaved client sends: a forged Host, a
 * Content-Length it does not honour, a chunked body that never stops. Reads one response.
 */
public final class RawHttp {
  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /** A response: status, headers (names lower-cased) and body. */
  public record Response(int status, Map<String, String> headers, String body) {}

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  public static Response exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (SocketException refusedMidway) {
        // The server answered and closed before taking the whole body: read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  /**
   * Sends a chunked body of {@code chunks} chunks of {@code chunkSize} bytes of {@code fill},
   * stopping early if the server closes the connection, then reads the response.
   */
  public static Response chunked(int port, String head, int chunks, int chunkSize, byte fill)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(
          (head + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[chunkSize];
      Arrays.fill(chunk, fill);
      try {
        for (int i = 0; i < chunks; i++) {
          out.write((Integer.toHexString(chunkSize) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (SocketException refusedMidway) {
        // expected when the server refuses the body
      }
      return read(socket.getInputStream());
    }
  }

  /**
   * Opens a connection from {@code localAddress} (any of 127.0.0.0/8 reaches the server) for
   * several requests: the server sees that address as the client's.
   */
  public static Connection open(String localAddress, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(localAddress, 0));
    socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    return new Connection(socket);
  }

  /** A kept-alive connection. */
  public static final class Connection implements AutoCloseable {
    private final Socket socket;

    private Connection(Socket socket) {
      this.socket = socket;
    }

    public Response exchange(String head, byte[] body) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }

    /** Sends raw bytes without reading anything. */
    public void write(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }

    /** Whether the server closed the connection: a read sees the end of the stream. */
    public boolean closedByServer() throws IOException {
      try {
        return socket.getInputStream().read() < 0;
      } catch (SocketException reset) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A JSON POST to / with the given Host header. */
  public static String post(String host, int length) {
    return "POST / HTTP/1.1\r\nHost: "
        + host
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + length;
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine.isEmpty()) {
      throw new IOException("the server closed the connection without a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String length = headers.get("content-length");
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length)));
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int next = in.read(); next >= 0; next = in.read()) {
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(next);
      previous = next;
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
