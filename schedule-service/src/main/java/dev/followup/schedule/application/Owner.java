package dev.followup.schedule.application;

/**
 * Whose plan a request may see or change: a candidate within a tenant, both taken from the verified
 * bearer token, never from the request. A step belongs to the candidate and tenant of the
 * completion event that planned it.
 */
public record Owner(String tenantId, String candidateId) {}
