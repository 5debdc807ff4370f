package dev.followup.notification.delivery;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/**
 * The shared texts in Spanish. Every method is overridden: one left out would silently fall back to
 * English (MessageTemplatesTest checks that none is).
 */
@Localized("es")
public interface SpanishMessageTexts extends MessageTexts {

  @Override
  @Message("Recibes este correo porque usas Interview follow-up.")
  String footerReason();

  @Override
  @Message("Dejar de recibir recordatorios por correo")
  String footerStopLink();

  @Override
  @Message("Para dejar de recibir recordatorios por correo, abre: {url}")
  String footerStopText(String url);

  @Override
  @Message("Dejar de recibir recordatorios por correo")
  String unsubscribeConfirmTitle();

  @Override
  @Message("¿Dejar de recibir recordatorios por correo?")
  String unsubscribeConfirmHeading();

  @Override
  @Message(
      "Ya no recibirás recordatorios por correo de Interview follow-up. Los que elegiste recibir"
          + " por notificación push o por SMS seguirán llegando igual, y puedes volver a activar"
          + " los correos en tu configuración.")
  String unsubscribeConfirmBody();

  @Override
  @Message("Dejar de recibir correos")
  String unsubscribeButton();

  @Override
  @Message("Recordatorios por correo desactivados")
  String unsubscribeDoneTitle();

  @Override
  @Message(
      "Ya no recibirás recordatorios por correo. Puedes volver a activarlos en tu configuración.")
  String unsubscribeDoneBody();

  @Override
  @Message("tu contacto")
  String yourContact();
}
