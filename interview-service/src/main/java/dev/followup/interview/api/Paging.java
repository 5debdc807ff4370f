package dev.followup.interview.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The {@code page} and {@code size} query parameters of every list. */
public class Paging {

  @QueryParam("page")
  @DefaultValue("0")
  @Min(0)
  @Parameter(description = "Page number, from 0", example = "0")
  public int page;

  @QueryParam("size")
  @DefaultValue("20")
  @Min(1)
  @Max(100)
  @Parameter(description = "Items per page, 1 to 100", example = "20")
  public int size;
}
