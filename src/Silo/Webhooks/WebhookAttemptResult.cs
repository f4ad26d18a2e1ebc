namespace PoseCluster.Silo.Webhooks;

/// <summary>The result of one delivery attempt.</summary>
/// <param name="Outcome">Delivered, worth retrying, or not.</param>
/// <param name="Status">The HTTP status code (<c>200</c>, <c>503</c>) or what went wrong (<c>timeout</c>, <c>connection refused</c>).</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, when it sent one.</param>
internal readonly record struct WebhookAttemptResult(WebhookAttemptOutcome Outcome, string Status, TimeSpan? RetryAfter = null);
