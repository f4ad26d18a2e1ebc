using Microsoft.AspNetCore.Http;
using PoseCluster.Cluster;

namespace PoseCluster.Gateway.Api;

/// <summary>RFC 7807 problem answers of the API (<c>application/problem+json</c>; validation problems name the fields in <c>errors</c>).</summary>
internal static class ApiProblems
{
    public static IResult Validation(FieldErrors errors, string title = "The request is invalid.", int status = StatusCodes.Status400BadRequest) =>
        Results.ValidationProblem(errors.ToDictionary(), title: title, statusCode: status, detail: Summary(errors));

    public static IResult Field(string field, string message, string title = "The request is invalid.")
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Validation(errors, title);
    }

    public static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");

    public static IResult TooLarge(int maxBytes) => Results.Problem(
        $"The request body exceeds {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large.");

    public static IResult UnsupportedMediaType(string expected) => Results.Problem(
        $"Send the body as {expected}.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type.");

    public static IResult Unavailable(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable.");

    /// <summary>A store error as a problem (never contains a secret: store messages are written not to).</summary>
    public static IResult FromCluster(ClusterException e, string field = "body") => e.Code switch
    {
        ClusterErrorCode.NotFound => NotFound(e.Message),
        ClusterErrorCode.Conflict or ClusterErrorCode.NodeNameConflict => Conflict(e.Message),
        ClusterErrorCode.Invalid => Field(field, e.Message),
        ClusterErrorCode.StoreUnreachable => Unavailable("The cluster store is unreachable."),
        _ => Results.Problem(e.Message, statusCode: StatusCodes.Status500InternalServerError),
    };

    private static string Summary(FieldErrors errors)
    {
        var first = errors.ToDictionary().First();
        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more field(s))" : "";
        return $"{first.Key}: {first.Value[0]}{more}";
    }
}
