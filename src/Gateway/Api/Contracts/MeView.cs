namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>Who the caller is.</summary>
/// <param name="Name">User name, or <c>key:NAME</c>.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
/// <param name="Method"><c>session</c> or <c>api-key</c>.</param>
public sealed record MeView(string Name, string Role, string Method);
