package dev.followup.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * What every service tells a client whose request cannot be used: the field as the client wrote it
 * (never the resource method's or Java's names), and never the value itself.
 */
class CommonProblemsTest {

  record Candidate(@Email String email) {}

  record Body(@Valid Candidate candidate, List<@NotBlank String> topics, int count) {}

  /** A resource method as the services write them: the body parameter is named {@code request}. */
  static class Resource {
    public void save(@Size(max = 3) String company, @NotNull @Valid Body request) {}
  }

  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

  {
    new NulFreeText().customize(json);
  }

  @Test
  void namesTheFieldsOfTheBodyAsTheClientWroteThem() throws Exception {
    Body body = new Body(new Candidate("not an email"), List.of("salary", " "), 1);

    assertThat(fieldsOf("Acm", body)).containsExactlyInAnyOrder("candidate.email", "topics[1]");
  }

  @Test
  void namesAQueryOrPathParameterByItself() throws Exception {
    assertThat(fieldsOf("Acme Corporation", new Body(null, List.of(), 0)))
        .containsExactly("company");
  }

  @Test
  void callsAMissingBodyTheBody() throws Exception {
    assertThat(fieldsOf("Acm", null)).containsExactly("body");
  }

  @Test
  void namesTheFieldWhoseValueHasTheWrongType() {
    Problem problem = unreadable("{\"candidate\": {\"email\": \"a@b.example\"}, \"count\": \"x\"}");

    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).isEqualTo(Problem.INVALID_REQUEST);
    assertThat(problem.violations())
        .containsExactly(new Problem.Violation("count", CommonProblems.UNREADABLE_VALUE));
    assertThat(problem.detail()).doesNotContain("\"x\"");
  }

  @Test
  void refusesNulInAnyStringAndNamesWhereItWas() {
    Problem problem = unreadable("{\"topics\": [\"salary\", \"on-call\\u0000culture\"]}");

    assertThat(problem.violations())
        .containsExactly(new Problem.Violation("topics[1]", NulFreeText.MESSAGE));
    assertThat(problem.detail()).isEqualTo("Field 'topics[1]' " + NulFreeText.MESSAGE);
  }

  @Test
  void aBodyThatIsNotJsonNamesNoField() {
    Problem problem = unreadable("not json");

    assertThat(problem.violations()).isEmpty();
    assertThat(problem.detail()).startsWith("The body is not valid JSON");
    assertThat(problem.instance()).isEqualTo("/test");
  }

  private List<String> fieldsOf(String company, Body body) throws NoSuchMethodException {
    Method save = Resource.class.getMethod("save", String.class, Body.class);
    Set<ConstraintViolation<Resource>> violations =
        VALIDATOR
            .forExecutables()
            .validateParameters(new Resource(), save, new Object[] {company, body});
    assertThat(violations).isNotEmpty();
    return violations.stream().map(v -> CommonProblems.fieldOf(v.getPropertyPath())).toList();
  }

  private Problem unreadable(String text) {
    JsonProcessingException failure =
        catchThrowableOfType(JsonProcessingException.class, () -> json.readValue(text, Body.class));
    assertThat(failure).as("reading %s", text).isNotNull();
    return CommonProblems.unreadable(failure, "/test");
  }
}
