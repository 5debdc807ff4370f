package dev.followup.notification.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Base64;

/** Base64url text (padding optional) that decodes to exactly {@link #bytes()} bytes. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Base64UrlKey.Validator.class)
public @interface Base64UrlKey {

  String message() default "must be base64url of {bytes} bytes";

  int bytes();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Decodes and counts. */
  class Validator implements ConstraintValidator<Base64UrlKey, String> {
    private int bytes;

    @Override
    public void initialize(Base64UrlKey annotation) {
      bytes = annotation.bytes();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      try {
        return Base64.getUrlDecoder().decode(value.strip()).length == bytes;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
