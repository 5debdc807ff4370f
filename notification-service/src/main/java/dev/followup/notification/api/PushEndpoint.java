package dev.followup.notification.api;

import dev.followup.notification.delivery.PushConfig;
import dev.followup.notification.domain.PushEndpointRule;
import io.smallrye.config.SmallRyeConfig;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A push service URL this service may post reminders to, by {@link PushEndpointRule}: an absolute
 * https URL with a host and no user information; plain http only where {@code
 * push.allow-insecure-endpoints} is on (the tests, whose push service is local).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PushEndpoint.Validator.class)
public @interface PushEndpoint {

  String message() default "must be an https URL";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks with the deployment's switch, and says why in the violation. */
  class Validator implements ConstraintValidator<PushEndpoint, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      Optional<String> refusal = PushEndpointRule.refusal(value, allowInsecure());
      refusal.ifPresent(
          reason -> {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(reason).addConstraintViolation();
          });
      return refusal.isEmpty();
    }

    /**
     * The switch, read when a value is checked: Quarkus builds the validators while it starts,
     * before the runtime configuration can be read.
     */
    private static boolean allowInsecure() {
      return ConfigProvider.getConfig()
          .unwrap(SmallRyeConfig.class)
          .getConfigMapping(PushConfig.class)
          .allowInsecureEndpoints();
    }
  }
}
