package dev.followup.notification.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

/** An IANA time-zone id the JDK knows, such as {@code Europe/Paris}. Null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TimeZoneId.Validator.class)
public @interface TimeZoneId {

  String message() default "must be an IANA time-zone id, e.g. Europe/Paris";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Only region ids: offsets such as +02:00 ignore daylight saving. */
  class Validator implements ConstraintValidator<TimeZoneId, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || (value.contains("/") && ZoneId.getAvailableZoneIds().contains(value));
    }
  }
}
