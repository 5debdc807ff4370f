package dev.followup.notification.api;

import dev.followup.notification.delivery.PushConfig;
import io.smallrye.config.SmallRyeConfig;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A push service URL this service may post reminders to: an absolute https URL with a host and no
 * user information. Web Push (RFC 8030) runs over https only, and the URL comes from the client:
 * plain http would let anyone have the service post to addresses inside its own network, and user
 * information would be sent along as credentials. Plain http is taken only where {@code
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
      Optional<String> refusal = refusal(value, allowInsecure());
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

    /** Why {@code endpoint} is refused, or empty if it is taken. */
    static Optional<String> refusal(String endpoint, boolean allowInsecure) {
      String notAUrl = allowInsecure ? "must be an http(s) URL" : "must be an https URL";
      URI uri;
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        return Optional.of(notAUrl);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      if (!scheme.equalsIgnoreCase("https")
          && !(allowInsecure && scheme.equalsIgnoreCase("http"))) {
        return Optional.of(notAUrl);
      }
      if (uri.getRawUserInfo() != null) {
        return Optional.of("must not contain user information");
      }
      if (uri.getHost() == null) {
        // Also an authority that does not parse as user@host:port, say one with two '@'.
        return Optional.of("must name a host");
      }
      return Optional.empty();
    }
  }
}
