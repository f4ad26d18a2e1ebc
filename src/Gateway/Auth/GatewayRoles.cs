namespace PoseCluster.Gateway.Auth;

/// <summary>Role names (claims) and the authorization policies of the API.</summary>
public static class GatewayRoles
{
    /// <summary>May change things.</summary>
    public const string Admin = "admin";

    /// <summary>May read everything.</summary>
    public const string Viewer = "viewer";

    /// <summary>Policy: any signed-in user or API key (admin or viewer). It is the fallback policy too.</summary>
    public const string ViewPolicy = "view";

    /// <summary>Policy: admins only (every mutation).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>The authentication scheme (API key header or session cookie).</summary>
    public const string Scheme = "PoseCluster";

    /// <summary>The header that carries an API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The session cookie.</summary>
    public const string SessionCookie = "posecluster_session";

    /// <summary>The claim that says how a request was authenticated (<c>session</c> or <c>api-key</c>).</summary>
    public const string MethodClaim = "posecluster:auth";
}
