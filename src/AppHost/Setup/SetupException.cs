namespace PoseCluster.AppHost.Setup;

/// <summary>A set-up step failed; the message says what to do.</summary>
public sealed class SetupException(string message) : Exception(message);
