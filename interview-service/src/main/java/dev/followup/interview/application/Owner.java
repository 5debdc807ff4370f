package dev.followup.interview.application;

/**
 * Whose data a request may touch: a candidate within a tenant, both taken from the verified bearer
 * token. Every read and write of the application services is scoped to one owner.
 */
public record Owner(String tenantId, String candidateId) {}
