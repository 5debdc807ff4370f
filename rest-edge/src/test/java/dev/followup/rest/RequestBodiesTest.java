package dev.followup.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strict UTF-8 as RFC 3629 defines it, which Jackson's own reader is not. */
class RequestBodiesTest {

  @Test
  void takesUtf8TextOfEveryLength() {
    String text = "Café, 東京, \uD83D\uDE00 ".repeat(2_000); // Longer than one decoding buffer.
    assertThatCode(() -> RequestBodies.requireUtf8(text.getBytes(StandardCharsets.UTF_8)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnOverlongSlash() {
    byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    assertThatThrownBy(() -> RequestBodies.requireUtf8(body))
        .isInstanceOf(RequestBodies.MalformedUtf8Exception.class)
        .hasMessageContaining("at byte 6");
  }

  @Test
  void refusesCodePointsAboveTheUnicodeRange() {
    byte[] body = {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'};
    assertThatThrownBy(() -> RequestBodies.requireUtf8(body))
        .isInstanceOf(RequestBodies.MalformedUtf8Exception.class);
  }

  @Test
  void refusesASequenceCutShortByTheEnd() {
    byte[] body = {'"', 'a', (byte) 0xE6, (byte) 0x9D};
    assertThatThrownBy(() -> RequestBodies.requireUtf8(body))
        .isInstanceOf(RequestBodies.MalformedUtf8Exception.class)
        .hasMessageContaining("at byte 2");
  }

  @Test
  void tooLargeNamesTheLimitAndThePath() {
    Problem problem = BodySizeLimit.tooLarge(1024, "/interviews");
    assertThat(problem)
        .isEqualTo(
            new Problem(
                Problem.BODY_TOO_LARGE,
                "Request body too large",
                413,
                "The request body may hold at most 1024 bytes",
                "/interviews",
                List.of()));
  }
}
