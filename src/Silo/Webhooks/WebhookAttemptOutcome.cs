namespace PoseCluster.Silo.Webhooks;

/// <summary>What one delivery attempt means for the event.</summary>
internal enum WebhookAttemptOutcome
{
    /// <summary>A 2xx answer: delivered.</summary>
    Delivered,

    /// <summary>408, 429, 5xx, a timeout or a connection error: worth another attempt.</summary>
    Transient,

    /// <summary>Any other answer (3xx, 4xx): another attempt would fail the same way.</summary>
    Permanent,
}
