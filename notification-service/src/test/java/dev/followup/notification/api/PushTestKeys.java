package dev.followup.notification.api;

/** The VAPID pair configured for tests (application.properties, %test profile). */
public final class PushTestKeys {
  public static final String VAPID_PUBLIC_KEY =
      "BDEfWqULiS46AgMoHo6MiHsRHS58olvrkGjSbPLX5-yJcapHMCLWIm6H8ZLTFCv4xGgHLzhTp0hUYFsU4IMfJk0";

  private PushTestKeys() {}
}
