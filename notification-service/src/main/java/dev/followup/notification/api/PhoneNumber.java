package dev.followup.notification.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A phone number in international form ({@code +} and the country code; spaces, dots, dashes and
 * parentheses allowed) that is a valid number for its country. Null is valid.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PhoneNumber.Validator.class)
public @interface PhoneNumber {

  String message() default "must be a valid phone number in international form, e.g. +14155550123";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks with libphonenumber's metadata. */
  class Validator implements ConstraintValidator<PhoneNumber, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || PhoneNumbers.toE164(value) != null;
    }
  }
}
