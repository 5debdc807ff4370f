package dev.followup.infra;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK's HTTP server, set up for the local providers. */
final class LocalHttpServers {

  static {
    // The JDK's server writes a response's headers and its body in two writes. Without
    // TCP_NODELAY the body waits for the client to acknowledge the headers, which Linux delays by
    // up to 40 ms: a connection then carries at most about 25 requests per second, and the sink,
    // not the service under test, would set the pace. Read once, when the first server starts.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private LocalHttpServers() {}

  /** A server on the loopback interface; port 0 picks a free one. */
  static HttpServer onLoopback(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
  }
}
