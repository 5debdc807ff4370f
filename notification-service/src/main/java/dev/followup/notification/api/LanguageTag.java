package dev.followup.notification.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.IllformedLocaleException;
import java.util.Locale;

/** A well-formed BCP 47 language tag such as {@code en} or {@code fr-CA}. Null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = LanguageTag.Validator.class)
public @interface LanguageTag {

  String message() default "must be a BCP 47 language tag, e.g. en or fr-CA";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Strict parsing: {@link Locale#forLanguageTag} alone accepts anything. */
  class Validator implements ConstraintValidator<LanguageTag, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      try {
        return !new Locale.Builder().setLanguageTag(value).build().getLanguage().isEmpty();
      } catch (IllformedLocaleException e) {
        return false;
      }
    }
  }
}
